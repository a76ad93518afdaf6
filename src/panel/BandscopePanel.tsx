import React, { useMemo } from 'react';

import { type PanelProps } from '@grafana/data';

import { POPULATION_DEFAULTS } from '../detect';

import { BandChart } from './bands/BandChart';
import { CombinedView } from './map/CombinedView';
import { MapView } from './map/MapView';
import { PeersView } from './peers/PeersView';
import { type BandscopeOptions, withDefaults } from './types';

export function BandscopePanel({
  data,
  width,
  height,
  options,
  timeZone,
  timeRange,
  onChangeTimeRange,
}: PanelProps<BandscopeOptions>) {
  const opts = useMemo(() => withDefaults(options), [options]);
  const view = opts.view;
  const onZoom = (r: { from: number; to: number }) => onChangeTimeRange({ from: r.from, to: r.to });
  const size = { width, height, timeZone };
  let body: React.ReactNode;
  if (view === 'map') {
    body = <MapView data={data} options={opts.map} {...size} />;
  } else if (view === 'combined') {
    body = <CombinedView data={data} options={opts} {...size} timeRange={timeRange} onChangeTimeRange={onZoom} />;
  } else if (view === 'peers') {
    const range = { from: timeRange.from.valueOf(), to: timeRange.to.valueOf() };
    const params = { ...POPULATION_DEFAULTS, ...opts.peers };
    body = <PeersView frames={data.series} params={params} {...size} timeRange={range} onChangeTimeRange={onZoom} />;
  } else {
    const range = { from: timeRange.from.valueOf(), to: timeRange.to.valueOf() };
    body = <BandChart frames={data.series} options={opts} {...size} timeRange={range} onChangeTimeRange={onZoom} />;
  }
  return (
    <div data-testid="bandscope-panel" data-view={view} style={{ width, height }}>
      {body}
    </div>
  );
}
