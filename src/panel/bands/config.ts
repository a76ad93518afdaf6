// The uPlot configuration of one band chart, built with @grafana/ui's UPlotConfigBuilder (the builder the
// core Time series panel uses): per series the value line, the prediction (dashed), the band between low
// and high (uPlot band fill), markers, quiet band exits and episode shading drawn in hooks, in the theme's colours.
import type uPlot from 'uplot';

import {
  colorManipulator,
  type Field,
  formattedValueToString,
  getValueFormat,
  type GrafanaTheme2,
} from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import {
  AxisPlacement,
  DrawStyle,
  LineInterpolation,
  PointVisibility,
  ScaleDirection,
  ScaleOrientation,
  UPlotConfigBuilder,
} from '@grafana/ui';

import { flaggedSeverity } from '../../detect';
import type { ChartData } from '../model/align';
import { severityColor } from '../../palette';
import type { BandDrawOptions } from '../types';
import type { LinePaths } from './linePaths';

/**
 * uPlot series indices of a column (0 is x): its value, then, when its band is drawn, its prediction, band
 * edges and (in a chart with a forecast) the forecast's prediction.
 */
export interface ColumnSeries {
  value: number;
  band?: { predicted: number; high: number; low: number; forecast: number };
}

export function seriesLayout(d: ChartData): ColumnSeries[] {
  const out: ColumnSeries[] = [];
  let next = 1;
  for (const c of d.columns) {
    if (c.band) {
      out.push({ value: next, band: { predicted: next + 1, high: next + 2, low: next + 3, forecast: next + 4 } });
      next += d.now === undefined ? 4 : 5;
    } else {
      out.push({ value: next });
      next += 1;
    }
  }
  return out;
}

export function alignedData(d: ChartData): uPlot.AlignedData {
  const out: Array<ArrayLike<number | null | undefined>> = [d.x];
  for (const c of d.columns) {
    out.push(c.value);
    if (c.band) {
      out.push(c.band.predicted, c.band.high, c.band.low);
      if (d.now !== undefined) {
        out.push(c.band.forecast!);
      }
    }
  }
  return out as unknown as uPlot.AlignedData;
}

/**
 * A hover point (uPlot's cursor point) on the value lines of the series drawn in full, none elsewhere (uPlot
 * skips a series whose `show` returns no element; its typings say it always returns one).
 */
function cursorPoint(pointed: Set<number>) {
  const show = (_u: uPlot, seriesIdx: number): HTMLElement | undefined => {
    if (!pointed.has(seriesIdx)) {
      return undefined;
    }
    const pt = document.createElement('div');
    pt.style.borderWidth = '2px'; // size and colour are set by uPlot on every move
    return pt;
  };
  return show as (u: uPlot, seriesIdx: number) => HTMLElement;
}

/**
 * What the plot's hooks read when they draw, so a new value needs a redraw or `setData`, not a new plot: the
 * map's time marker, and the data drawn (set before `setData`; the data the config was built with until then).
 */
export interface ChartMarker {
  markerTime?: number;
  data?: ChartData;
}

/**
 * What a chart's config depends on in its data: the uPlot series (which columns have a band, whether there is
 * a forecast). Data with the same structure is drawn by `setData` on the same plot.
 */
export function configStructure(d: ChartData): string {
  return `${d.now === undefined ? '' : 'f'}${d.columns.map((c) => (c.band ? 'b' : 'v')).join('')}`;
}

const SEVERITY_ORDER = { warning: 0, minor: 1, major: 2, critical: 3 } as const;

/**
 * A uPlot config builder with the time x axis (its range from `x`) and the value y axis, its ticks in `field`'s
 * unit and decimals; `y` fixes the y range (else uPlot's autoscale over the series).
 */
export function timeChartBuilder(
  theme: GrafanaTheme2,
  timeZone: TimeZone,
  x: () => [number, number],
  field: Field | undefined,
  y?: () => [number, number]
): UPlotConfigBuilder {
  const b = new UPlotConfigBuilder(timeZone);
  b.addScale({
    scaleKey: 'x',
    isTime: true,
    orientation: ScaleOrientation.Horizontal,
    direction: ScaleDirection.Right,
    range: x,
  });
  b.addScale({ scaleKey: 'y', orientation: ScaleOrientation.Vertical, direction: ScaleDirection.Up, range: y });
  b.addAxis({ scaleKey: 'x', isTime: true, placement: AxisPlacement.Bottom, timeZone, theme });
  const fmt = getValueFormat(field?.config.unit ?? 'short');
  b.addAxis({
    scaleKey: 'y',
    placement: AxisPlacement.Left,
    theme,
    formatValue: (v: number, decimals) => formattedValueToString(fmt(v, decimals ?? field?.config.decimals)),
  });
  return b;
}

export function buildConfig(
  d: ChartData,
  colors: string[],
  theme: GrafanaTheme2,
  timeZone: TimeZone,
  draw: BandDrawOptions,
  marker: ChartMarker,
  hidden: boolean[] = [],
  linePaths?: LinePaths
): UPlotConfigBuilder {
  const current = () => marker.data ?? d;
  const b = timeChartBuilder(theme, timeZone, () => [current().from, current().to], d.columns[0]?.series.field);

  const layout = seriesLayout(d);
  if (linePaths) {
    // value lines keep their paths across setData and new plots while their data and geometry stay (linePaths.ts)
    b.addHook('init', (u: uPlot) => {
      const ids = new Set(d.columns.map((c) => c.series.key));
      layout.forEach((l, ci) => linePaths.wrap(u, l.value, d.columns[ci].series.key));
      linePaths.retain(ids);
    });
  }
  d.columns.forEach((c, ci) => {
    const color = colors[ci];
    const show = !hidden[ci];
    const common = {
      show,
      scaleKey: 'y',
      theme,
      drawStyle: DrawStyle.Line,
      lineInterpolation: LineInterpolation.Linear,
      showPoints: PointVisibility.Never,
      pointSize: 4,
      spanNulls: false,
      fillOpacity: 0,
    };
    b.addSeries({ ...common, lineColor: color, lineWidth: 1 });
    const band = layout[ci].band;
    if (!band) {
      return;
    }
    b.addSeries({
      ...common,
      lineColor: colorManipulator.alpha(color, 0.9),
      lineWidth: draw.showPrediction ? 1 : 0,
      lineStyle: { fill: 'dash', dash: [6, 4] },
    });
    const edge = draw.showBand ? colorManipulator.alpha(color, 0.35) : 'transparent';
    b.addSeries({ ...common, lineColor: edge, lineWidth: draw.showBand ? 1 : 0 });
    b.addSeries({ ...common, lineColor: edge, lineWidth: draw.showBand ? 1 : 0 });
    if (d.now !== undefined) {
      // the forecast's prediction is what a forecast shows: drawn even when the past prediction is not
      b.addSeries({ ...common, lineColor: color, lineWidth: 1.5, lineStyle: { fill: 'dash', dash: [8, 5] } });
    }
    if (draw.showBand && show) {
      const fill = colorManipulator.alpha(color, theme.isDark ? 0.16 : 0.2);
      // after "now" the band is a forecast: the same hue, lighter
      const future = colorManipulator.alpha(color, theme.isDark ? 0.07 : 0.09);
      b.addBand({
        series: [band.high, band.low],
        fill: d.now === undefined ? fill : splitFill(() => current().now!, fill, future),
      });
    }
  });
  // Wide charts get no series focus (prox < 0): uPlot would dim every other series and redraw the whole chart
  // each time the nearest series changes — with hundreds of series, every mousemove; the tooltip finds the
  // nearest itself. Narrow ones keep Grafana's focus: the tooltip pins on a click only with a focused series.
  const wide = layout.some((l) => !l.band);
  b.setCursor({
    ...(wide ? { focus: { prox: -1 } } : {}),
    points: { show: cursorPoint(new Set(layout.filter((l) => l.band).map((l) => l.value))) },
  });

  if (draw.showEpisodes) {
    b.addHook('drawClear', (u: uPlot) => {
      const d = current();
      const { ctx } = u;
      const { top, height } = u.bbox;
      ctx.save();
      for (const [ci, c] of d.columns.entries()) {
        if (hidden[ci]) {
          continue;
        }
        for (const e of c.series.episodes) {
          if (e.end < d.from || e.start > d.to) {
            continue;
          }
          const x0 = u.valToPos(Math.max(e.start, d.from), 'x', true);
          const x1 = u.valToPos(Math.min(e.end, d.to), 'x', true);
          const w = Math.max(x1 - x0, 2 * devicePixelRatio);
          ctx.fillStyle = colorManipulator.alpha(severityColor(theme, flaggedSeverity(e.peakScore)), 0.12);
          ctx.fillRect(x0 - (w > x1 - x0 ? w / 2 : 0), top, w, height);
        }
      }
      ctx.restore();
    });
  }

  b.addHook('draw', (u: uPlot) => {
    const d = current();
    const { ctx } = u;
    const dpr = devicePixelRatio;
    const r = draw.markerSize * dpr;
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    d.columns.forEach((c, ci) => {
      if (!u.series[layout[ci].value].show) {
        return;
      }
      const s = c.series;
      // Band exits below the threshold: a thin ring in the series' colour, context rather than an alarm.
      ctx.lineWidth = dpr;
      ctx.strokeStyle = colorManipulator.alpha(colors[ci], 0.7);
      for (const p of c.exits) {
        const y = c.value[p];
        if (y == null) {
          continue;
        }
        ctx.beginPath();
        ctx.arc(u.valToPos(d.x[p], 'x', true), u.valToPos(y, 'y', true), r * 0.6, 0, 2 * Math.PI);
        ctx.stroke();
      }
      // Lowest severity first, so critical markers end on top.
      const order = c.markers
        .map((p) => ({ p, sev: flaggedSeverity(s.score[c.index[p]]) }))
        .sort((a, b2) => SEVERITY_ORDER[a.sev] - SEVERITY_ORDER[b2.sev]);
      ctx.lineWidth = 1.5 * dpr;
      ctx.strokeStyle = theme.colors.background.primary;
      for (const { p, sev } of order) {
        const y = c.value[p];
        if (y == null) {
          continue;
        }
        const px = u.valToPos(d.x[p], 'x', true);
        const py = u.valToPos(y, 'y', true);
        ctx.beginPath();
        ctx.arc(px, py, r, 0, 2 * Math.PI);
        ctx.fillStyle = severityColor(theme, sev);
        ctx.fill();
        ctx.stroke();
      }
    });
    if (d.now !== undefined && d.now >= d.from && d.now <= d.to) {
      drawNow(u, d.now, theme);
    }
    if (marker.markerTime !== undefined && marker.markerTime >= d.from && marker.markerTime <= d.to) {
      const x = Math.round(u.valToPos(marker.markerTime, 'x', true)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.lineWidth = 2 * dpr;
      ctx.strokeStyle = theme.colors.primary.main;
      ctx.stroke();
    }
    ctx.restore();
  });
  return b;
}

/** A fill that changes at time `now`: `past` before it, `future` after (a hard-stop horizontal gradient). */
function splitFill(now: () => number, past: string, future: string) {
  return (u: uPlot): CanvasGradient | string => {
    const { left, width } = u.bbox;
    const at = (u.valToPos(now(), 'x', true) - left) / width;
    if (!(at > 0 && at < 1)) {
      return at >= 1 ? past : future;
    }
    const g = u.ctx.createLinearGradient(left, 0, left + width, 0);
    g.addColorStop(0, past);
    g.addColorStop(at, past);
    g.addColorStop(at, future);
    g.addColorStop(1, future);
    return g;
  };
}

/** The "now" line where the forecast starts: dashed, in the theme's secondary text colour, labelled either side. */
function drawNow(u: uPlot, now: number, theme: GrafanaTheme2) {
  const { ctx } = u;
  const dpr = devicePixelRatio;
  const x = Math.round(u.valToPos(now, 'x', true)) + 0.5;
  ctx.beginPath();
  ctx.setLineDash([4 * dpr, 4 * dpr]);
  ctx.moveTo(x, u.bbox.top);
  ctx.lineTo(x, u.bbox.top + u.bbox.height);
  ctx.lineWidth = dpr;
  ctx.strokeStyle = theme.colors.text.secondary;
  ctx.stroke();
  ctx.setLineDash([]);
  ctx.font = `${11 * dpr}px ${theme.typography.fontFamily}`;
  ctx.fillStyle = theme.colors.text.secondary;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'right';
  ctx.fillText('now', x - 4 * dpr, u.bbox.top + 2 * dpr);
  ctx.textAlign = 'left';
  ctx.fillText('forecast →', x + 4 * dpr, u.bbox.top + 2 * dpr);
}
