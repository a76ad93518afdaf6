import React from 'react';

import { type PanelProps } from '@grafana/data';

import { BandChart } from './bands/BandChart';
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
  if (options.view === 'map') {
    return (
      <div data-testid="bandscope-panel" data-view="map" style={{ width, height }}>
        <MapView {...({ data, width, height, timeZone, options } as React.ComponentProps<typeof MapView>)} />
      </div>
    );
  }
  // 'combined' draws the band chart until the map's CombinedView (src/panel/map/) exists.
  return (
    <div data-testid="bandscope-panel" data-view={options.view ?? 'bands'} style={{ width, height }}>
      <BandChart
        frames={data.series}
        options={options}
        width={width}
        height={height}
        timeZone={timeZone}
        timeRange={{ from: timeRange.from.valueOf(), to: timeRange.to.valueOf() }}
        onChangeTimeRange={(r) => onChangeTimeRange({ from: r.from, to: r.to })}
      />
    </div>
  );
}
