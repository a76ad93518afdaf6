// Grafana's own Time series component (@grafana/ui, as the core Time series panel draws it), for checking
// that a datasource's field config alone — without the Bandscope panel — draws the band, and as the
// baseline of `bench:panel` (first paint and hover → tooltip).
import React, { useMemo } from 'react';

import {
  applyFieldOverrides,
  type DataFrame,
  FieldType,
  formattedValueToString,
  getFieldDisplayName,
  type TimeRange,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { SeriesTable, TimeSeries, TooltipPlugin2, type UPlotConfigBuilder, useTheme2 } from '@grafana/ui';

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
  if (!prepared.some(graphable)) {
    // As the core panel does (PanelDataErrorView): uPlot needs a time and a number field to draw anything.
    return (
      <PanelFrame title={title} width={width} height={height} theme={theme}>
        <div data-testid="host-timeseries-nodata">No data</div>
      </PanelFrame>
    );
  }
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
        >
          {(config, alignedFrame) => {
            exposePlot(config);
            // The core panel's default tooltip: mode "single" (TooltipHoverMode.xOne), the series nearest the cursor.
            return (
              <TooltipPlugin2
                config={config}
                hoverMode={0}
                render={(u, dataIdxs, seriesIdx) => (
                  <SingleTooltip frame={alignedFrame} dataIdxs={dataIdxs} seriesIdx={seriesIdx} />
                )}
              />
            );
          }}
        </TimeSeries>
      </div>
    </PanelFrame>
  );
}

/** A frame the Time series can draw: a time field and a number field. */
const graphable = (frame: DataFrame) =>
  frame.fields.some((f) => f.type === FieldType.time) && frame.fields.some((f) => f.type === FieldType.number);

const exposed = new WeakSet<UPlotConfigBuilder>();

/** bench:panel reads the plot (window.__timeSeriesPlot) to hover a series' point, as single mode needs. */
function exposePlot(config: UPlotConfigBuilder) {
  if (!exposed.has(config)) {
    exposed.add(config);
    config.addHook('init', (u) => {
      (window as unknown as { __timeSeriesPlot: unknown }).__timeSeriesPlot = u;
    });
  }
}

/** What the core panel's TimeSeriesTooltip shows in single mode: the time and the hovered series' value. */
function SingleTooltip({
  frame,
  dataIdxs,
  seriesIdx,
}: {
  frame: DataFrame;
  dataIdxs: Array<number | null>;
  seriesIdx: number | null | undefined;
}) {
  const xField = frame.fields[0];
  const xIdx = dataIdxs.find((i) => i != null) ?? null;
  if (xIdx == null) {
    return null;
  }
  const t = xField.values[xIdx];
  const field = seriesIdx != null ? frame.fields[seriesIdx] : undefined;
  const idx = seriesIdx != null ? dataIdxs[seriesIdx] : null;
  const display = field && idx != null && field.display ? field.display(field.values[idx]) : undefined;
  return (
    <div data-testid="host-tooltip" data-time={t} data-series={field ? getFieldDisplayName(field, frame) : ''}>
      <SeriesTable
        timestamp={xField.display ? formattedValueToString(xField.display(t)) : String(t)}
        series={
          field && display
            ? [
                {
                  color: display.color,
                  label: getFieldDisplayName(field, frame),
                  value: formattedValueToString(display),
                  isActive: true,
                },
              ]
            : []
        }
      />
    </div>
  );
}
