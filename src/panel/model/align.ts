// Series → uPlot's aligned data for one chart: the visible slice of each series, decimated per pixel
// (every anomaly kept), on one shared x array. Missing values become `null` (uPlot draws a gap);
// alignment holes between series with different timestamps become `undefined` (uPlot spans them).
// Series on one time axis without missing values are handed over as typed arrays (the series' own arrays
// when nothing is decimated): a wide chart (1,000 series × 1,440 points) copies nothing.
import { outsideBand, sameNumbers } from '../../detect';
import { decimate } from './decimate';
import type { BandSeries } from './series';

type Cell = number | null | undefined;
/** A column of uPlot data: a Float64Array when it has no gap, else an array with null/undefined holes. */
export type Cells = Float64Array | Cell[];

/** A series' prediction and band on the aligned axis. */
export interface ColumnBand {
  /** The prediction over observed rows (null on forecast rows). */
  predicted: Cells;
  low: Cells;
  high: Cells;
  /**
   * In a chart with a forecast (`ChartData.now`): the prediction from the last observed row on (null before),
   * drawn as a line of its own, so the forecast is distinct from the past prediction and joins it.
   */
  forecast?: Cell[];
}

export interface ChartColumn {
  series: BandSeries;
  /** Aligned position → index in the series' arrays, -1 where the series has no point. */
  index: Int32Array;
  value: Cells;
  /** The band and prediction, for focused series only (see focus.ts): undefined when not drawn. */
  band?: ColumnBand;
  /** Aligned positions of anomalous points (all of those in the visible range). */
  markers: number[];
  /**
   * Aligned positions of drawn points outside the band that are not anomalies: context, drawn quietly (the flag
   * is the score reaching the threshold, not a band exit).
   */
  exits: number[];
}

export interface ChartData {
  x: Float64Array | number[];
  columns: ChartColumn[];
  from: number;
  to: number;
  /** With a forecast: the last observed time ("now"); later points are forecast. */
  now?: number;
}

export interface Extent {
  from: number;
  to: number;
}

/** Union of the series' time extents. */
function dataExtent(series: BandSeries[]): Extent | undefined {
  let from = Infinity;
  let to = -Infinity;
  for (const s of series) {
    if (s.times.length > 0) {
      from = Math.min(from, s.times[0]);
      to = Math.max(to, s.times[s.times.length - 1]);
    }
  }
  return from <= to ? { from, to } : undefined;
}

/** The last observed time of the series that carry a forecast (where the forecast starts); undefined without. */
export function forecastStart(series: BandSeries[]): number | undefined {
  let now: number | undefined;
  for (const s of series) {
    if (s.forecastFrom > 0 && s.forecastFrom < s.times.length) {
      now = Math.max(now ?? -Infinity, s.times[s.forecastFrom - 1]);
    }
  }
  return now;
}

/**
 * The range to draw: the dashboard range when it overlaps the data (as the Time series panel, the x axis is the
 * dashboard's), else the data's extent (frames that ignore the range, e.g. static files). A range that reaches
 * the last observed point (it ends at "now") extends to the end of the forecast.
 */
export function visibleRange(series: BandSeries[], requested?: Extent): Extent | undefined {
  const data = dataExtent(series);
  if (!data) {
    return undefined;
  }
  if (requested && requested.to > requested.from && requested.from < data.to && requested.to > data.from) {
    const now = forecastStart(series);
    return {
      from: requested.from,
      to: now !== undefined && requested.to >= now ? Math.max(requested.to, data.to) : requested.to,
    };
  }
  return data.from === data.to ? { from: data.from - 1, to: data.to + 1 } : data;
}

/** First index with times[i] >= t. */
function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** First index with times[i] > t. */
function upperBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/** Indices of the visible slice (one point beyond each edge so lines reach the border), decimated. */
function keptIndices(s: BandSeries, range: Extent, pixels: number): Uint32Array {
  const start = Math.max(0, lowerBound(s.times, range.from) - 1);
  const end = Math.min(s.times.length, upperBound(s.times, range.to) + 1);
  const sub = (a: Float64Array) => a.subarray(start, end);
  const idx = decimate(
    {
      times: sub(s.times),
      values: sub(s.values),
      low: sub(s.low),
      high: sub(s.high),
      anomaly: s.anomaly.subarray(start, end),
    },
    range.from,
    range.to,
    pixels
  );
  if (start > 0) {
    for (let i = 0; i < idx.length; i++) {
      idx[i] += start;
    }
  }
  return idx;
}

const cell = (v: number): number | null => (v === v ? v : null);

function fill(column: ChartColumn, pos: number, i: number, range: Extent) {
  const s = column.series;
  column.index[pos] = i;
  column.value[pos] = cell(s.values[i]);
  if (column.band) {
    column.band.predicted[pos] = cell(s.predicted[i]);
    column.band.low[pos] = cell(s.low[i]);
    column.band.high[pos] = cell(s.high[i]);
  }
  if (s.times[i] >= range.from && s.times[i] <= range.to) {
    mark(column, pos, s.anomaly[i], s.values[i], s.low[i], s.high[i]);
  }
}

/** Records a visible point as a marker (anomaly) or a quiet band exit. */
function mark(column: ChartColumn, pos: number, anomaly: number, value: number, low: number, high: number) {
  if (anomaly === 1) {
    column.markers.push(pos);
  } else if (outsideBand(value, low, high)) {
    column.exits.push(pos);
  }
}

function emptyColumn(series: BandSeries, size: number, focused: boolean): ChartColumn {
  const undef = () => new Array<Cell>(size).fill(undefined);
  return {
    series,
    index: new Int32Array(size).fill(-1),
    value: undef(),
    band: focused ? { predicted: undef(), low: undef(), high: undef() } : undefined,
    markers: [],
    exits: [],
  };
}

/**
 * `src` at the positions `union` (all of it when `union` is null): the array itself or a typed copy when it
 * has no NaN, else an array with null at the NaNs (uPlot draws a gap at null, and would join over a NaN).
 */
function gather(src: Float64Array, union: Uint32Array | null): Cells {
  const size = union ? union.length : src.length;
  const out: Float64Array | undefined = union ? new Float64Array(size) : undefined;
  for (let p = 0; p < size; p++) {
    const v = src[union ? union[p] : p];
    if (v !== v) {
      // A gap: this column as cells, appended (a packed array of doubles until the first null).
      const cells: Cell[] = [];
      for (let q = 0; q < size; q++) {
        const w = src[union ? union[q] : q];
        cells.push(w === w ? w : null);
      }
      return cells;
    }
    if (out) {
      out[p] = v;
    }
  }
  return out ?? src;
}

/** The column of a series on the shared time axis (`union`: its indices, null for all of them). */
function sharedColumn(series: BandSeries, union: Uint32Array | null, range: Extent, focused: boolean): ChartColumn {
  const { times, values, low, high, anomaly } = series;
  const size = union ? union.length : times.length;
  const index = new Int32Array(size);
  const column: ChartColumn = {
    series,
    index,
    value: gather(values, union),
    band: focused
      ? { predicted: gather(series.predicted, union), low: gather(low, union), high: gather(high, union) }
      : undefined,
    markers: [],
    exits: [],
  };
  for (let p = 0; p < size; p++) {
    const i = union ? union[p] : p;
    index[p] = i;
    if (times[i] >= range.from && times[i] <= range.to) {
      mark(column, p, anomaly[i], values[i], low[i], high[i]);
    }
  }
  return column;
}

/**
 * Aligned, decimated data for the series drawn in one chart `pixels` wide; `focused[i]` false leaves out
 * series i's band and prediction (all are drawn by default).
 */
export function alignSeries(
  series: BandSeries[],
  pixels: number,
  requested?: Extent,
  focused: boolean[] = series.map(() => true)
): ChartData | undefined {
  const range = visibleRange(series, requested);
  if (!range || series.length === 0) {
    return undefined;
  }
  const kept = series.map((s) => keptIndices(s, range, pixels));
  const shared = series.every((s) => sameNumbers(s.times, series[0].times));
  let x: Float64Array | number[];
  let columns: ChartColumn[];
  if (shared) {
    // One time axis: the union of kept indices is the x array (null: every point, nothing decimated).
    const times = series[0].times;
    let union: Uint32Array | null = kept[0];
    if (series.length > 1) {
      const mark = new Uint8Array(times.length);
      for (const k of kept) {
        for (let i = 0; i < k.length; i++) {
          mark[k[i]] = 1;
        }
      }
      let size = 0;
      for (let i = 0; i < mark.length; i++) {
        size += mark[i];
      }
      union = new Uint32Array(size);
      for (let i = 0, p = 0; p < size; i++) {
        if (mark[i]) {
          union[p++] = i;
        }
      }
    }
    if (union.length === times.length) {
      union = null;
    }
    x = union ? Float64Array.from(union, (i) => times[i]) : times;
    columns = series.map((s, si) => sharedColumn(s, union, range, focused[si]));
  } else {
    // Different timestamps: merge the kept times; a series has undefined where it has no point.
    const all: number[] = [];
    kept.forEach((k, si) => {
      for (let i = 0; i < k.length; i++) {
        all.push(series[si].times[k[i]]);
      }
    });
    all.sort((a, b) => a - b);
    const merged: number[] = [];
    for (const t of all) {
      if (merged.length === 0 || merged[merged.length - 1] !== t) {
        merged.push(t);
      }
    }
    x = merged;
    columns = series.map((s, si) => emptyColumn(s, merged.length, focused[si]));
    kept.forEach((k, si) => {
      let p = 0;
      for (let j = 0; j < k.length; j++) {
        const t = series[si].times[k[j]];
        while (merged[p] < t) {
          p++;
        }
        if (columns[si].index[p] < 0) {
          fill(columns[si], p, k[j], range);
        }
      }
    });
  }
  const now = forecastStart(series);
  if (now !== undefined) {
    columns.forEach(splitForecast);
  }
  return { x, from: range.from, to: range.to, columns, now };
}

/**
 * Moves the prediction of forecast rows to `band.forecast`, which starts at the last observed row (the observed
 * prediction becomes a copy: it may be the series' own array).
 */
function splitForecast(column: ChartColumn) {
  const { band } = column;
  if (!band) {
    return;
  }
  const { forecastFrom, predicted } = column.series;
  const observed = Array.from(band.predicted as ArrayLike<Cell>);
  const forecast = new Array<Cell>(column.index.length).fill(null);
  for (let p = 0; p < column.index.length; p++) {
    const i = column.index[p];
    if (i < 0) {
      forecast[p] = undefined;
    } else if (i >= forecastFrom - 1 && forecastFrom < column.series.times.length) {
      forecast[p] = cell(predicted[i]);
      if (i >= forecastFrom) {
        observed[p] = null;
      }
    }
  }
  band.predicted = observed;
  band.forecast = forecast;
}
