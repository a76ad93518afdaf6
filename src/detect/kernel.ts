// The contract between the generic detector (timestamps, episodes) and a preset's numeric core.
import type { BatchOutputs } from './types';

export type Outputs = BatchOutputs;

/**
 * A preset's state and its one code path: `process` consumes points 0..count−1, writes each point's outputs
 * at the same index and keeps its state for the next call. `push` calls it with one-element arrays and
 * `run` with whole arrays, so streaming and batch cannot drift apart. Timestamps arrive already checked
 * (finite, non-decreasing).
 */
export interface Kernel {
  process(times: ArrayLike<number>, values: ArrayLike<number>, count: number, out: Outputs): void;
  reset(): void;
  /** What the model expects after its last point (forecast.ts); absent for presets without a model of the future. */
  forecastState?(): ForecastState | undefined;
}

/**
 * The state a forecast reads from a preset's model — what it expects, not how it learns — so a change to how a
 * preset learns does not break forecasting. Additive exponential smoothing without trend, ETS(A,N,N) or
 * ETS(A,N,A): expected(t) = level + profile[slot of t], the level a random walk moved by alpha × each error.
 */
export interface ForecastState {
  /** The series' step (ms): future points are spaced by it from the last one. */
  stepMs: number;
  /**
   * The expected value at a time t after the last point, with no newer data: the level plus the cycle's profile
   * at t.
   */
  expected(t: number): number;
  /** Variance of the one-step prediction error (sigma², not below the preset's floor). */
  variance: number;
  /** Level smoothing weight. */
  alpha: number;
  /** Cycle length in steps and the profile's smoothing weight (Infinity and 0 without a cycle). */
  period: number;
  profileWeight: number;
}

export function allocOutputs(n: number): Outputs {
  return {
    predicted: new Float64Array(n),
    low: new Float64Array(n),
    high: new Float64Array(n),
    score: new Float64Array(n),
    anomaly: new Uint8Array(n),
  };
}

export function viewOutputs(into: Outputs, n: number): Outputs {
  return {
    predicted: into.predicted.subarray(0, n),
    low: into.low.subarray(0, n),
    high: into.high.subarray(0, n),
    score: into.score.subarray(0, n),
    anomaly: into.anomaly.subarray(0, n),
  };
}

/** A point without a (finite) value: no estimate, no score, no flag. */
export function writeMissing(out: Outputs, i: number): void {
  out.predicted[i] = NaN;
  out.low[i] = NaN;
  out.high[i] = NaN;
  out.score[i] = NaN;
  out.anomaly[i] = 0;
}
