import React from 'react';

import { type QueryEditorProps } from '@grafana/data';
import { Text } from '@grafana/ui';

import { type BandscopeDatasource, type BandscopeQuery } from './datasource';

export function QueryEditor(_props: QueryEditorProps<BandscopeDatasource, BandscopeQuery>) {
  return <Text element="p">Pick an upstream datasource.</Text>;
}
