// Peers: N series compared with each other at each time step (the population detector, src/detect/population.ts),
// for both adapters. The series are first put on one time axis: as they are when they share their timestamps (a
// Prometheus range query, a wide frame), else on the union of their timestamps, each series empty where it has no
// row. What cannot be compared is said, never skipped: fewer than 3 series, or no step where 3 have a value, is a
// PeersError; steps with fewer than 3 values get a notice.
import { createPopulation, MIN_PEERS, type PopulationParams, type PopulationResult } from '../detect';
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
      times: Float64Array.from(series[0].times),
      values: series.map((s) => Float64Array.from(s.values)),
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
  requirePeers(series);
  const aligned = alignSeries(series);
  const result = createPopulation(series.length, params).run(aligned.times, aligned.values);
  return { aligned, result, notices: alignmentNotices(series, aligned, result.peers) };
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
