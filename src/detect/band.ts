// Pieces shared by the statistical presets (ewma, robust, seasonal): the sigma floor, the anomaly
// decision with hysteresis and the Huber clip that keeps anomalies out of the variance.

/**
 * Below this, a deviation is rounding or quantisation, not signal. Half the smallest non-zero step seen so far
 * (one quantum of an integer or rounded series stays inside a band of k ≥ 2 sigmas), a relative 1e-9 of the
 * level (floating-point noise), and an absolute minimum so 0/0 never happens.
 */
export function sigmaFloor(quantum: number, level: number): number {
  const q = quantum < Infinity ? 0.5 * quantum : 0;
  const rel = 1e-9 * Math.abs(level);
  const f = q > rel ? q : rel;
  return f > 1e-100 ? f : 1e-100;
}

/** Smallest non-zero |x − last| so far (Infinity until the series first moves). */
export function nextQuantum(quantum: number, x: number, last: number): number {
  const d = Math.abs(x - last); // not a ternary: on noisy data its branch is a coin flip
  return d !== 0 && d < quantum ? d : quantum;
}

/** Once flagged, a point stays anomalous until it is back within this fraction of the band (no flapping). */
export const HYSTERESIS = 0.75;

export function isAnomalous(r: number, wasAnomalous: boolean): boolean {
  return r > 1 || (wasAnomalous && r > HYSTERESIS);
}

/**
 * Huber clip: once the variance is learnt, an outlier moves a baseline and its variance no more than a point at
 * the band edge (`limit` = k·sigma), so a burst neither drags the baseline nor widens the band that detects it.
 * A lasting shift is still adopted: each clipped point widens the band a little, so adaptation accelerates.
 */
export function huber(resid: number, limit: number): number {
  return resid > limit ? limit : resid < -limit ? -limit : resid;
}

/** `huber` with the limit given as its square (k²·variance): no square root unless it clips (ewma runs three models). */
export function huberSq(resid: number, limit2: number): number {
  return resid * resid <= limit2 ? resid : resid > 0 ? Math.sqrt(limit2) : -Math.sqrt(limit2);
}

/** |z| of Gaussian residuals: mean √(2/π), standard deviation √(1 − 2/π). */
const GAUSS_ABS_SD = Math.sqrt(1 - 2 / Math.PI);
/** A deviation beyond this many band widths counts as this many: one absurd spike must not mute a series. */
const CAL_CAP = 20;

/**
 * Tail calibration of the score. The band assumes roughly Gaussian prediction errors; many series have heavier
 * tails, where a 6-sigma deviation is routine and should not page anyone. This tracks the spread (standard
 * deviation) of the band distance r over a long memory (weight gamma/10), starting from the Gaussian value,
 * and returns r divided by the excess spread ρ = max(1, spread / Gaussian spread). It only ever lowers
 * scores (ρ ≥ 1), so flat, quantised or well-behaved series keep the plain band-distance score, and it does
 * not move the band or the anomaly flag (x outside the band): only the 0–100 score.
 */
export class TailCalibration {
  private mean = 0;
  private variance = 0;
  private readonly gaussSd: number;
  private readonly weight: number;

  constructor(k: number, gamma: number) {
    this.gaussSd = GAUSS_ABS_SD / k;
    this.weight = gamma / 10;
    this.reset(k);
  }

  /** r scaled down by the excess spread seen so far; then learns r. */
  next(r: number): number {
    const sd = Math.sqrt(this.variance);
    const c = r < CAL_CAP ? r : CAL_CAP;
    const scaled = sd > this.gaussSd ? c / (sd / this.gaussSd) : c;
    const d = c - this.mean;
    this.mean += this.weight * d;
    this.variance += this.weight * (d * d - this.variance);
    return scaled;
  }

  reset(k: number): void {
    this.mean = Math.sqrt(2 / Math.PI) / k;
    this.variance = (GAUSS_ABS_SD / k) ** 2;
  }
}
