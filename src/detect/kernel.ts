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
