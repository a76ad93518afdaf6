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
export const DECIMATE_FACTOR = 4;

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

  let current = -1;
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

  for (let i = 0; i < n; i++) {
    let b = Math.floor((times[i] - from) * scale);
    b = b < 0 ? 0 : b >= columns ? columns - 1 : b;
    if (b !== current) {
      flush();
      current = b;
      first = i;
      minV = maxV = minL = maxH = gap = -1;
    }
    last = i;
    const v = values[i];
    if (v === v) {
      if (minV < 0 || v < values[minV]) {
        minV = i;
      }
      if (maxV < 0 || v > values[maxV]) {
        maxV = i;
      }
    } else if (gap < 0) {
      gap = i;
    }
    if (low) {
      const l = low[i];
      if (l === l && (minL < 0 || l < low[minL])) {
        minL = i;
      }
    }
    if (high) {
      const h = high[i];
      if (h === h && (maxH < 0 || h > high[maxH])) {
        maxH = i;
      }
    }
    if (anomaly && anomaly[i] === 1) {
      bucket.push(i);
    }
  }
  flush();
  if (extra === null) {
    return out.slice(0, size);
  }
  const all = new Uint32Array(size + (extra as number[]).length);
  all.set(out.subarray(0, size));
  all.set(extra as number[], size);
  return all; // flush order is ascending, and extra only ever follows the preallocated part
}
