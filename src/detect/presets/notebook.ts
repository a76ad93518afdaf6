// The source notebook's `Datarecorder`, reproduced exactly, quirks included (the golden files check it):
// smoothing weight 0.9 for the first 5 points, the band from a buffer whose sum of squares is not divided
// by M, sigma smoothed by gamma from 0, and `s = a·x + (1 − a)·s` whose rounding flags a flat line.
import * as kernel from '../kernel';
import type { Kernel, Outputs } from '../kernel';
import * as severity from '../severity';
import type { DetectorParams } from '../types';

// Local bindings: in tsx/esbuild's CommonJS output each use of an import is a getter call, which keeps V8
// from inlining these helpers in the per-point loop (measured 4× slower).
const { writeMissing } = kernel;
const { scoreOf } = severity;

export class NotebookKernel implements Kernel {
  private readonly buf: Float64Array;
  private i = 0;
  private sPrev = 0;
  private sigma = 0;

  constructor(private readonly p: DetectorParams) {
    this.buf = new Float64Array(p.window);
  }

  process(_times: ArrayLike<number>, values: ArrayLike<number>, count: number, out: Outputs): void {
    const { alpha, k, gamma, warmup, window: m } = this.p;
    const buf = this.buf;
    for (let j = 0; j < count; j++) {
      const x = values[j];
      if (x - x !== 0) {
        writeMissing(out, j); // the notebook never sees missing values: they do not advance i
        continue;
      }
      const i = this.i;
      if (i === 0) {
        this.sPrev = x;
        buf.fill(x);
      }
      const a = i < 5 ? 0.9 : alpha;
      const s = a * x + (1 - a) * this.sPrev;
      const predicted = this.sPrev;
      let sum = 0;
      for (let b = 0; b < m; b++) {
        sum += buf[b];
      }
      const mu = sum / m;
      let ss = 0;
      for (let b = 0; b < m; b++) {
        const d = buf[b] - mu;
        ss += d * d;
      }
      buf[i % m] = x;
      const sigma = gamma * Math.sqrt(ss) + (1 - gamma) * this.sigma;
      const low = predicted - k * sigma;
      const high = predicted + k * sigma;
      out.predicted[j] = predicted;
      out.low[j] = low;
      out.high[j] = high;
      // Score: band distance r = |x − predicted| / (k·sigma); a zero-width band makes any deviation r = ∞.
      const dev = Math.abs(x - predicted);
      const scored = i > warmup;
      out.score[j] = scored ? (dev === 0 ? 0 : scoreOf(dev / (k * sigma))) : 0;
      out.anomaly[j] = scored && (x > high || x < low) ? 1 : 0;
      this.sigma = sigma;
      this.sPrev = s;
      this.i = i + 1;
    }
  }

  reset(): void {
    this.i = 0;
    this.sPrev = 0;
    this.sigma = 0;
    this.buf.fill(0);
  }
}
