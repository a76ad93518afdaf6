// Rolling median and MAD of the previous `window` values: an outlier (or a burst shorter than half the
// window) moves neither, so the band stays where the normal data is. sigma = 1.4826·MAD (normal-consistent),
// floored like the other presets because the MAD of quantised data is often exactly 0.
import * as band from '../band';
import * as kernel from '../kernel';
import type { Kernel, Outputs } from '../kernel';
import { AnomalyLikelihood, WARMING_UP } from '../likelihood';
import type { DetectorParams } from '../types';

// Local bindings: in tsx/esbuild's CommonJS output each use of an import is a getter call, which keeps V8
// from inlining these helpers in the per-point loop (measured 4× slower).
const { nextQuantum, sigmaFloor } = band;
const { writeMissing } = kernel;

const MAD_TO_SIGMA = 1.4826;

/** First index in sorted[0..size) whose value is ≥ x. */
function lowerBound(sorted: Float64Array, size: number, x: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

function medianOf(sorted: Float64Array, size: number): number {
  const h = size >>> 1;
  return size % 2 === 1 ? sorted[h] : 0.5 * (sorted[h - 1] + sorted[h]);
}

/** Median of |sorted[i] − med|: the deviations on each side of med are already sorted, so merge them. */
function madOf(sorted: Float64Array, size: number, med: number): number {
  let left = lowerBound(sorted, size, med) - 1;
  let right = left + 1;
  const h = size >>> 1;
  let prev = 0;
  for (let rank = 0; rank <= h; rank++) {
    const dl = left >= 0 ? med - sorted[left] : Infinity;
    const dr = right < size ? sorted[right] - med : Infinity;
    let d: number;
    if (dl <= dr) {
      d = dl;
      left--;
    } else {
      d = dr;
      right++;
    }
    if (rank === h) {
      return size % 2 === 1 ? d : 0.5 * (prev + d);
    }
    prev = d;
  }
  return prev; // unreachable: the loop returns at rank h
}

export class RobustKernel implements Kernel {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private size = 0;
  private head = 0;
  private n = 0;
  private last = 0;
  private quantum = Infinity;

  private readonly likelihood: AnomalyLikelihood;

  constructor(private readonly p: DetectorParams) {
    this.likelihood = new AnomalyLikelihood(p.threshold, p.warmup, p.counts ? p.k : 0);
    this.ring = new Float64Array(p.window);
    this.sorted = new Float64Array(p.window);
  }

  process(times: ArrayLike<number>, values: ArrayLike<number>, count: number, out: Outputs): void {
    const { k, warmup } = this.p;
    const sorted = this.sorted;
    for (let i = 0; i < count; i++) {
      const x = values[i];
      if (x - x !== 0) {
        writeMissing(out, i);
        continue;
      }
      const size = this.size;
      if (size === 0) {
        out.predicted[i] = NaN;
        out.low[i] = NaN;
        out.high[i] = NaN;
        out.score[i] = WARMING_UP;
      } else {
        const med = medianOf(sorted, size);
        const spread = MAD_TO_SIGMA * madOf(sorted, size, med);
        const floor = sigmaFloor(this.quantum, med);
        const half = k * (spread > floor ? spread : floor);
        const r = (x - med) / half;
        out.predicted[i] = med;
        out.low[i] = med - half;
        out.high[i] = med + half;
        out.score[i] = this.n >= warmup ? r : WARMING_UP; // scored by the likelihood's pass below
        this.quantum = nextQuantum(this.quantum, x, this.last);
      }
      this.insert(x);
      this.last = x;
      this.n++;
    }
    this.likelihood.scoreAll(times, values, 0, count, out);
  }

  reset(): void {
    this.likelihood.reset();
    Object.assign(this, { size: 0, head: 0, n: 0, last: 0, quantum: Infinity });
  }

  /**
   * Adds x to the window, evicting the oldest value once full. When full, the evicted slot is reused: only the
   * values between the old and the new position shift by one (O(window), usually far fewer), no allocation.
   */
  private insert(x: number): void {
    const { ring, sorted } = this;
    const m = ring.length;
    const size = this.size;
    if (size < m) {
      let j = size;
      for (; j > 0 && sorted[j - 1] > x; j--) {
        sorted[j] = sorted[j - 1];
      }
      sorted[j] = x;
      this.size = size + 1;
    } else {
      let j = lowerBound(sorted, size, ring[this.head]);
      for (; j > 0 && sorted[j - 1] > x; j--) {
        sorted[j] = sorted[j - 1];
      }
      for (; j < size - 1 && sorted[j + 1] < x; j++) {
        sorted[j] = sorted[j + 1];
      }
      sorted[j] = x;
    }
    ring[this.head] = x;
    this.head = this.head + 1 === m ? 0 : this.head + 1;
  }
}
