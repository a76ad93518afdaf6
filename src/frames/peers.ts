// Peers: N series compared with each other at each time step (the population detector, src/detect/population.ts),
// for both adapters. The series are first put on one time axis: as they are when they share their timestamps (a
// Prometheus range query, a wide frame), else on the union of their timestamps, each series empty where it has no
// row. What cannot be compared is said, never skipped: fewer than 3 series, or no step where 3 have a value, is a
// PeersError; steps with fewer than 3 values get a notice.
//
// Live queries: `StreamingPeers` continues the comparison from one emission of a window to the next, so each
// emission costs the population detector only its new time steps (the rest is kept from the previous windows),
// as the own-history bands do (src/frames/streaming.ts). It is two pieces, which a panel keeps apart: the
// window (`PeerWindow`: the kept axis, rows and outputs, the new steps of each window) on its main thread, the
// detector (`PeerDetector`) in its worker, the new steps posted between them (src/panel/peers/stream.ts).
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
import { Column, countOnes, float64, uint8 } from './column';

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

/** A series' rows as a comparison reads them (`advance` takes the series' identities apart). */
export type PeerRows = Pick<PeerInput, 'times' | 'values'>;

export interface StreamingPeersAnalysis extends PeersAnalysis {
  /** Time steps the population detector processed for this emission (the new ones, or all after a restart). */
  processed: number;
  /** True when the window did not continue the previous one and the comparison started again. */
  restarted: boolean;
  /** What `alignmentNotices` needs, kept by the stream (no pass over the window). */
  axis: AxisSummary;
  /** Whether the cluster range (center, low, high) and each series' score hold a NaN, counted as they were kept. */
  gaps: { range: boolean; score: boolean[] };
  /** Per series, its flagged steps in the window (counted as they were kept). */
  flagged: number[];
}

/** One series of a stream: per step (the window's) its value, score and flag; per row (the input's) its step. */
class SeriesState {
  readonly values = new Column(float64);
  readonly score = new Column(float64);
  readonly anomaly = new Column(uint8);
  /** The global step of each row of the window (steps count from the stream's start). */
  readonly rows = new Column((n): Int32Array => new Int32Array(n));
  /** Global steps in decreasing order of score, from the window's highest (a sliding maximum). */
  private readonly best = new Column((n): Int32Array => new Int32Array(n));
  /** Rows of the window at the same step as the row before (repeated times). */
  repeats = 0;
  /** Steps of the window flagged (the legend's count, kept as steps come and go). */
  flagged = 0;

  pushFlags(anomaly: Uint8Array): void {
    this.flagged += countOnes(anomaly);
    this.anomaly.push(anomaly);
  }

  dropSteps(n: number): void {
    this.flagged -= countOnes(this.anomaly.view(), 0, n);
    this.values.drop(n);
    this.score.drop(n);
    this.anomaly.drop(n);
  }

  dropRows(n: number): void {
    for (let r = 0; r < n; r++) {
      this.repeats -= r + 1 < this.rows.length && this.rows.at(r + 1) === this.rows.at(r) ? 1 : 0;
    }
    this.rows.drop(n);
  }

  pushRow(step: number): void {
    this.repeats += this.rows.length > 0 && this.rows.last() === step ? 1 : 0;
    this.rows.pushOne(step);
  }

  /** Keeps the sliding maximum after new steps' scores were pushed (`lo`: the window's first global step). */
  pushScores(score: Float64Array, first: number, lo: number): void {
    // the new steps that score higher than every later one (NaN: no score), found from the end
    let count = 0;
    let max = -Infinity;
    for (let j = score.length - 1; j >= 0; j--) {
      count += score[j] > max ? 1 : 0;
      max = score[j] > max ? score[j] : max;
    }
    // earlier steps scoring no higher than the new maximum can never be the window's highest again
    while (this.best.length > 0 && this.score.at(this.best.last() - lo) <= max) {
      this.best.popLast();
    }
    if (count === 1 && score.length === 1) {
      this.best.pushOne(first); // a live step: no array for one
      return;
    }
    const records = new Int32Array(count);
    max = -Infinity;
    for (let j = score.length - 1; j >= 0; j--) {
      if (score[j] > max) {
        max = score[j];
        records[--count] = first + j;
      }
    }
    this.best.push(records);
  }

  /** The highest score of the window starting at global step `lo` (0 without one). */
  highest(lo: number): number {
    let gone = 0;
    while (gone < this.best.length && this.best.at(gone) < lo) {
      gone++;
    }
    this.best.drop(gone);
    return this.best.length > 0 ? Math.max(0, this.score.at(this.best.at(0) - lo)) : 0;
  }
}

/** The kept window of a stream: its axis, the peers' outputs per step, and each series. */
class WindowState {
  readonly times = new Column(float64);
  readonly center = new Column(float64);
  readonly low = new Column(float64);
  readonly high = new Column(float64);
  readonly peers = new Column((n): Uint32Array => new Uint32Array(n));
  readonly series: SeriesState[];
  /** Global steps of the window: [lo, hi). */
  lo = 0;
  hi = 0;
  /** Steps of the window with fewer than MIN_PEERS values. */
  thin = 0;
  /** The last time processed (the window may have dropped it). */
  lastTime = -Infinity;

  constructor(n: number) {
    this.series = Array.from({ length: n }, () => new SeriesState());
  }

  timeOf(step: number): number {
    return this.times.at(step - this.lo);
  }

  /** Moves the window's start to global step `lo`. */
  dropSteps(lo: number): void {
    const n = lo - this.lo;
    for (let j = 0; j < n; j++) {
      this.thin -= this.peers.at(j) < MIN_PEERS ? 1 : 0;
    }
    for (const c of [this.times, this.center, this.low, this.high, this.peers]) {
      c.drop(n);
    }
    for (const s of this.series) {
      s.dropSteps(n);
    }
    this.lo = lo;
  }
}

/** Same number, NaN included (a step without a value stays one). */
const same = (a: number, b: number) => a === b || (a !== a && b !== b);

/** The new rows of every series on the new time steps: ascending distinct times, values NaN where none. */
export interface NewSteps {
  times: Float64Array;
  /** Per series, its new rows' step (index into `times`); null when every series has one row per new step. */
  steps: Int32Array[] | null;
  values: Float64Array[];
}

/** Whether series i's rows from `from` have the times `ref[refFrom..]` (the same count). */
function sameTimes(times: ArrayLike<number>, from: number, ref: ArrayLike<number>, refFrom: number): boolean {
  if (times.length - from !== ref.length - refFrom) {
    return false;
  }
  if (times === ref && from === refFrom) {
    return true;
  }
  for (let r = from, q = refFrom; r < times.length; r++, q++) {
    if (times[r] !== ref[q]) {
      return false;
    }
  }
  return true;
}

function increasing(times: ArrayLike<number>, from: number): boolean {
  for (let r = from + 1; r < times.length; r++) {
    if (!(times[r] > times[r - 1])) {
      return false;
    }
  }
  return true;
}

/**
 * The new rows (series i's rows from `from[i]` on) on the union of their times. Series that share their new times
 * (a Prometheus range query, a wide frame, Grafana's streaming frames) skip the sort and the search.
 */
function newSteps(series: readonly PeerRows[], from: Int32Array): NewSteps {
  const ref = series[0].times;
  const shared = increasing(ref, from[0]) && series.every((s, i) => sameTimes(s.times, from[i], ref, from[0]));
  if (shared) {
    const times = new Float64Array(ref.length - from[0]);
    for (let j = 0; j < times.length; j++) {
      times[j] = ref[from[0] + j];
    }
    const values = series.map((s, i) => {
      const v = s.values;
      return v instanceof Float64Array
        ? v.slice(from[i])
        : Float64Array.from({ length: times.length }, (_, j) => v[from[i] + j]);
    });
    return { times, steps: null, values };
  }
  const all: number[] = [];
  series.forEach((s, i) => {
    for (let r = from[i]; r < s.times.length; r++) {
      all.push(s.times[r]);
    }
  });
  const sorted = Float64Array.from(all).sort();
  let m = 0;
  for (let j = 0; j < sorted.length; j++) {
    if (j === 0 || sorted[j] !== sorted[j - 1]) {
      sorted[m++] = sorted[j];
    }
  }
  const times = sorted.slice(0, m);
  const steps: Int32Array[] = [];
  const values: Float64Array[] = [];
  series.forEach((s, i) => {
    const at = new Int32Array(s.times.length - from[i]);
    const row = new Float64Array(m).fill(NaN);
    for (let r = from[i]; r < s.times.length; r++) {
      const j = lowerBound(times, 0, m, s.times[r]);
      at[r - from[i]] = j;
      row[j] = s.values[r];
    }
    steps.push(at);
    values.push(row);
  });
  return { times, steps, values };
}

/**
 * How a window's earlier rows are checked against the kept ones. 'ends': their count, the first and last row's time
 * and the last row's value — O(1) per series, for a live query's emissions: Grafana's streaming frames only append
 * rows and drop the oldest, so a value rewritten in the middle is not looked for. 'all': every row's time and value
 * — O(window), for a panel's series its reader read whole (a refresh is a new answer of the query, in which a late
 * sample may have changed any step; a series the reader continued has its kept rows: src/panel/peers/stream.ts).
 */
export type RowCheck = 'ends' | 'all';

/** What `PeerWindow.plan` found for a window: its new steps, and whether it continues the kept one. */
export interface WindowPlan {
  /** The series' identities and the settings (`peersIdentity`): another one starts the comparison again. */
  identity: string;
  /** Per series, where its new rows begin; null when the window does not continue (all its rows are new). */
  from: Int32Array | null;
  fresh: NewSteps;
  /** The window did not continue a kept one. */
  restarted: boolean;
  /** Steps the detector ran before the new ones (0 when the comparison starts again): what it must continue from. */
  first: number;
  /** The window's first time once the new steps are in (Infinity without steps): episodes ending before it go. */
  start: number;
  /** The window's steps once the new steps are in. */
  steps: number;
  /** The kept window planned on (a plan is committed to the window it was planned on, once). */
  basis: WindowState | undefined;
}

/** The series' identities and settings as `WindowPlan.identity`. */
export function peersIdentity(keys: readonly string[], params: Partial<PopulationParams>): string {
  return JSON.stringify([keys, params]);
}

/** What the population detector gives a window: its new steps' outputs, and the episodes within the window. */
export interface PeerRun {
  outputs: PopulationOutputs;
  episodes: Episode[][];
}

/**
 * The window side of a peer comparison: the kept axis, each series' rows and values on it and the detector's
 * outputs per step. `plan` finds a window's new steps (O(series + new rows) when it continues, see `RowCheck`), the
 * detector runs them (`PeerDetector`, here or in the panel's worker), `commit` appends its outputs and drops the
 * steps that left the window, and hands the window out as views.
 */
export class PeerWindow {
  private identity = '';
  private state: WindowState | undefined;

  /** `check`: one for every series, or per series. `restart`: start again whatever the window. */
  plan(
    series: readonly PeerRows[],
    identity: string,
    check: RowCheck | readonly RowCheck[],
    restart = false
  ): WindowPlan {
    const basis = this.state;
    const from = !restart && this.identity === identity && basis ? continuedFrom(series, basis, check) : null;
    const fresh = newSteps(series, from ?? new Int32Array(series.length));
    const m = fresh.times.length;
    const firstFresh = m > 0 ? fresh.times[0] : Infinity;
    if (!from || !basis) {
      return {
        identity,
        from: null,
        fresh,
        restarted: basis !== undefined,
        first: 0,
        start: firstFresh,
        steps: m,
        basis,
      };
    }
    // the window's start once the dropped rows are gone: the earliest step a series still has a row at
    let lo = basis.hi;
    basis.series.forEach((s, i) => {
      lo = from[i] > 0 ? Math.min(lo, s.rows.at(s.rows.length - from[i])) : lo;
    });
    const start = lo < basis.hi ? basis.timeOf(lo) : firstFresh;
    return { identity, from, fresh, restarted: false, first: basis.hi, start, steps: basis.hi - lo + m, basis };
  }

  /** Appends a plan's steps with the detector's outputs for them; the window afterwards, as views. */
  commit(plan: WindowPlan, run: PeerRun): Omit<StreamingPeersAnalysis, 'notices'> {
    if (plan.basis !== this.state || (plan.from && plan.first !== this.state?.hi)) {
      throw new Error('a peer window plan is committed once, to the window it was planned on');
    }
    const { fresh } = plan;
    if (!plan.from) {
      this.identity = plan.identity;
      this.state = new WindowState(fresh.values.length);
    }
    const state = this.state!;
    append(state, plan.from ?? new Int32Array(fresh.values.length), fresh, run.outputs);
    const lo = state.lo;
    const result: PopulationResult = {
      center: state.center.view(),
      low: state.low.view(),
      high: state.high.view(),
      peers: state.peers.view(),
      score: state.series.map((s) => s.score.view()),
      anomaly: state.series.map((s) => s.anomaly.view()),
      outlierScore: Float64Array.from(state.series, (s) => s.highest(lo)),
      episodes: run.episodes,
    };
    const aligned = alignedView(state);
    const axis: AxisSummary = {
      steps: state.hi - lo,
      thin: state.thin,
      union: aligned.steps !== null,
      duplicates: aligned.duplicates,
    };
    const gaps = {
      range: state.center.nans + state.low.nans + state.high.nans > 0,
      score: state.series.map((s) => s.score.nans > 0),
    };
    const flagged = state.series.map((s) => s.flagged);
    return { aligned, result, processed: fresh.times.length, restarted: plan.restarted, axis, gaps, flagged };
  }
}

/** What the detector side is asked to run: a window's new steps (`WindowPlan`), the series' values packed or not. */
export interface PeerSteps {
  /** Start again (a new detector), else continue from `first` steps. */
  restart: boolean;
  first: number;
  start: number;
  params: Partial<PopulationParams>;
  times: Float64Array;
  values: readonly Float64Array[];
}

/** A plan's steps for the detector. */
export function stepsOf(plan: WindowPlan, params: Partial<PopulationParams>): PeerSteps {
  const { fresh } = plan;
  return {
    restart: !plan.from,
    first: plan.first,
    start: plan.start,
    params,
    times: fresh.times,
    values: fresh.values,
  };
}

/**
 * The detector side of a peer comparison: the population detector and the episodes it tracks, continued step by
 * step (the panel's worker keeps one per panel, its main thread keeps the `PeerWindow`).
 */
export class PeerDetector {
  private detector: PopulationDetector | undefined;
  /** Steps run since the detector started. */
  private steps = 0;

  /**
   * The new steps' outputs; undefined when it cannot continue as asked (another step count or series count: it
   * lost or never had the steps before), so the caller starts again. Throws before changing on a bad input.
   */
  run(s: PeerSteps): PeerRun | undefined {
    const kept = this.detector;
    if (!s.restart && (!kept || this.steps !== s.first || kept.seriesCount !== s.values.length)) {
      return undefined;
    }
    const detector = s.restart || !kept ? createPopulation(s.values.length, s.params) : kept;
    const outputs = detector.run(s.times, s.values);
    this.steps = (detector === kept ? this.steps : 0) + s.times.length;
    this.detector = detector;
    // episodes that ended before the window will not be shown again: forgetting them bounds a stream's memory
    detector.forgetEpisodesBefore(s.start);
    return { outputs, episodes: detector.episodes().map((list) => list.filter((e) => e.end >= s.start)) };
  }
}

/**
 * The peer comparison of one live query (or panel): each `update` takes the current window of the series and
 * runs the population detector on its rows after the last time processed; what came before is kept from the
 * previous windows, so an emission costs O(series + new rows), whatever the window's length (the outputs are views
 * of growing arrays, a window that drops old rows moves their start). The window continues the previous one when,
 * for every series, its rows up to the last time processed are the kept ones minus some dropped at the start
 * (`RowCheck` says how much of that is read); anything else — a late row, a changed value, another set or order of
 * series, other settings — starts the comparison again. Results equal one batch run over every step seen
 * (property-tested), except that a series' outlier score and its episodes are those within the window.
 */
export class StreamingPeers {
  private readonly window = new PeerWindow();
  private readonly detector = new PeerDetector();
  /** Time steps the population detector processed since creation (tests, measurements). */
  processedTotal = 0;

  /** `keys`: the series' identities (default their names): another set or order starts again. */
  update(
    series: readonly PeerInput[],
    params: Partial<PopulationParams> = {},
    keys: readonly string[] = series.map((s) => s.name),
    check: RowCheck | readonly RowCheck[] = 'ends'
  ): StreamingPeersAnalysis {
    requirePeers(series);
    const step = this.advance(series, params, keys, check);
    return { ...step, notices: alignmentNotices(series, step.axis) };
  }

  /** `update` without the checks and notices. */
  advance(
    series: readonly PeerRows[],
    params: Partial<PopulationParams>,
    keys: readonly string[],
    check: RowCheck | readonly RowCheck[]
  ): Omit<StreamingPeersAnalysis, 'notices'> {
    const plan = this.window.plan(series, peersIdentity(keys, params), check);
    // the window and its detector change together: a plan of this window continues this detector
    const run = this.detector.run(stepsOf(plan, params))!;
    this.processedTotal += plan.fresh.times.length;
    return this.window.commit(plan, run);
  }
}

/**
 * Per series, where its new rows begin when the window continues the kept one (see `RowCheck`), else null.
 * The new rows are found by scanning from the end.
 */
function continuedFrom(
  series: readonly PeerRows[],
  state: WindowState,
  check: RowCheck | readonly RowCheck[]
): Int32Array | null {
  const from = new Int32Array(series.length);
  for (let i = 0; i < series.length; i++) {
    const { times, values } = series[i];
    const kept = state.series[i];
    let f = times.length;
    while (f > 0 && times[f - 1] > state.lastTime) {
      f--;
    }
    const dropped = kept.rows.length - f;
    if (dropped < 0) {
      return null;
    }
    // 'ends': the first and the last earlier row; 'all': each of them
    const next = (typeof check === 'string' ? check : check[i]) === 'all' ? 1 : Math.max(1, f - 1);
    const rows = kept.rows.view().subarray(dropped);
    const keptTimes = state.times.view();
    const keptValues = kept.values.view();
    const lo = state.lo;
    for (let r = 0; r < f; r += next) {
      const step = rows[r] - lo;
      if (times[r] !== keptTimes[step]) {
        return null;
      }
      // a repeated time keeps its last row's value: only that row's value is kept to compare
      const lastAtStep = r + 1 === f || rows[r + 1] - lo !== step;
      if (lastAtStep && !same(+values[r], keptValues[step])) {
        return null;
      }
    }
    from[i] = f;
  }
  return from;
}

/** Drops the rows and steps the window no longer holds, then appends the new steps and rows. */
function append(state: WindowState, from: Int32Array, fresh: NewSteps, run: PopulationOutputs): void {
  let lo = state.hi;
  state.series.forEach((s, i) => {
    s.dropRows(s.rows.length - from[i]);
    lo = s.rows.length > 0 && s.rows.at(0) < lo ? s.rows.at(0) : lo;
  });
  state.dropSteps(lo);
  const first = state.hi;
  const m = fresh.times.length;
  state.times.push(fresh.times);
  state.center.push(run.center);
  state.low.push(run.low);
  state.high.push(run.high);
  state.peers.push(run.peers);
  for (let j = 0; j < m; j++) {
    state.thin += run.peers[j] < MIN_PEERS ? 1 : 0;
  }
  state.hi += m;
  state.lastTime = m > 0 ? fresh.times[m - 1] : state.lastTime;
  state.series.forEach((s, i) => {
    s.values.push(fresh.values[i]);
    s.score.push(run.score[i]);
    s.pushFlags(run.anomaly[i]);
    const steps = fresh.steps?.[i];
    if (steps) {
      for (let r = 0; r < steps.length; r++) {
        s.pushRow(first + steps[r]);
      }
    } else {
      s.rows.pushRange(first, m);
    }
    s.pushScores(run.score[i], first, state.lo);
  });
}

/**
 * The window on its axis: views of the kept values; per series its rows' steps (O(its rows)) only when some
 * series does not have exactly one row per step.
 */
function alignedView(state: WindowState): AlignedSeries {
  const { lo, hi } = state;
  const w = hi - lo;
  const onAxis = (s: SeriesState) =>
    s.repeats === 0 && s.rows.length === w && (w === 0 || (s.rows.at(0) === lo && s.rows.last() === hi - 1));
  const union = !state.series.every(onAxis);
  return {
    times: state.times.view(),
    values: state.series.map((s) => s.values.view()),
    steps: union ? state.series.map((s) => Int32Array.from(s.rows.view(), (g) => g - lo)) : null,
    duplicates: state.series.reduce((d, s) => d + s.repeats, 0),
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

/** What `alignmentNotices` says about an axis: its steps, those with fewer than MIN_PEERS values, and how built. */
export interface AxisSummary {
  steps: number;
  thin: number;
  /** The series' timestamps differ (compared on the union of their times). */
  union: boolean;
  /** Rows that repeat a time of their series. */
  duplicates: number;
}

/**
 * What the reader should know about the axis the series were compared on; throws PeersError when no step had
 * MIN_PEERS values.
 */
export function alignmentNotices(series: readonly PeerInput[], axis: AxisSummary): string[] {
  const { steps, thin } = axis;
  if (thin === steps) {
    throw new PeersError(
      `the ${series.length} series have no time step at which ${MIN_PEERS} of them have a value: they are not on one ` +
        `time axis (give them one step upstream, e.g. the same interval for all)`
    );
  }
  const notices: string[] = [];
  if (axis.union) {
    const longest = series.reduce((m, s) => Math.max(m, s.times.length), 0);
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
  if (axis.duplicates > 0) {
    notices.push(`${axis.duplicates} row(s) repeat a time of their series: the last value at that time is compared.`);
  }
  return notices;
}

/** A per-step column of series `i` (its score or flag) at the series' own rows: the column itself on a shared axis. */
export function atRows(aligned: AlignedSeries, i: number, column: ArrayLike<number>): ArrayLike<number> {
  const steps = aligned.steps?.[i];
  return steps ? Float64Array.from(steps, (step) => column[step]) : column;
}
