// Grafana's own Time series component (@grafana/ui, as the core Time series panel draws it), for checking
// that a datasource's field config alone — without the Bandscope panel — draws the band.
import React, { useMemo } from 'react';

import { applyFieldOverrides, type DataFrame, type TimeRange } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { TimeSeries, useTheme2 } from '@grafana/ui';

import { PanelFrame } from './theme';

/** The core Time series panel's field defaults (its fieldConfig custom defaults); datasource config wins. */
const TIMESERIES_CUSTOM_DEFAULTS = {
  drawStyle: 'line',
  lineInterpolation: 'linear',
  lineWidth: 1,
  fillOpacity: 0,
  gradientMode: 'none',
  showPoints: 'auto',
  pointSize: 5,
  axisPlacement: 'auto',
  axisBorderShow: false,
  spanNulls: false,
  barAlignment: 0,
  stacking: { mode: 'none', group: 'A' },
  thresholdsStyle: { mode: 'off' },
  hideFrom: { legend: false, tooltip: false, viz: false },
  scaleDistribution: { type: 'linear' },
};

export function TimeSeriesHost({
  frames,
  timeRange,
  width,
  height,
  title,
}: {
  frames: DataFrame[];
  timeRange: TimeRange;
  width: number;
  height: number;
  title: string;
}) {
  const theme = useTheme2();
  const prepared = useMemo(() => {
    const withDefaults = frames.map((f) => ({
      ...f,
      fields: f.fields.map((field) => ({
        ...field,
        config: {
          color: { mode: 'palette-classic' },
          ...field.config,
          custom: { ...TIMESERIES_CUSTOM_DEFAULTS, ...field.config.custom },
        },
      })),
    }));
    return applyFieldOverrides({
      data: withDefaults,
      fieldConfig: { defaults: {}, overrides: [] },
      replaceVariables: (s, scoped) => getTemplateSrv().replace(s, scoped),
      theme,
      timeZone: 'utc',
    });
  }, [frames, theme]);
  return (
    <PanelFrame title={title} width={width} height={height} theme={theme}>
      <div data-testid="host-timeseries">
        <TimeSeries
          frames={prepared}
          timeRange={timeRange}
          timeZone="utc"
          width={width - 16}
          height={height - 48}
          legend={{ showLegend: true, displayMode: 'list' as never, placement: 'bottom', calcs: [] }}
        />
      </div>
    </PanelFrame>
  );
}
