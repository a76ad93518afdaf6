import React from 'react';

import { type PanelProps } from '@grafana/data';
import { Text } from '@grafana/ui';

// Placeholder: the band chart lands with the panel issue.
export function BandscopePanel({ data, width, height }: PanelProps) {
  const series = data.series.length;
  return (
    <div data-testid="bandscope-panel" style={{ width, height }}>
      <Text element="p">Bandscope panel: {series} frame(s)</Text>
    </div>
  );
}
