// Per-pixel decimation: for each pixel column keep the first and last point, the points with the lowest
// and highest value, the lowest `low` and highest `high` (so the band's envelope survives), the first
// missing value (so gaps survive) and EVERY anomalous point. Indices are returned ascending, unique.

export interface DecimateInput {
  times: Float64Array;
  values: Float64Array;
  low?: Float64Array;
  high?: Float64Array;
  anomaly?: Uint8Array;
}

/** Below this many points per pixel column the data is drawn as is. */
const DECIMATE_FACTOR = 4;

export function decimate(input: DecimateInput, from: number, to: number, columns: number): Uint32Array {
  const { times, values, low, high, anomaly } = input;
  const n = times.length;
  columns = Math.max(1, Math.floor(columns));
  if (n <= columns * DECIMATE_FACTOR || !(to > from)) {
    const all = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }
  const out = new Uint32Array(Math.min(n, columns * 7 + 16));
  let size = 0;
  let extra: number[] | null = null; // anomalies beyond the preallocated room
  const scale = columns / (to - from);
  const bucket: number[] = [];

  let first = -1;
  let last = -1;
  let minV = -1;
  let maxV = -1;
  let minL = -1;
  let maxH = -1;
  let gap = -1;

  const flush = () => {
    if (first < 0) {
      return;
    }
    bucket.push(first, last);
    if (minV >= 0) {
      bucket.push(minV, maxV);
    }
    if (minL >= 0) {
      bucket.push(minL);
    }
    if (maxH >= 0) {
      bucket.push(maxH);
    }
    if (gap >= 0) {
      bucket.push(gap);
    }
    bucket.sort((a, b) => a - b);
    let prev = -1;
    for (const i of bucket) {
      if (i !== prev) {
        if (size < out.length) {
          out[size++] = i;
        } else {
          (extra ??= []).push(i);
        }
        prev = i;
      }
    }
    bucket.length = 0;
  };

  // Times are ascending: walk bucket by bucket (no per-point division), extremes kept in locals.
  const step = (to - from) / columns;
  let i = 0;
  while (i < n) {
    let b = Math.floor((times[i] - from) * scale);
    b = b < 0 ? 0 : b >= columns ? columns - 1 : b;
    const end = b >= columns - 1 ? Infinity : from + (b + 1) * step;
    first = i;
    minV = maxV = minL = maxH = gap = -1;
    let vMin = Infinity;
    let vMax = -Infinity;
    let lMin = Infinity;
    let hMax = -Infinity;
    for (; i < n; i++) {
      if (i > first && !(times[i] < end)) {
        break;
      }
      const v = values[i];
      if (v === v) {
        if (v < vMin) {
          vMin = v;
          minV = i;
        }
        if (v > vMax) {
          vMax = v;
          maxV = i;
        }
      } else if (gap < 0) {
        gap = i;
      }
      if (low !== undefined) {
        const l = low[i];
        if (l < lMin) {
          lMin = l;
          minL = i;
        }
      }
      if (high !== undefined) {
        const h = high[i];
        if (h > hMax) {
          hMax = h;
          maxH = i;
        }
      }
      if (anomaly !== undefined && anomaly[i] === 1) {
        bucket.push(i);
      }
    }
    last = i - 1;
    flush();
    first = -1;
  }
  if (extra === null) {
    return out.slice(0, size);
  }
  const all = new Uint32Array(size + (extra as number[]).length);
  all.set(out.subarray(0, size));
  all.set(extra as number[], size);
  return all; // flush order is ascending, and extra only ever follows the preallocated part
}
