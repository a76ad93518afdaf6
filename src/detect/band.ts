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
