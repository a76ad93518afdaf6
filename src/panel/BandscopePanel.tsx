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
  if (options.view === 'map') {
    return (
      <div data-testid="bandscope-panel" data-view="map" style={{ width, height }}>
        <MapView {...({ data, width, height, timeZone, options } as React.ComponentProps<typeof MapView>)} />
      </div>
    );
  }
  if (options.view === 'combined') {
    return (
      <div data-testid="bandscope-panel" data-view="combined" style={{ width, height }}>
        <CombinedView
          data={data}
          width={width}
          height={height}
          timeZone={timeZone}
          options={options}
          timeRange={timeRange}
          onChangeTimeRange={(r) => onChangeTimeRange({ from: r.from, to: r.to })}
        />
      </div>
    );
  }
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
