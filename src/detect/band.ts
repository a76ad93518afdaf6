// Pieces shared by the statistical presets (ewma, robust, seasonal): the sigma floor, the Huber clip that keeps
// anomalies out of the variance, and the bounds the band is clipped to.

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

/**
 * Clips the band to what the series can be: [min, max] when given (e.g. from a percentage unit); without min, 0 as
 * long as no negative value has been seen (counts, rates, bytes and percentages never go below 0, and a band there
 * would draw values that cannot happen). The score and the flag are computed before: only the band moves.
 */
export class BandBounds {
  private negative = false;

  constructor(
    private readonly min: number | undefined,
    private readonly max: number | undefined
  ) {}

  apply(values: ArrayLike<number>, low: Float64Array, high: Float64Array, n: number): void {
    let negative = this.negative;
    for (let i = 0; i < n; i++) {
      negative ||= values[i] < 0;
      this.clipAt(low, high, i, negative);
    }
    this.negative = negative;
  }

  /** Clips a band of points not seen yet (a forecast) to the bounds learnt so far. */
  clip(low: Float64Array, high: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) {
      this.clipAt(low, high, i, this.negative);
    }
  }

  private clipAt(low: Float64Array, high: Float64Array, i: number, negative: boolean): void {
    const hi = this.max ?? Infinity;
    const lo = this.min ?? (negative ? -Infinity : 0);
    // NaN (no estimate) stays NaN: every comparison with it is false
    if (low[i] < lo) {
      low[i] = lo;
    } else if (low[i] > hi) {
      low[i] = hi;
    }
    if (high[i] > hi) {
      high[i] = hi;
    } else if (high[i] < lo) {
      high[i] = lo;
    }
  }

  reset(): void {
    this.negative = false;
  }
}

/**
 * Whether a point lies outside its band: context for the adapters, which draw band exits below the threshold
 * quietly. Not the anomaly flag of the statistical presets (that is score ≥ threshold); false without a band.
 */
export function outsideBand(x: number, low: number, high: number): boolean {
  return x < low || x > high;
}
