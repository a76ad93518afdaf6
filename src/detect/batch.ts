// Many series through one preset, packed: every series' values in one Float64Array (and the distinct time
// axes in another), every output role in one array too. A wide query (1,000 series × a day) crosses to a Web
// Worker and back as a handful of buffers — copied once, transferred back — instead of thousands of arrays.
import type { BatchResult, Detector, DetectorParams, Episode } from './types';

export interface PackedSeries {
  /** Every series' values, one after the other. */
  values: Float64Array;
  /** Series i: values[start[i] .. start[i + 1]). */
  start: Uint32Array;
  /** The distinct time axes, one after the other (series of one query usually share one). */
  times: Float64Array;
  /** Series i's time axis starts at times[timesStart[i]] (its length is the series'). */
  timesStart: Uint32Array;
  /** Series i's band bounds (a unit's range, e.g. 0–100 for percent): NaN = none. */
  min: Float64Array;
  max: Float64Array;
}

export interface PackedResult {
  /** Per role, every series' points at the same positions as `PackedSeries.values`. */
  predicted: Float64Array;
  low: Float64Array;
  high: Float64Array;
  score: Float64Array;
  anomaly: Uint8Array;
  episodes: Episode[][];
}

export interface SeriesInput {
  times: Float64Array;
  values: Float64Array;
  min?: number;
  max?: number;
}

/** Packs series (equal time arrays, the same object or the same numbers as the previous axis, stored once). */
export function packSeries(series: SeriesInput[]): PackedSeries {
  const start = new Uint32Array(series.length + 1);
  series.forEach((s, i) => (start[i + 1] = start[i] + s.values.length));
  const values = new Float64Array(start[series.length]);
  const timesStart = new Uint32Array(series.length);
  const axes: Float64Array[] = [];
  const axisAt: number[] = [];
  let axisLength = 0;
  const min = new Float64Array(series.length);
  const max = new Float64Array(series.length);
  series.forEach((s, i) => {
    values.set(s.values, start[i]);
    const last = axes[axes.length - 1];
    if (!last || !sameNumbers(last, s.times)) {
      axes.push(s.times);
      axisAt.push(axisLength);
      axisLength += s.times.length;
    }
    timesStart[i] = axisAt[axisAt.length - 1];
    min[i] = s.min ?? NaN;
    max[i] = s.max ?? NaN;
  });
  const times = new Float64Array(axisLength);
  axes.forEach((a, j) => times.set(a, axisAt[j]));
  return { values, start, times, timesStart, min, max };
}

/**
 * The same numbers in the same order (the same array, or equal copies; NaN equals NaN, null and undefined are
 * neither numbers nor each other): a packed time axis, a chart's data column.
 */
export function sameNumbers(a: ArrayLike<number | null | undefined>, b: ArrayLike<number | null | undefined>): boolean {
  if (a === b) {
    return true;
  }
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (!sameNumber(a[i], b[i])) {
      return false;
    }
  }
  return true;
}

/** The same number, NaN included (null and undefined are neither numbers nor each other). */
export function sameNumber(x: number | null | undefined, y: number | null | undefined): boolean {
  return x === y || (x !== x && y !== y);
}

/**
 * Runs every packed series through its detector (`detectorFor` series i with its bounds, from `min`/`max`: a fresh
 * one, or a stream's), writing into one array per role. Throws what `detectorFor` and `run` throw.
 */
export function runPacked(
  packed: PackedSeries,
  detectorFor: (bounds: Pick<DetectorParams, 'min' | 'max'>, i: number) => Detector
): PackedResult {
  const size = packed.values.length;
  const out: PackedResult = {
    predicted: new Float64Array(size),
    low: new Float64Array(size),
    high: new Float64Array(size),
    score: new Float64Array(size),
    anomaly: new Uint8Array(size),
    episodes: [],
  };
  const count = packed.timesStart.length;
  for (let i = 0; i < count; i++) {
    const [from, to] = [packed.start[i], packed.start[i + 1]];
    const bounds = {
      ...(packed.min[i] === packed.min[i] ? { min: packed.min[i] } : {}),
      ...(packed.max[i] === packed.max[i] ? { max: packed.max[i] } : {}),
    };
    const times = packed.times.subarray(packed.timesStart[i], packed.timesStart[i] + to - from);
    const result = detectorFor(bounds, i).run(times, packed.values.subarray(from, to), {
      predicted: out.predicted.subarray(from, to),
      low: out.low.subarray(from, to),
      high: out.high.subarray(from, to),
      score: out.score.subarray(from, to),
      anomaly: out.anomaly.subarray(from, to),
    });
    out.episodes.push(result.episodes);
  }
  return out;
}

/** The packed series as views (no copy): each with its time axis and values. */
export function unpackSeries(packed: PackedSeries): Array<{ times: Float64Array; values: Float64Array }> {
  return Array.from(packed.timesStart, (axis, i) => {
    const [from, to] = [packed.start[i], packed.start[i + 1]];
    return { times: packed.times.subarray(axis, axis + to - from), values: packed.values.subarray(from, to) };
  });
}

/** Series i's result: views into the packed arrays (no copy). */
export function unpackResult(result: PackedResult, packed: Pick<PackedSeries, 'start'>, i: number): BatchResult {
  const [from, to] = [packed.start[i], packed.start[i + 1]];
  return {
    predicted: result.predicted.subarray(from, to),
    low: result.low.subarray(from, to),
    high: result.high.subarray(from, to),
    score: result.score.subarray(from, to),
    anomaly: result.anomaly.subarray(from, to),
    episodes: result.episodes[i],
  };
}
