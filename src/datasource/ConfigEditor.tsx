import React from 'react';

import { type DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Text } from '@grafana/ui';

export function ConfigEditor(_props: DataSourcePluginOptionsEditorProps) {
  return <Text element="p">Bandscope wraps another datasource.</Text>;
}
