// Incremental detector state for one query's subscription: one detector per series key. Each upstream
// emission (a whole window, as Grafana Live and TestData streams send it, or only the new rows) is split into
// the part already processed — whose results are kept from the previous windows — and the new points after the
// last processed timestamp, which are the only ones the detector sees. The results live in columns grown at the
// end and dropped from the start (../frames/column.ts) and go out as views, so an emission of k new points that
// slides the window by d costs O(k + d), whatever the window's length. Memory is O(window) per series (at most
// about twice it, the columns' slack) plus the detector's own bounded state.
import {
  createDetector,
  type Detector,
  type DetectorParams,
  type Episode,
  type Forecast,
  type PresetName,
} from '../detect';
import { Column, float64, uint8 } from '../frames/column';

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
}

const ROLES = ['predicted', 'low', 'high', 'score', 'anomaly'] as const;

class SeriesState {
  readonly detector: Detector;
  /** Last processed timestamp; -Infinity before the first point, so every (finite) point is new. */
  lastT = -Infinity;
  /** How many processed points carry the timestamp `lastT` (duplicate timestamps are separate points). */
  atLast = 0;
  /** The window's times and results, row for row. */
  times = new Column(float64);
  out = newColumns();

  constructor(preset: PresetName, params: Partial<DetectorParams>) {
    this.detector = createDetector(preset, params);
  }

  restart() {
    this.detector.reset();
    this.lastT = -Infinity;
    this.atLast = 0;
    this.times = new Column(float64);
    this.out = newColumns();
  }

  /**
   * Whether a window whose first `from` rows are already processed continues the kept one: its first row is a
   * kept row and the row before the new ones is the last kept row. O(1): only the ends are read, as Grafana's
   * streaming frames only append rows and drop the oldest. An earlier row rewritten in place (another value or
   * time in the middle of the window) is not noticed: its band stays the one computed when it arrived.
   */
  continues(times: ArrayLike<number>, from: number): boolean {
    const kept = this.times.length;
    return (
      from === 0 || (from <= kept && times[0] === this.times.at(kept - from) && times[from - 1] === this.times.last())
    );
  }

  /** Drops the rows the window no longer holds (all but its last `keep`). */
  keepLast(keep: number): void {
    const drop = this.times.length - keep;
    this.times.drop(drop);
    for (const role of ROLES) {
      this.out[role].drop(drop);
    }
    this.atLast = Math.min(this.atLast, keep); // a window of one repeated time may have dropped some of them
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
function tail(values: ArrayLike<number>, from: number): Float64Array {
  const out = new Float64Array(values.length - from);
  for (let i = 0; i < out.length; i++) {
    out[i] = values[from + i];
  }
  return out;
}

export class StreamingBands {
  private readonly states = new Map<string, SeriesState>();
  /** Points the detectors processed since creation, for tests and measurements. */
  processedTotal = 0;

  constructor(
    readonly preset: PresetName,
    readonly params: Partial<DetectorParams>
  ) {}

  get seriesCount(): number {
    return this.states.size;
  }

  /** Episodes the detectors hold in memory (for tests and measurements). */
  get episodesHeld(): number {
    let held = 0;
    for (const state of this.states.values()) {
      held += state.detector.episodes().length;
    }
    return held;
  }

  /**
   * Bands for every point of `times`/`values` (the upstream's current window of one series). `bounds`: what the
   * series can be (from its unit), read when the series is first seen. Reads the window's first row, its new
   * rows and the rows before them at the last processed time (duplicates), not the rest (see `continues`).
   */
  update(
    key: string,
    times: ArrayLike<number>,
    values: ArrayLike<number>,
    bounds: Pick<DetectorParams, 'min' | 'max'> = {}
  ): SeriesUpdate {
    let state = this.states.get(key);
    if (!state) {
      state = new SeriesState(this.preset, { ...this.params, ...bounds });
      this.states.set(key, state);
    }
    const n = times.length;
    let from = newPointsFrom(times, state.lastT, state.atLast);
    let restarted = false;
    if (!state.continues(times, from)) {
      state.restart();
      from = 0;
      restarted = true;
    }
    state.keepLast(from);
    if (from < n) {
      const fresh = tail(times, from);
      const res = state.detector.run(fresh, tail(values, from));
      state.times.push(fresh);
      for (const role of ROLES) {
        state.out[role].push(res[role] as Float64Array & Uint8Array);
      }
      this.processedTotal += n - from;
      const last = fresh[fresh.length - 1];
      let atLast = 0;
      for (let i = fresh.length - 1; i >= 0 && fresh[i] === last; i--) {
        atLast++;
      }
      // duplicates of the last time among the earlier rows count too
      state.atLast = last === state.lastT ? state.atLast + atLast : atLast;
      state.lastT = last;
    }
    const start = n > 0 ? times[0] : Infinity;
    // episodes that ended before the window will not be shown again: forgetting them bounds a stream's memory
    state.detector.forgetEpisodesBefore(start);
    const episodes = state.detector.episodes().filter((e) => e.end >= start);
    const { out } = state;
    return {
      columns: {
        predicted: out.predicted.view(),
        low: out.low.view(),
        high: out.high.view(),
        score: out.score.view(),
        anomaly: out.anomaly.view(),
      },
      gaps: {
        predicted: out.predicted.nans > 0,
        low: out.low.nans > 0,
        high: out.high.nans > 0,
        score: out.score.nans > 0,
        anomaly: false,
      },
      episodes,
      processed: n - from,
      restarted,
    };
  }

  /**
   * The band continued `horizonMs` past the series' last point (after `update`); its cost is the horizon's points,
   * not the window's, so a live dashboard still pays only for its new points. Throws DetectorError.
   */
  forecast(key: string, horizonMs: number): Forecast {
    const state = this.states.get(key);
    if (!state) {
      throw new Error(`no series ${JSON.stringify(key)} to forecast`);
    }
    return state.detector.forecast(horizonMs);
  }

  /** Forgets series not in `keys` (a series that left the upstream's answer). */
  retain(keys: Set<string>): void {
    for (const key of this.states.keys()) {
      if (!keys.has(key)) {
        this.states.delete(key);
      }
    }
  }
}
