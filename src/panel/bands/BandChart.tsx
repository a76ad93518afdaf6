// The band chart: frames in, bands (from the frames' Bandscope fields or computed here) drawn with uPlot
// through @grafana/ui (UPlotChart, UPlotConfigBuilder, TooltipPlugin2, VizLegend).
// Reused by the map's combined view: keep the props stable.
import React, { useCallback, useEffect, useLayoutEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';

import { type DataFrame, type GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { TooltipPlugin2, UPlotChart, useTheme2 } from '@grafana/ui';

import { alignSeries, type ChartData, type Extent, visibleRange } from '../model/align';
import { anomalyRank, FOCUS_COUNT, focusedSeries, tooltipColumns } from '../model/focus';
import type { BandSeries } from '../model/series';
import { NotesLine, notesHeight } from '../NotesLine';
import { ProblemView } from '../ProblemView';
import { type BandDrawOptions, type DetectorOptions, PARAM_KEYS } from '../types';
import { BandLegend } from './BandLegend';
import { BandTooltip } from './BandTooltip';
import { buildConfig, configStructure } from './config';
import { PlotLink, snapToMarker } from './interaction';
import { useObservedHeight } from './useObservedHeight';
import { useSeriesModel } from './useSeriesModel';

export interface BandChartProps {
  /** Any frames with a time field and numeric fields; Bandscope datasource frames are drawn as they are. */
  frames: DataFrame[];
  /** Detector options (used for frames without Bandscope fields) and drawing options. */
  options: DetectorOptions & BandDrawOptions;
  width: number;
  height: number;
  timeZone: TimeZone;
  /** The dashboard time range; the chart shows it when it overlaps the data (else the data's extent). */
  timeRange?: Extent;
  /** Drag-zoom: the range the user selected (a panel passes its `onChangeTimeRange`). */
  onChangeTimeRange?: (range: Extent) => void;
  /** Click (without drag) on the chart: the time under the cursor. */
  onTimeSelect?: (t: number) => void;
  /** A vertical marker at this time (e.g. the map's time-lapse position). */
  markerTime?: number;
}

/** Series colours: hues the severity markers do not use (green, purple) first, then the classic palette. */
const MARKER_FREE = ['green', 'purple', 'dark-green', 'dark-purple', 'super-light-green', 'super-light-purple'];

function seriesColors(theme: GrafanaTheme2, series: BandSeries[]): string[] {
  const palette = [...MARKER_FREE, ...theme.visualization.palette.filter((c) => !MARKER_FREE.includes(c))];
  return series.map((s, i) => {
    const c = s.field.config.color;
    if (c?.mode === 'fixed' && c.fixedColor) {
      return theme.visualization.getColorByName(c.fixedColor);
    }
    return theme.visualization.getColorByName(palette[i % palette.length]);
  });
}

export function BandChart(props: BandChartProps) {
  const { frames, options, width, height } = props;
  const theme = useTheme2();
  const { layout, showBand, showPrediction, showEpisodes, showLegend, markerSize } = options;
  const draw: BandDrawOptions = { layout, showBand, showPrediction, showEpisodes, showLegend, markerSize };
  // Recompute only when the data or the detector options change (not on drawing options).
  const detectorKey = JSON.stringify(
    Object.fromEntries([['preset', options.preset], ...PARAM_KEYS.map((k) => [k, options[k]])])
  );
  const { model, drawnKey, pending, processed, processedTotal } = useSeriesModel(frames, detectorKey);
  const colors = useMemo(() => seriesColors(theme, model.series), [theme, model.series]);
  const rank = useMemo(() => anomalyRank(model.series), [model.series]);
  const focused = useMemo(() => focusedSeries(model.series, rank), [model.series, rank]);
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const onToggle = useCallback(
    (key: string, isolate: boolean) =>
      setHidden((prev) => {
        if (!isolate) {
          const next = new Set(prev);
          next.has(key) ? next.delete(key) : next.add(key);
          return next;
        }
        const onlyThis = model.series.every((s) => (s.key === key ? !prev.has(s.key) : prev.has(s.key)));
        return onlyThis ? new Set() : new Set(model.series.filter((s) => s.key !== key).map((s) => s.key));
      }),
    [model.series]
  );

  // the legend's lines: which series it lists, and the width they wrap in
  const legendKey = useMemo(
    () =>
      `${width}|${rank
        .slice(0, FOCUS_COUNT)
        .map((i) => model.series[i].key)
        .join('|')}`,
    [width, rank, model.series]
  );
  const [measuredLegend, setLegendEl] = useObservedHeight(legendKey);

  if (model.paramProblems.length > 0) {
    return (
      <ProblemView
        title="Invalid detector options"
        severity="error"
        messages={model.paramProblems.map((p) => p.message)}
        kinds={['bad-params']}
        width={width}
        height={height}
      />
    );
  }
  if (model.series.length === 0) {
    return (
      <ProblemView
        title="Bandscope cannot draw this data"
        messages={model.problems.map((p) => p.message)}
        kinds={model.problems.map((p) => p.kind)}
        width={width}
        height={height}
      />
    );
  }
  const notes = [
    ...model.problems.map((p) => p.message),
    ...model.series
      .filter((s) => s.missing > 0)
      .map((s) => `"${s.name}": ${s.missing} missing value${s.missing === 1 ? '' : 's'} drawn as gaps.`),
  ];
  const legendHeight = draw.showLegend
    ? Math.min(measuredLegend ?? estimateLegendHeight(model.series, rank, width), Math.round(height * 0.35))
    : 0;
  const vizWidth = width;
  const vizHeight = Math.max(40, height - notesHeight(notes) - legendHeight);
  const multiples = draw.layout === 'multiples' && model.series.length > 1;
  // The small multiples share one x range (the same for every series), so they line up.
  const multiplesRange = multiples ? visibleRange(model.series, props.timeRange) : undefined;
  return (
    <div
      data-testid="bandscope-bands"
      data-origin={model.series.map((s) => s.origin).join(' ')}
      data-detector={drawnKey ?? ''}
      data-bands={pending ? 'pending' : 'ready'}
      data-processed={processed}
      data-processed-total={processedTotal}
      style={{ width, height }}
    >
      <NotesLine notes={notes} />
      {multiples ? (
        <div>
          {model.series.map((s, i) => (
            <Chart
              key={s.key}
              {...props}
              timeRange={multiplesRange}
              series={[s]}
              focused={[true]}
              colors={[colors[i]]}
              hidden={[hidden.has(s.key)]}
              draw={draw}
              width={vizWidth}
              height={Math.floor(vizHeight / model.series.length)}
            />
          ))}
        </div>
      ) : (
        <Chart
          {...props}
          series={model.series}
          focused={focused}
          colors={colors}
          hidden={model.series.map((s) => hidden.has(s.key))}
          draw={draw}
          width={vizWidth}
          height={vizHeight}
        />
      )}
      {draw.showLegend && (
        <div ref={setLegendEl} style={{ maxHeight: Math.round(height * 0.35), overflowY: 'auto' }}>
          <BandLegend series={model.series} rank={rank} colors={colors} hidden={hidden} onToggle={onToggle} />
        </div>
      )}
    </div>
  );
}

/** One legend line (VizLegend list item, Inter at the theme's body size), the "N more" line, the padding (CSS px). */
const LEGEND_LINE = 23.421875;
const LEGEND_MORE_LINE = 18.84375;
const LEGEND_PAD = 8;

/**
 * The legend's height before it is measured, so the chart paints in the first frame (VizLayout waits for a
 * measurement, which costs a frame); a ResizeObserver corrects it afterwards if the guess was off. The guess is
 * the measured height (rounded up as the observer rounds it) when the line count is right: a wrong guess resizes
 * the plot, i.e. redraws it, right after its first paint — with 1,000 series, a second draw as long as the first.
 */
function estimateLegendHeight(series: BandSeries[], rank: number[], width: number): number {
  // name + "Anomalies: n  Episodes: n" per line shown; "N more series" on a line of its own (BandLegend)
  const more = series.length > FOCUS_COUNT;
  const shown = more ? rank.slice(0, FOCUS_COUNT).map((i) => series[i]) : series;
  const chars = shown.reduce((a, s) => a + s.name.length + 30, 0);
  const lines = Math.max(1, Math.ceil((chars * 7) / Math.max(200, width - 16)));
  return Math.ceil(LEGEND_PAD + LEGEND_LINE * lines + (more ? LEGEND_MORE_LINE : 0));
}

interface ChartProps extends Omit<BandChartProps, 'frames' | 'options'> {
  series: BandSeries[];
  /** Series drawn with band and prediction (model/focus.ts). */
  focused: boolean[];
  colors: string[];
  hidden: boolean[];
  draw: BandDrawOptions;
}

function Chart({
  series,
  focused,
  colors,
  hidden,
  draw,
  width,
  height,
  timeZone,
  timeRange,
  onChangeTimeRange,
  onTimeSelect,
  markerTime,
}: ChartProps) {
  const theme = useTheme2();
  const from = timeRange?.from;
  const to = timeRange?.to;
  const data: ChartData | undefined = useMemo(
    () =>
      alignSeries(
        series,
        Math.max(1, Math.round(width)),
        from !== undefined && to !== undefined ? { from, to } : undefined,
        focused
      ),
    [series, width, from, to, focused]
  );
  // Live values the plot's hooks read without rebuilding the plot (marker time, callbacks).
  const [live] = useState(() => new PlotLink());
  useEffect(() => {
    live.update(markerTime, onChangeTimeRange, onTimeSelect);
  }, [live, markerTime, onChangeTimeRange, onTimeSelect]);
  const hiddenKey = hidden.join(',');
  const drawKey = JSON.stringify(draw);
  const colorKey = colors.join(',');
  // The hooks draw `live.marker.data`: new data of the same structure (e.g. new bands after a change of k) is
  // `setData` on the same plot; a new plot only when its series change (focus, forecast, hidden, colours).
  const aligned = useMemo(() => live.drawing(data), [live, data]);
  const structure = data ? configStructure(data) : '';
  const configKey = [structure, colorKey, hiddenKey, drawKey].join('|');
  const config = useMemo(() => {
    const d = live.marker.data;
    if (!d || configKey === '') {
      return undefined;
    }
    const b = buildConfig(
      d,
      colorKey.split(','),
      theme,
      timeZone,
      JSON.parse(drawKey) as BandDrawOptions,
      live.marker,
      hiddenKey.split(',').map((h) => h === 'true'),
      live.linePaths
    );
    b.addHook('init', (u: uPlot) => live.attach(u));
    return b;
  }, [configKey, colorKey, theme, timeZone, hiddenKey, drawKey, live]);
  // UPlotChart applies one change per update (size, else config, else data): data that changes with the
  // size (a legend that grows with new series) would not be drawn.
  useLayoutEffect(() => live.show(aligned), [live, aligned]);
  const queryZoom = useCallback((r: Extent) => live.zoom(r), [live]);
  if (!data || !config || !aligned) {
    return null;
  }
  const markers = data.columns.reduce((a, c) => a + c.markers.length, 0);
  const exits = data.columns.reduce((a, c) => a + c.exits.length, 0);
  return (
    <div
      data-testid="bandscope-chart"
      data-marker-count={markers}
      data-exit-count={exits}
      data-points={data.x.length}
      data-series={series.map((s) => s.name).join('|')}
      data-from={data.from}
      data-to={data.to}
      data-now={data.now}
    >
      <UPlotChart key={configKey} config={config} data={aligned} width={width} height={height}>
        <TooltipPlugin2
          config={config}
          hoverMode={1}
          queryZoom={queryZoom}
          render={(u, dataIdxs) => {
            const hit = snapToMarker(u, data, dataIdxs[0], draw.markerSize + 3);
            if (hit == null) {
              return null;
            }
            const top = u.cursor.top;
            const shown = tooltipColumns(
              data,
              hit.idx,
              hidden.map((h) => !h),
              top == null || top < 0 ? NaN : u.posToVal(top, 'y'),
              hit.column
            );
            return (
              <BandTooltip
                data={data}
                colors={colors}
                dataIdx={hit.idx}
                timeZone={timeZone}
                columns={shown.columns}
                more={shown.more}
              />
            );
          }}
        />
      </UPlotChart>
    </div>
  );
}
