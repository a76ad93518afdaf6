// Rows that arrive out of time order. A detector rejects time going backwards (reordering inside it would
// rewrite its history), so callers sort first: stably, so equal timestamps keep their arrival order. The
// notebook preset is the exception: it reads the order of arrival, as the notebook did.
import type { BatchResult, Detector, PresetName } from './types';

/** True for presets that read rows in arrival order, whatever their timestamps (only `notebook`). */
export function readsArrivalOrder(preset: PresetName): boolean {
  return preset === 'notebook';
}

/** Rows earlier than some row above them (the rows a stable sort moves up): how many, and the first (−1: none). */
export function rowsOutOfOrder(times: ArrayLike<number>): { count: number; first: number } {
  let count = 0;
  let first = -1;
  let latest = -Infinity;
  for (let i = 0; i < times.length; i++) {
    if (times[i] < latest) {
      count++;
      first = first < 0 ? i : first;
    } else {
      latest = times[i];
    }
  }
  return { count, first };
}

/** Stable permutation putting `times` in non-decreasing order, or undefined when they already are. */
export function sortOrder(times: ArrayLike<number>): Uint32Array | undefined {
  let sorted = true;
  for (let i = 1; i < times.length && sorted; i++) {
    sorted = !(times[i] < times[i - 1]);
  }
  if (sorted) {
    return undefined;
  }
  const idx = Array.from({ length: times.length }, (_, i) => i);
  idx.sort((a, b) => times[a] - times[b] || a - b);
  return Uint32Array.from(idx);
}

/**
 * `detector.run` over rows in any time order: sorted stably for the detector (unless its preset reads arrival
 * order), results given back one per input row, in input order. Episodes are in time, so they need no mapping.
 */
export function runInInputOrder(detector: Detector, times: ArrayLike<number>, values: ArrayLike<number>): BatchResult {
  const order = readsArrivalOrder(detector.preset) ? undefined : sortOrder(times);
  if (!order) {
    return detector.run(times, values);
  }
  const res = detector.run(
    Float64Array.from(order, (i) => times[i]),
    Float64Array.from(order, (i) => values[i])
  );
  const unsort = <T extends Float64Array | Uint8Array>(sorted: T): T => {
    const out = sorted.slice() as T;
    for (let j = 0; j < order.length; j++) {
      out[order[j]] = sorted[j];
    }
    return out;
  };
  return {
    predicted: unsort(res.predicted),
    low: unsort(res.low),
    high: unsort(res.high),
    score: unsort(res.score),
    anomaly: unsort(res.anomaly),
    episodes: res.episodes,
  };
}
