// Peers: N series compared with each other at each time step (the population detector, src/detect/population.ts),
// for both adapters. The series are first put on one time axis: as they are when they share their timestamps (a
// Prometheus range query, a wide frame), else on the union of their timestamps, each series empty where it has no
// row. What cannot be compared is said, never skipped: fewer than 3 series, or no step where 3 have a value, is a
// PeersError; steps with fewer than 3 values get a notice.
//
// Live queries: `StreamingPeers` continues the comparison from one emission of a window to the next, so each
// emission costs the population detector only its new time steps (the rest is copied from the previous window),
// as the own-history bands do (src/datasource/streaming.ts).
import {
  createPopulation,
  type Episode,
  MIN_PEERS,
  type PopulationDetector,
  type PopulationOutputs,
  type PopulationParams,
  type PopulationResult,
} from '../detect';
import { lowerBound } from '../detect/select';

/** One series to compare: its rows' times (ms) and values (NaN = none), as `extractSeries` reads them. */
export interface PeerInput {
  name: string;
  times: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface AlignedSeries {
  /** The common axis: ascending, distinct times. */
  times: Float64Array;
  /** Per series, its values on the axis (NaN where it has no row). */
  values: Float64Array[];
  /** Per series, the axis step of each of its rows; null when every series' rows are the axis itself. */
  steps: Int32Array[] | null;
  /** Rows whose time an earlier row of the same series already had (the later value is the one compared). */
  duplicates: number;
}

/** Why peers cannot be compared (too few series, no common time steps): the query or panel says so. */
export class PeersError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PeersError';
  }
}

function sameAxis(series: readonly PeerInput[]): boolean {
  const first = series[0].times;
  for (let t = 1; t < first.length; t++) {
    if (!(first[t] > first[t - 1])) {
      return false;
    }
  }
  return series.every((s) => {
    if (s.times.length !== first.length) {
      return false;
    }
    for (let t = 0; t < first.length; t++) {
      if (s.times[t] !== first[t]) {
        return false;
      }
    }
    return true;
  });
}

/** The series on one time axis (see the module comment). Times must be finite (as `readTimes` leaves them). */
export function alignSeries(series: readonly PeerInput[]): AlignedSeries {
  if (series.length === 0) {
    return { times: new Float64Array(0), values: [], steps: null, duplicates: 0 };
  }
  if (sameAxis(series)) {
    return {
      // the constructor, not Float64Array.from: a typed array's copy, not an iteration (1,000 series × a day)
      times: new Float64Array(series[0].times),
      values: series.map((s) => new Float64Array(s.values)),
      steps: null,
      duplicates: 0,
    };
  }
  const all = new Float64Array(series.reduce((n, s) => n + s.times.length, 0));
  let at = 0;
  for (const s of series) {
    all.set(s.times as ArrayLike<number>, at);
    at += s.times.length;
  }
  all.sort();
  let m = 0;
  for (let i = 0; i < all.length; i++) {
    if (i === 0 || all[i] !== all[i - 1]) {
      all[m++] = all[i];
    }
  }
  const times = all.slice(0, m);
  let duplicates = 0;
  const values: Float64Array[] = [];
  const steps: Int32Array[] = [];
  for (const s of series) {
    const row = new Float64Array(m).fill(NaN);
    const filled = new Uint8Array(m);
    const idx = new Int32Array(s.times.length);
    for (let r = 0; r < s.times.length; r++) {
      const step = lowerBound(times, 0, m, s.times[r]);
      idx[r] = step;
      duplicates += filled[step];
      filled[step] = 1;
      row[step] = s.values[r];
    }
    values.push(row);
    steps.push(idx);
  }
  return { times, values, steps, duplicates };
}

export interface PeersAnalysis {
  aligned: AlignedSeries;
  result: PopulationResult;
  /** What the reader should know (steps without enough peers, differing timestamps, duplicates). */
  notices: string[];
}

/** Runs the population detector over the series (see the module comment); throws PeersError when it cannot. */
export function comparePeers(series: readonly PeerInput[], params: Partial<PopulationParams> = {}): PeersAnalysis {
  return new StreamingPeers().update(series, params);
}

/** Series on one time axis: the part of `AlignedSeries` a comparison reads. */
export type OneAxis = Pick<AlignedSeries, 'times' | 'values'>;

export interface StreamingPeersAnalysis extends PeersAnalysis {
  /** Time steps the population detector processed for this emission (the new ones, or all after a restart). */
  processed: number;
  /** True when the window did not continue the previous one and the comparison started again. */
  restarted: boolean;
}

/** The highest score of a window (0 without one). */
function highest(score: Float64Array): number {
  let m = 0;
  for (let t = 0; t < score.length; t++) {
    m = score[t] > m ? score[t] : m;
  }
  return m;
}

/** Same number, NaN included (a step without a value stays one). */
const same = (a: number, b: number) => a === b || (a !== a && b !== b);

/**
 * The peer comparison of one live query (or panel): each `update` takes the current window of the series and
 * runs the population detector on its time steps after the last one processed; the steps before are copied from
 * the previous window when they are the same (same times, same values: a late row for an earlier step, a series
 * that came or went, other settings start the comparison again). Results equal one batch run over every step seen
 * (property-tested), except that a series' outlier score and its episodes are those within the window.
 */
export class StreamingPeers {
  private detector: PopulationDetector | undefined;
  private identity = '';
  private prev: { aligned: OneAxis; out: PopulationOutputs } | undefined;
  /** Time steps the population detector processed since creation (tests, measurements). */
  processedTotal = 0;

  /** `keys`: the series' identities (default their names): another set or order starts again. */
  update(
    series: readonly PeerInput[],
    params: Partial<PopulationParams> = {},
    keys: readonly string[] = series.map((s) => s.name)
  ): StreamingPeersAnalysis {
    requirePeers(series);
    const aligned = alignSeries(series);
    const step = this.advance(aligned, params, keys);
    return { aligned, ...step, notices: alignmentNotices(series, aligned, step.result.peers) };
  }

  /** `update` of series already on one axis, without the checks and notices (the panel's worker runs this). */
  advance(
    aligned: OneAxis,
    params: Partial<PopulationParams>,
    keys: readonly string[]
  ): { result: PopulationResult; processed: number; restarted: boolean } {
    const steps = aligned.times.length;
    const identity = JSON.stringify([keys, params]);
    const continued = this.identity === identity && this.prev ? this.continuedTo(aligned) : -1;
    const restarted = continued < 0 && this.detector !== undefined;
    if (continued < 0) {
      this.detector = createPopulation(keys.length, params);
      this.identity = identity;
      this.prev = undefined;
    }
    const from = Math.max(0, continued);
    const detector = this.detector!;
    const fresh = detector.run(
      aligned.times.subarray(from),
      aligned.values.map((v) => v.subarray(from))
    );
    this.processedTotal += steps - from;
    const off = this.prev ? this.prev.aligned.times.length - from : 0;
    const out = windowOutputs(this.prev?.out, off, from, fresh, steps);
    this.prev = { aligned, out };
    // episodes that ended before the window will not be shown again: forgetting them bounds a stream's memory
    const start = steps > 0 ? aligned.times[0] : Infinity;
    detector.forgetEpisodesBefore(start);
    const result: PopulationResult = {
      ...out,
      outlierScore: Float64Array.from(out.score, highest),
      episodes: detector.episodes().map((list: Episode[]) => list.filter((e) => e.end >= start)),
    };
    return { result, processed: steps - from, restarted };
  }

  /**
   * Where the new steps of `aligned` begin when it continues the previous window (its steps up to the last one
   * processed are the previous window's last ones, with the same values), else −1.
   */
  private continuedTo(aligned: OneAxis): number {
    const prev = this.prev!.aligned;
    const last = prev.times.length > 0 ? prev.times[prev.times.length - 1] : -Infinity;
    let from = aligned.times.length;
    while (from > 0 && aligned.times[from - 1] > last) {
      from--;
    }
    const off = prev.times.length - from;
    if (off < 0) {
      return -1;
    }
    for (let t = 0; t < from; t++) {
      if (aligned.times[t] !== prev.times[off + t]) {
        return -1;
      }
    }
    for (let i = 0; i < aligned.values.length; i++) {
      const now = aligned.values[i];
      const before = prev.values[i];
      for (let t = 0; t < from; t++) {
        if (!same(now[t], before[off + t])) {
          return -1;
        }
      }
    }
    return from;
  }
}

/** The window's outputs: steps 0..from−1 copied from `prev` (from its step `off`), the rest from `fresh`. */
function windowOutputs(
  prev: PopulationOutputs | undefined,
  off: number,
  from: number,
  fresh: PopulationOutputs,
  steps: number
): PopulationOutputs {
  if (!prev || from === 0) {
    return fresh;
  }
  const splice = <A extends Float64Array | Uint8Array | Uint32Array>(a: A, before: A, after: A): A => {
    a.set(before.subarray(off, off + from));
    a.set(after, from);
    return a;
  };
  return {
    center: splice(new Float64Array(steps), prev.center, fresh.center),
    low: splice(new Float64Array(steps), prev.low, fresh.low),
    high: splice(new Float64Array(steps), prev.high, fresh.high),
    peers: splice(new Uint32Array(steps), prev.peers, fresh.peers),
    score: fresh.score.map((s, i) => splice(new Float64Array(steps), prev.score[i], s)),
    anomaly: fresh.anomaly.map((a, i) => splice(new Uint8Array(steps), prev.anomaly[i], a)),
  };
}

/** Throws PeersError for fewer than MIN_PEERS series. */
export function requirePeers(series: readonly PeerInput[]): void {
  if (series.length < MIN_PEERS) {
    const names = series.map((s) => JSON.stringify(s.name)).join(', ');
    throw new PeersError(
      `comparing peers needs at least ${MIN_PEERS} series on one time axis; there ${series.length === 1 ? 'is' : 'are'} ` +
        `${series.length}${names ? ` (${names})` : ''}: query one series per pod, host or country (e.g. sum by (pod))`
    );
  }
}

/**
 * What the reader should know about the axis the series were compared on (`peers`: series with a value per step);
 * throws PeersError when no step had MIN_PEERS of them.
 */
export function alignmentNotices(
  series: readonly PeerInput[],
  aligned: AlignedSeries,
  peers: ArrayLike<number>
): string[] {
  const steps = aligned.times.length;
  let thin = 0;
  for (let t = 0; t < steps; t++) {
    thin += peers[t] < MIN_PEERS ? 1 : 0;
  }
  if (thin === steps) {
    throw new PeersError(
      `the ${series.length} series have no time step at which ${MIN_PEERS} of them have a value: they are not on one ` +
        `time axis (give them one step upstream, e.g. the same interval for all)`
    );
  }
  const notices: string[] = [];
  if (aligned.steps) {
    const longest = Math.max(...series.map((s) => s.times.length));
    notices.push(
      `The series' timestamps differ: they are compared on the union of their times (${steps} steps; the longest ` +
        `series has ${longest} rows).`
    );
  }
  if (thin > 0) {
    notices.push(
      `${thin} of ${steps} time steps have fewer than ${MIN_PEERS} series with a value: no cluster range and no ` +
        `peer score there.`
    );
  }
  if (aligned.duplicates > 0) {
    notices.push(
      `${aligned.duplicates} row(s) repeat a time of their series: the last value at that time is compared.`
    );
  }
  return notices;
}

/** A per-step column of series `i` (its score or flag) read back at the series' own rows. */
export function atRows(aligned: AlignedSeries, i: number, column: ArrayLike<number>): Float64Array {
  const steps = aligned.steps?.[i];
  return steps ? Float64Array.from(steps, (step) => column[step]) : Float64Array.from(column);
}
