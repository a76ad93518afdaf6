// The default preset: exponentially weighted mean and variance of the one-step prediction error.
// - the prediction is the level before the point (alpha weights the new value), so the band is a prediction
//   interval and the variance is that of prediction errors, which is what the band must cover;
// - the variance is a running mean for its first 1/gamma points, then exponentially weighted by gamma;
// - after those points, residuals are Huber-clipped at the band edge before they update level and variance
//   (see band.ts `huber`);
// - sigma never drops below the rounding/quantisation floor, so flat or quantised series do not alarm;
// - the score is the band distance, tail-calibrated (band.ts `TailCalibration`);
// - `s += a·(x − s)` leaves s exactly equal to a constant input (the notebook's form does not).
import * as band from '../band';
import * as kernel from '../kernel';
import type { Kernel, Outputs } from '../kernel';
import * as severity from '../severity';
import type { DetectorParams } from '../types';

// Local bindings: in tsx/esbuild's CommonJS output each use of an import is a getter call, which keeps V8
// from inlining these helpers in the per-point loop (measured 4× slower).
const { huber, isAnomalous, nextQuantum, sigmaFloor, TailCalibration } = band;
const { writeMissing } = kernel;
const { scoreOf } = severity;

export class EwmaKernel implements Kernel {
  private n = 0;
  private level = 0;
  private variance = 0;
  private last = 0;
  private quantum = Infinity;
  private hot = false;
  private readonly calibration: band.TailCalibration;

  constructor(private readonly p: DetectorParams) {
    this.calibration = new TailCalibration(p.k, p.gamma);
  }

  process(_times: ArrayLike<number>, values: ArrayLike<number>, count: number, out: Outputs): void {
    const { alpha, gamma, k, warmup } = this.p;
    const { predicted, low, high, score, anomaly } = out;
    const learn = Math.ceil(1 / gamma);
    const calibration = this.calibration;
    let { n, level, variance, last, quantum, hot } = this;
    for (let i = 0; i < count; i++) {
      const x = values[i];
      if (x - x !== 0) {
        writeMissing(out, i);
        continue;
      }
      if (n === 0) {
        level = x;
        last = x;
        n = 1;
        predicted[i] = NaN;
        low[i] = NaN;
        high[i] = NaN;
        score[i] = 0;
        anomaly[i] = 0;
        continue;
      }
      const floor = sigmaFloor(quantum, level);
      const varEff = variance > floor * floor ? variance : floor * floor;
      const half = k * Math.sqrt(varEff);
      const resid = x - level;
      const r = Math.abs(resid) / half;
      predicted[i] = level;
      low[i] = level - half;
      high[i] = level + half;
      const scored = n >= warmup;
      hot = scored && isAnomalous(r, hot);
      const calibrated = calibration.next(r);
      score[i] = scored ? scoreOf(calibrated) : 0;
      anomaly[i] = hot ? 1 : 0;
      const e = n < learn ? resid : huber(resid, half);
      variance += (n < learn ? 1 / n : gamma) * (e * e - variance);
      level += alpha * e;
      quantum = nextQuantum(quantum, x, last);
      last = x;
      n++;
    }
    this.n = n;
    this.level = level;
    this.variance = variance;
    this.last = last;
    this.quantum = quantum;
    this.hot = hot;
  }

  reset(): void {
    Object.assign(this, { n: 0, level: 0, variance: 0, last: 0, quantum: Infinity, hot: false });
    this.calibration.reset(this.p.k);
  }
}
