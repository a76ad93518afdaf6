// Series → uPlot's aligned data for one chart: the visible slice of each series, decimated per pixel
// (every anomaly kept), on one shared x array. Missing values become `null` (uPlot draws a gap);
// alignment holes between series with different timestamps become `undefined` (uPlot spans them).
import { outsideBand } from '../../detect';
import { decimate } from './decimate';
import type { BandSeries } from './series';

type Cell = number | null | undefined;

export interface ChartColumn {
  series: BandSeries;
  /** Aligned position → index in the series' arrays, -1 where the series has no point. */
  index: Int32Array;
  value: Cell[];
  /** The prediction over observed rows (null on forecast rows). */
  predicted: Cell[];
  /**
   * In a chart with a forecast (`ChartData.now`): the prediction from the last observed row on (null before),
   * drawn as a line of its own, so the forecast is distinct from the past prediction and joins it.
   */
  forecast?: Cell[];
  low: Cell[];
  high: Cell[];
  /** Aligned positions of anomalous points (all of those in the visible range). */
  markers: number[];
  /**
   * Aligned positions of drawn points outside the band that are not anomalies: context, drawn quietly (the flag
   * is the score reaching the threshold, not a band exit).
   */
  exits: number[];
}

export interface ChartData {
  x: number[];
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

function sameTimes(a: Float64Array, b: Float64Array): boolean {
  if (a === b) {
    return true;
  }
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      return false;
    }
  }
  return true;
}

const cell = (v: number): number | null => (v === v ? v : null);

function fill(column: ChartColumn, pos: number, i: number, range: Extent) {
  const s = column.series;
  column.index[pos] = i;
  column.value[pos] = cell(s.values[i]);
  column.predicted[pos] = cell(s.predicted[i]);
  column.low[pos] = cell(s.low[i]);
  column.high[pos] = cell(s.high[i]);
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

function emptyColumn(series: BandSeries, size: number): ChartColumn {
  const undef = () => new Array<Cell>(size).fill(undefined);
  return {
    series,
    index: new Int32Array(size).fill(-1),
    value: undef(),
    predicted: undef(),
    low: undef(),
    high: undef(),
    markers: [],
    exits: [],
  };
}

/**
 * The column of a series on the shared time axis (`union`: its indices): every position has a point, so the
 * arrays are built by appending — packed arrays of unboxed doubles (until a gap's null), not holey arrays of
 * `undefined` overwritten with boxed numbers.
 */
function sharedColumn(series: BandSeries, union: Uint32Array, range: Extent): ChartColumn {
  const size = union.length;
  const index = new Int32Array(size);
  const value: Cell[] = [];
  const predicted: Cell[] = [];
  const low: Cell[] = [];
  const high: Cell[] = [];
  const column: ChartColumn = { series, index, value, predicted, low, high, markers: [], exits: [] };
  const { times, values, predicted: P, low: L, high: H, anomaly } = series;
  for (let p = 0; p < size; p++) {
    const i = union[p];
    index[p] = i;
    const v = values[i];
    value.push(v === v ? v : null);
    const e = P[i];
    predicted.push(e === e ? e : null);
    const l = L[i];
    low.push(l === l ? l : null);
    const h = H[i];
    high.push(h === h ? h : null);
    if (times[i] >= range.from && times[i] <= range.to) {
      mark(column, p, anomaly[i], v, l, h);
    }
  }
  return column;
}

/** Aligned, decimated data for the series drawn in one chart `pixels` wide. */
export function alignSeries(series: BandSeries[], pixels: number, requested?: Extent): ChartData | undefined {
  const range = visibleRange(series, requested);
  if (!range || series.length === 0) {
    return undefined;
  }
  const kept = series.map((s) => keptIndices(s, range, pixels));
  const shared = series.every((s) => sameTimes(s.times, series[0].times));
  let x: number[];
  let columns: ChartColumn[];
  if (shared) {
    // One time axis: the union of kept indices is the x array.
    let union: Uint32Array = kept[0];
    if (series.length > 1) {
      const mark = new Uint8Array(series[0].times.length);
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
    const times = series[0].times;
    x = [];
    for (let p = 0; p < union.length; p++) {
      x.push(times[union[p]]);
    }
    columns = series.map((s) => sharedColumn(s, union, range));
  } else {
    // Different timestamps: merge the kept times; a series has undefined where it has no point.
    const all: number[] = [];
    kept.forEach((k, si) => {
      for (let i = 0; i < k.length; i++) {
        all.push(series[si].times[k[i]]);
      }
    });
    all.sort((a, b) => a - b);
    x = [];
    for (const t of all) {
      if (x.length === 0 || x[x.length - 1] !== t) {
        x.push(t);
      }
    }
    columns = series.map((s) => emptyColumn(s, x.length));
    kept.forEach((k, si) => {
      let p = 0;
      for (let j = 0; j < k.length; j++) {
        const t = series[si].times[k[j]];
        while (x[p] < t) {
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

/** Moves the prediction of forecast rows to `column.forecast`, which starts at the last observed row. */
function splitForecast(column: ChartColumn) {
  const { forecastFrom, predicted } = column.series;
  const forecast = new Array<Cell>(column.index.length).fill(null);
  for (let p = 0; p < column.index.length; p++) {
    const i = column.index[p];
    if (i < 0) {
      forecast[p] = undefined;
    } else if (i >= forecastFrom - 1 && forecastFrom < column.series.times.length) {
      forecast[p] = cell(predicted[i]);
      if (i >= forecastFrom) {
        column.predicted[p] = null;
      }
    }
  }
  column.forecast = forecast;
}
