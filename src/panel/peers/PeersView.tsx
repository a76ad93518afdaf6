// The peers view: the series that stand out from their peers in colour over a grey crowd of the others, the
// peers' cluster range as a grey band with a dashed centre, a legend sorted by outlier score (click a series to
// isolate it, click again to go back). The crowd is drawn in one canvas pass (a uPlot hook), not as uPlot series:
// 1,000 series × a day stay one path each, with no per-series legend, cursor or scale work. Until the comparison
// is back (the panel's worker), the crowd alone: every series grey, the legend by name (data-status "crowd").
import React, { useMemo, useState } from 'react';
import type uPlot from 'uplot';

import {
  colorManipulator,
  type DataFrame,
  dateTimeFormat,
  formattedValueToString,
  getValueFormat,
  type GrafanaTheme2,
} from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import {
  DrawStyle,
  LegendDisplayMode,
  PointVisibility,
  TooltipPlugin2,
  UPlotChart,
  UPlotConfigBuilder,
  useTheme2,
  VizLegend,
  type VizLegendItem,
} from '@grafana/ui';

import { validatePopulationParams, type PopulationParams } from '../../detect';
import type { Extent } from '../model/align';
import { NotesLine, notesHeight } from '../NotesLine';
import { ProblemView } from '../ProblemView';
import { timeChartBuilder } from '../bands/config';
import { LinePaths } from '../bands/linePaths';
import { drawCrowd } from './crowd';
import type { PeerSeries, PeersModel } from './model';
import { usePeers } from './usePeers';

export interface PeersViewProps {
  frames: DataFrame[];
  params: PopulationParams;
  width: number;
  height: number;
  timeZone: TimeZone;
  timeRange?: Extent;
  onChangeTimeRange?: (range: Extent) => void;
}

/** Outliers drawn in colour when none is isolated: the highest scores among those flagged at least once. */
export const MAX_HIGHLIGHTED = 8;
/** Legend lines: the highest outlier scores (the rest are named by count). */
export const LEGEND_MAX = 30;

const HIGHLIGHT_COLORS = ['red', 'orange', 'purple', 'blue', 'green', 'yellow', 'dark-red', 'dark-purple'];

export function PeersView(props: PeersViewProps) {
  const { params, width, height } = props;
  const problems = validatePopulationParams(params);
  if (problems.length > 0) {
    return (
      <ProblemView
        title="Invalid peer options"
        severity="error"
        messages={problems.map((p) => `peer ${p.message}`)}
        kinds={['bad-params']}
        width={width}
        height={height}
      />
    );
  }
  return <Peers {...props} />;
}

function Peers({ frames, params, width, height, timeZone, timeRange, onChangeTimeRange }: PeersViewProps) {
  const theme = useTheme2();
  const state = usePeers(frames, params);
  const [isolated, setIsolated] = useState<string | undefined>();
  const model = state.model;
  const highlighted = useMemo(() => {
    if (!model) {
      return [];
    }
    const one = isolated && model.series.find((s) => s.key === isolated);
    return one ? [one] : model.series.filter((s) => s.outlierSteps > 0).slice(0, MAX_HIGHLIGHTED);
  }, [model, isolated]);
  const colors = useMemo(
    () => highlighted.map((_, i) => theme.visualization.getColorByName(HIGHLIGHT_COLORS[i % HIGHLIGHT_COLORS.length])),
    [highlighted, theme]
  );
  // the crowd's paths outlive the chart: the comparison's arrival makes a new one over the same values
  const [crowdPaths] = useState(() => new LinePaths());
  const chart = useMemo(
    () => (model ? chartOf(model, highlighted, colors, theme, timeZone, timeRange, crowdPaths) : undefined),
    [model, highlighted, colors, theme, timeZone, timeRange, crowdPaths]
  );
  if (state.status === 'error') {
    return (
      <ProblemView
        title="Bandscope cannot compare these series"
        messages={[state.error ?? 'unknown error']}
        kinds={['no-numbers']}
        width={width}
        height={height}
      />
    );
  }
  if (!model || !chart) {
    return <div data-testid="bandscope-peers" data-status={state.status} style={{ width, height }} />;
  }
  const legendHeight = Math.min(Math.round(height * 0.35), 8 + 24 * 3);
  const vizHeight = Math.max(40, height - notesHeight(model.notices) - legendHeight);
  const flagged = model.series.filter((s) => s.outlierSteps > 0).length;
  return (
    <div
      data-testid="bandscope-peers"
      data-status={state.status}
      data-origin={model.origin}
      data-ran-in={state.ranIn}
      data-processed={state.processed}
      data-series={model.series.length}
      data-outliers={flagged}
      data-highlighted={highlighted.map((s) => s.name).join('|')}
      data-isolated={isolated ? 'true' : 'false'}
      style={{ width, height }}
    >
      <NotesLine notes={model.notices} />
      <UPlotChart config={chart.config} data={chart.data} width={width} height={vizHeight}>
        <TooltipPlugin2
          config={chart.config}
          hoverMode={1}
          queryZoom={onChangeTimeRange}
          render={(_u, idxs) =>
            idxs[0] == null ? null : (
              <PeersTooltip model={model} highlighted={highlighted} colors={colors} idx={idxs[0]} timeZone={timeZone} />
            )
          }
        />
      </UPlotChart>
      <div style={{ maxHeight: legendHeight, overflowY: 'auto' }}>
        <PeersLegend
          model={model}
          highlighted={highlighted}
          colors={colors}
          crowd={colorManipulator.alpha(theme.colors.text.secondary, 0.6)}
          onClick={(key) => setIsolated((prev) => (prev === key ? undefined : key))}
        />
      </div>
    </div>
  );
}

/** NaN → null (a gap for uPlot). */
function gaps(a: Float64Array): Array<number | null> {
  return Array.from(a, (v) => (v === v ? v : null));
}

interface Chart {
  config: UPlotConfigBuilder;
  data: uPlot.AlignedData;
}

function chartOf(
  model: PeersModel,
  highlighted: PeerSeries[],
  colors: string[],
  theme: GrafanaTheme2,
  timeZone: TimeZone,
  timeRange: Extent | undefined,
  crowdPaths: LinePaths
): Chart {
  const { times } = model;
  const first = times[0];
  const last = times[times.length - 1];
  const overlaps = timeRange && timeRange.from < last && timeRange.to > first;
  const x: [number, number] = overlaps ? [timeRange.from, timeRange.to] : [first, last === first ? first + 1 : last];
  // The y range is the series' values (the crowd is not a uPlot series, so uPlot's autoscale cannot see it), not
  // the cluster range: that is clipped where it reaches past every series. So the range is the same before and
  // after the comparison, and the crowd's kept paths stay valid (a cluster range wider than the crowd would
  // otherwise rescale it, and rebuild 1,000 paths, when the comparison arrives).
  let lo = Infinity;
  let hi = -Infinity;
  for (const { values: arr } of model.series) {
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (v < lo) {
        lo = v;
      }
      if (v > hi) {
        hi = v;
      }
    }
  }
  if (!(lo <= hi)) {
    [lo, hi] = [0, 1];
  }
  const pad = (hi - lo) * 0.05 || 1;
  const b = timeChartBuilder(
    theme,
    timeZone,
    () => x,
    model.series[0]?.field,
    () => [lo - pad, hi + pad]
  );
  const grey = theme.colors.text.secondary;
  const common = {
    scaleKey: 'y',
    theme,
    drawStyle: DrawStyle.Line,
    showPoints: PointVisibility.Never,
    spanNulls: false,
    fillOpacity: 0,
  };
  b.addSeries({ ...common, lineColor: grey, lineWidth: 1, lineStyle: { fill: 'dash', dash: [4, 4] } });
  b.addSeries({ ...common, lineColor: colorManipulator.alpha(grey, 0.3), lineWidth: 1 });
  b.addSeries({ ...common, lineColor: colorManipulator.alpha(grey, 0.3), lineWidth: 1 });
  b.addBand({ series: [2, 3], fill: colorManipulator.alpha(grey, theme.isDark ? 0.14 : 0.12) });
  highlighted.forEach((_, i) => b.addSeries({ ...common, lineColor: colors[i], lineWidth: 2 }));
  const shown = new Set(highlighted);
  const crowd = model.series.filter((s) => !shown.has(s));
  const crowdColor = colorManipulator.alpha(grey, crowd.length > 100 ? 0.15 : 0.35);
  crowdPaths.retain(new Set(crowd.map((s) => s.key)));
  b.addHook('drawAxes', (u: uPlot) => drawCrowd(u, times, crowd, crowdColor, crowdPaths));
  const data = [
    times,
    gaps(model.center),
    gaps(model.high),
    gaps(model.low),
    ...highlighted.map((s) => gaps(s.values)),
  ] as unknown as uPlot.AlignedData;
  return { config: b, data };
}

function PeersLegend({
  model,
  highlighted,
  colors,
  crowd,
  onClick,
}: {
  model: PeersModel;
  highlighted: PeerSeries[];
  colors: string[];
  crowd: string;
  onClick: (key: string) => void;
}) {
  const listed = model.series.slice(0, LEGEND_MAX);
  const items: Array<VizLegendItem<PeerSeries>> = listed.map((s) => {
    const h = highlighted.indexOf(s);
    const score = Math.round(s.outlierScore);
    return {
      label: s.name,
      color: h >= 0 ? colors[h] : crowd,
      yAxis: 1,
      disabled: false,
      data: s,
      getItemKey: () => s.key,
      getDisplayValues: () =>
        model.compared
          ? [
              { numeric: score, text: String(score), title: 'Outlier score' },
              { numeric: s.outlierSteps, text: String(s.outlierSteps), title: 'Outlier steps' },
            ]
          : [],
    };
  });
  const more = model.series.length - listed.length;
  return (
    <div data-testid="bandscope-peers-legend">
      <VizLegend
        placement="bottom"
        displayMode={LegendDisplayMode.List}
        items={items}
        onLabelClick={(item) => onClick(item.data!.key)}
        itemRenderer={undefined}
      />
      {more > 0 && <span>{`and ${more} more series${model.compared ? ' with lower outlier scores' : ''}`}</span>}
      <span hidden>
        {listed.map((s) => (
          <span
            key={s.key}
            data-testid="bandscope-peers-legend-item"
            data-series={s.name}
            data-outlier-score={model.compared ? s.outlierScore : undefined}
            data-outlier-steps={model.compared ? s.outlierSteps : undefined}
          />
        ))}
      </span>
    </div>
  );
}

function PeersTooltip({
  model,
  highlighted,
  colors,
  idx,
  timeZone,
}: {
  model: PeersModel;
  highlighted: PeerSeries[];
  colors: string[];
  idx: number;
  timeZone: TimeZone;
}) {
  const theme = useTheme2();
  const field = model.series[0]?.field;
  const fmt = getValueFormat(field?.config.unit ?? 'short');
  const show = (v: number) => (v === v ? formattedValueToString(fmt(v, field?.config.decimals)) : '–');

  return (
    <div
      data-testid="bandscope-peers-tooltip"
      style={{ padding: theme.spacing(1), fontSize: theme.typography.bodySmall.fontSize }}
    >
      <div style={{ color: theme.colors.text.secondary }}>{dateTimeFormat(model.times[idx], { timeZone })}</div>
      <div>
        {model.compared
          ? `Peers: ${show(model.center[idx])} (range ${show(model.low[idx])} – ${show(model.high[idx])})`
          : 'Comparing the series with their peers…'}
      </div>
      {highlighted.map((s, i) => (
        <div key={s.key} style={{ color: colors[i] }}>
          {`${s.name}: ${show(s.values[idx])}, peer score ${s.score[idx] === s.score[idx] ? s.score[idx].toFixed(1) : '–'}${s.outlier[idx] ? ' (outlier)' : ''}`}
        </div>
      ))}
    </div>
  );
}
