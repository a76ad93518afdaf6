// Incremental detector state for a live query's subscription (src/datasource) and a refreshing band chart
// (src/panel): one detector per series key. Each window (a whole window, as Grafana Live and TestData streams send
// it and a dashboard refresh draws it, or only the new rows) is split into the part already processed — whose
// results are kept from the previous windows — and the new points after the last processed timestamp, which are
// the only ones the detector sees. The results live in columns grown at the end and dropped from the start
// (./column.ts) and go out as views, so a window of k new points that slides by d costs O(k + d), whatever its
// length. Memory is O(window) per series (at most 1.25× it, the columns' slack) plus the detector's bounded state.
import {
  type BatchOutputs,
  type BatchResult,
  createDetector,
  type Detector,
  type DetectorParams,
  type Episode,
  type Forecast,
  type PresetName,
} from '../detect';
import { Column, countOnes, float64, forgetOthers, uint8 } from './column';

/** One series' results over the window, as views (they never change after they are handed out). */
export interface StreamColumns {
  predicted: Float64Array;
  low: Float64Array;
  high: Float64Array;
  score: Float64Array;
  anomaly: Uint8Array;
}

/** A band column's view and whether it has gaps (NaN), counted as it was kept: no pass over the window. */
export type BandGaps = Record<keyof StreamColumns, boolean>;

export interface SeriesUpdate {
  columns: StreamColumns;
  /** Per column, whether the window holds a NaN (no estimate yet, a missing value). */
  gaps: BandGaps;
  /** Episodes that end inside the current window (or later). */
  episodes: Episode[];
  /** Points the detector processed for this emission (the new ones, or all after a restart). */
  processed: number;
  /** True when the window did not continue the previous one and the detector started again from scratch. */
  restarted: boolean;
  /** Anomalous points in the window. */
  anomalyCount: number;
}

const ROLES = ['predicted', 'low', 'high', 'score', 'anomaly'] as const;

/**
 * One series' kept window: its times and results row for row, and where its processed points end. The detector
 * may run elsewhere (a panel's worker): the window only says which rows are new and keeps their results.
 */
export class BandWindow {
  /** Last processed timestamp; -Infinity before the first point, so every (finite) point is new. */
  private lastT = -Infinity;
  /** How many processed points carry the timestamp `lastT` (duplicate timestamps are separate points). */
  private atLast = 0;
  private times = new Column(float64);
  private out = newColumns();
  /** Anomalous rows in the window, counted as rows come and go (a chart's legend shows it: no pass over the window). */
  anomalyCount = 0;

  get length(): number {
    return this.times.length;
  }

  /**
   * Index of the first new row of `times` (the series' current window), or undefined when the window does not
   * continue the kept one: its first row must be a kept row and the row before the new ones the last kept row.
   * O(1) but for repeated times: only the ends are read, as Grafana's streaming frames only append rows and drop
   * the oldest. An earlier row rewritten in place (another value or time in the middle of the window) is not
   * noticed: its band stays the one computed when it arrived.
   */
  newFrom(times: ArrayLike<number>): number | undefined {
    const from = newPointsFrom(times, this.lastT, this.atLast);
    const kept = this.times.length;
    const continues =
      from === 0 || (from <= kept && times[0] === this.times.at(kept - from) && times[from - 1] === this.times.last());
    return continues ? from : undefined;
  }

  /** Drops the rows the window no longer holds (all but its last `keep`). */
  keepLast(keep: number): void {
    const drop = this.times.length - keep;
    this.anomalyCount -= countOnes(this.out.anomaly.view(), 0, drop);
    this.times.drop(drop);
    for (const role of ROLES) {
      this.out[role].drop(drop);
    }
    this.atLast = Math.min(this.atLast, keep); // a window of one repeated time may have dropped some of them
  }

  /** Appends new rows and their results (the arrays are handed over: the columns may keep them). */
  append(times: Float64Array, results: BatchOutputs): void {
    const m = times.length;
    if (m === 0) {
      return;
    }
    this.times.push(times);
    for (const role of ROLES) {
      this.out[role].push(results[role] as Float64Array & Uint8Array);
    }
    this.anomalyCount += countOnes(results.anomaly);
    const last = times[m - 1];
    let atLast = 0;
    for (let i = m - 1; i >= 0 && times[i] === last; i--) {
      atLast++;
    }
    // duplicates of the last time among the earlier rows count too
    this.atLast = last === this.lastT ? this.atLast + atLast : atLast;
    this.lastT = last;
  }

  columns(): StreamColumns {
    const { out } = this;
    return {
      predicted: out.predicted.view(),
      low: out.low.view(),
      high: out.high.view(),
      score: out.score.view(),
      anomaly: out.anomaly.view(),
    };
  }

  gaps(): BandGaps {
    const { out } = this;
    return {
      predicted: out.predicted.nans > 0,
      low: out.low.nans > 0,
      high: out.high.nans > 0,
      score: out.score.nans > 0,
      anomaly: false,
    };
  }
}

function newColumns() {
  return {
    predicted: new Column(float64),
    low: new Column(float64),
    high: new Column(float64),
    score: new Column(float64),
    anomaly: new Column(uint8),
  };
}

/** Index where the new points begin: after every point at or before the last processed timestamp. */
export function newPointsFrom(times: ArrayLike<number>, lastT: number, atLast: number): number {
  let i = times.length;
  while (i > 0 && times[i - 1] > lastT) {
    i--;
  }
  let j = i;
  while (j > 0 && times[j - 1] === lastT) {
    j--;
  }
  const equal = i - j;
  return equal > atLast ? j + atLast : i;
}

/** `values[from..)` as a new array (the column keeps it). */
export function tail(values: ArrayLike<number>, from: number): Float64Array {
  const out = new Float64Array(values.length - from);
  for (let i = 0; i < out.length; i++) {
    out[i] = values[from + i];
  }
  return out;
}

/**
 * One detector per series key, continued from call to call over rows the caller found new: StreamingBands' own,
 * and all a panel's worker keeps of its stream (the panel keeps the windows, src/panel/model/liveBands.ts).
 */
export class SeriesDetectors {
  private readonly detectors = new Map<string, Detector>();

  constructor(
    readonly preset: PresetName,
    readonly params: Partial<DetectorParams>
  ) {}

  get size(): number {
    return this.detectors.size;
  }

  /** `key`'s detector; created with `bounds` (what the series can be, from its unit) when first seen. */
  of(key: string, bounds: Pick<DetectorParams, 'min' | 'max'> = {}): Detector {
    let detector = this.detectors.get(key);
    if (!detector) {
      detector = createDetector(this.preset, { ...this.params, ...bounds });
      this.detectors.set(key, detector);
    }
    return detector;
  }

  /**
   * Runs `key`'s detector over new rows (into `into` when given) and returns their results with the episodes
   * that end at or after `windowStart`; older ones are forgotten (they will not be shown again: a stream's
   * memory stays bounded).
   */
  run(
    key: string,
    times: Float64Array,
    values: Float64Array,
    windowStart: number,
    bounds?: Pick<DetectorParams, 'min' | 'max'>,
    into?: BatchOutputs
  ): BatchResult {
    const result = this.of(key, bounds).run(times, values, into);
    return { ...result, episodes: this.episodesFrom(key, windowStart) };
  }

  /** `key`'s episodes that end at or after `windowStart`; older ones are forgotten (see `run`). */
  episodesFrom(key: string, windowStart: number): Episode[] {
    const detector = this.of(key);
    detector.forgetEpisodesBefore(windowStart);
    return detector.episodes().filter((e) => e.end >= windowStart);
  }

  /** Forgets series not in `keys` (a series that left the upstream's answer). */
  retain(keys: Set<string>): void {
    forgetOthers(this.detectors, keys);
  }

  /** Starts `key` again from scratch. */
  restart(key: string): void {
    this.detectors.get(key)?.reset();
  }
}

/** A query's or a mounted panel's bands, continued from window to window: detectors and windows per series key. */
export class StreamingBands {
  private readonly detectors: SeriesDetectors;
  private readonly windows = new Map<string, BandWindow>();
  /** Points the detectors processed since creation, for tests and measurements. */
  processedTotal = 0;

  constructor(
    readonly preset: PresetName,
    readonly params: Partial<DetectorParams>
  ) {
    this.detectors = new SeriesDetectors(preset, params);
  }

  get seriesCount(): number {
    return this.windows.size;
  }

  /** Episodes the detectors hold in memory (for tests and measurements). */
  get episodesHeld(): number {
    let held = 0;
    for (const key of this.windows.keys()) {
      held += this.detectors.of(key).episodes().length;
    }
    return held;
  }

  /**
   * Bands for every point of `times`/`values` (the upstream's current window of one series). `bounds`: what the
   * series can be (from its unit), read when the series is first seen. Reads the window's first row, its new
   * rows and the rows before them at the last processed time (duplicates), not the rest (see `BandWindow.newFrom`).
   */
  update(
    key: string,
    times: ArrayLike<number>,
    values: ArrayLike<number>,
    bounds: Pick<DetectorParams, 'min' | 'max'> = {}
  ): SeriesUpdate {
    let window = this.windows.get(key) ?? new BandWindow();
    this.windows.set(key, window);
    const n = times.length;
    let from = window.newFrom(times);
    const restarted = from === undefined;
    if (from === undefined) {
      this.detectors.restart(key);
      window = new BandWindow();
      this.windows.set(key, window);
      from = 0;
    }
    window.keepLast(from);
    const start = n > 0 ? times[0] : Infinity;
    const fresh = tail(times, from);
    const result = this.detectors.run(key, fresh, tail(values, from), start, bounds);
    window.append(fresh, result);
    this.processedTotal += n - from;
    return {
      columns: window.columns(),
      gaps: window.gaps(),
      episodes: result.episodes,
      processed: n - from,
      restarted,
      anomalyCount: window.anomalyCount,
    };
  }

  /**
   * The band continued `horizonMs` past the series' last point (after `update`); its cost is the horizon's points,
   * not the window's, so a live dashboard still pays only for its new points. Throws DetectorError.
   */
  forecast(key: string, horizonMs: number): Forecast {
    if (!this.windows.has(key)) {
      throw new Error(`no series ${JSON.stringify(key)} to forecast`);
    }
    return this.detectors.of(key).forecast(horizonMs);
  }

  /** Forgets series not in `keys` (a series that left the upstream's answer). */
  retain(keys: Set<string>): void {
    forgetOthers(this.windows, keys);
    this.detectors.retain(keys);
  }
}
