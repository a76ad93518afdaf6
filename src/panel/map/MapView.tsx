import React from 'react';

import { type PanelProps } from '@grafana/data';

// Placeholder until the map view lands (web traffic issue).
export function MapView({ width, height }: Pick<PanelProps, 'data' | 'width' | 'height' | 'timeZone'>) {
  return <div data-testid="bandscope-map" style={{ width, height }} />;
}
