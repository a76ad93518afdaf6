import React from 'react';

import { type PanelProps } from '@grafana/data';

import { BandChart } from './bands/BandChart';
import { CombinedView } from './map/CombinedView';
import { MapView } from './map/MapView';
import type { BandscopeOptions } from './types';

export function BandscopePanel({
  data,
  width,
  height,
  options,
  timeZone,
  timeRange,
  onChangeTimeRange,
}: PanelProps<BandscopeOptions>) {
  const view = options.view ?? 'bands';
  const onZoom = (r: { from: number; to: number }) => onChangeTimeRange({ from: r.from, to: r.to });
  const size = { width, height, timeZone };
  let body: React.ReactNode;
  if (view === 'map') {
    body = <MapView data={data} options={options} {...size} />;
  } else if (view === 'combined') {
    body = <CombinedView data={data} options={options} {...size} timeRange={timeRange} onChangeTimeRange={onZoom} />;
  } else {
    const range = { from: timeRange.from.valueOf(), to: timeRange.to.valueOf() };
    body = <BandChart frames={data.series} options={options} {...size} timeRange={range} onChangeTimeRange={onZoom} />;
  }
  return (
    <div data-testid="bandscope-panel" data-view={view} style={{ width, height }}>
      {body}
    </div>
  );
}
