// Incremental detector state for one query's subscription: one detector per series key. Each upstream
// emission (a whole window, as Grafana Live and TestData streams send it, or only the new rows) is split into
// the part already processed — whose results are copied from the previous window — and the new points after
// the last processed timestamp, which are the only ones the detector sees. Memory is O(window) per series:
// the previous window's times and results, plus the detector's own bounded state.
import {
  createDetector,
  type Detector,
  type DetectorParams,
  type Episode,
  type Forecast,
  type PresetName,
} from '../detect';
import type { BandColumns } from '../frames/write';

interface Window {
  times: Float64Array;
  predicted: Float64Array;
  low: Float64Array;
  high: Float64Array;
  score: Float64Array;
  anomaly: Uint8Array;
}

export interface SeriesUpdate {
  columns: BandColumns;
  /** Episodes that end inside the current window (or later). */
  episodes: Episode[];
  /** Points the detector processed for this emission (the new ones, or all after a restart). */
  processed: number;
  /** True when the window did not continue the previous one and the detector started again from scratch. */
  restarted: boolean;
}

class SeriesState {
  readonly detector: Detector;
  /** Last processed timestamp; -Infinity before the first point, so every (finite) point is new. */
  lastT = -Infinity;
  /** How many processed points carry the timestamp `lastT` (duplicate timestamps are separate points). */
  atLast = 0;
  prev: Window | undefined;

  constructor(preset: PresetName, params: Partial<DetectorParams>) {
    this.detector = createDetector(preset, params);
  }

  restart() {
    this.detector.reset();
    this.lastT = -Infinity;
    this.atLast = 0;
    this.prev = undefined;
  }
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

function allocWindow(times: Float64Array): Window {
  const n = times.length;
  return {
    times,
    predicted: new Float64Array(n),
    low: new Float64Array(n),
    high: new Float64Array(n),
    score: new Float64Array(n),
    anomaly: new Uint8Array(n),
  };
}

/** True when `times[0..m)` equals the last m timestamps of the previous window. */
function continues(prev: Window | undefined, times: Float64Array, m: number): boolean {
  if (m === 0) {
    return true;
  }
  if (!prev || m > prev.times.length) {
    return false;
  }
  const off = prev.times.length - m;
  for (let i = 0; i < m; i++) {
    if (prev.times[off + i] !== times[i]) {
      return false;
    }
  }
  return true;
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
   * series can be (from its unit), read when the series is first seen.
   */
  update(
    key: string,
    times: Float64Array,
    values: Float64Array,
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
    if (!continues(state.prev, times, from)) {
      state.restart();
      from = 0;
      restarted = true;
    }
    const out = allocWindow(times);
    if (from > 0) {
      const prev = state.prev!;
      const off = prev.times.length - from;
      out.predicted.set(prev.predicted.subarray(off, off + from));
      out.low.set(prev.low.subarray(off, off + from));
      out.high.set(prev.high.subarray(off, off + from));
      out.score.set(prev.score.subarray(off, off + from));
      out.anomaly.set(prev.anomaly.subarray(off, off + from));
    }
    if (from < n) {
      const res = state.detector.run(times.subarray(from), values.subarray(from));
      out.predicted.set(res.predicted, from);
      out.low.set(res.low, from);
      out.high.set(res.high, from);
      out.score.set(res.score, from);
      out.anomaly.set(res.anomaly, from);
      this.processedTotal += n - from;
    }
    if (n > 0) {
      const last = times[n - 1];
      let atLast = 0;
      for (let i = n - 1; i >= 0 && times[i] === last; i--) {
        atLast++;
      }
      state.lastT = last;
      state.atLast = atLast;
    }
    state.prev = out;
    const start = n > 0 ? times[0] : Infinity;
    // episodes that ended before the window will not be shown again: forgetting them bounds a stream's memory
    state.detector.forgetEpisodesBefore(start);
    const episodes = state.detector.episodes().filter((e) => e.end >= start);
    return { columns: out, episodes, processed: n - from, restarted };
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
