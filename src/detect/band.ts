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

/**
 * `huber` with the limit given as its square (k²·variance): no square root unless it clips (ewma runs three
 * models).
 */
export function huberSq(resid: number, limit2: number): number {
  return resid * resid <= limit2 ? resid : resid > 0 ? Math.sqrt(limit2) : -Math.sqrt(limit2);
}

/** Clips point i of a band to [lo, hi]. */
function clipAt(low: Float64Array, high: Float64Array, i: number, lo: number, hi: number): void {
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
    const hi = this.max ?? Infinity;
    let i = 0;
    if (this.min === undefined && !this.negative) {
      // 0 up to the first negative value, which is not clipped itself
      for (; i < n && !(values[i] < 0); i++) {
        clipAt(low, high, i, 0, hi);
      }
      this.negative = i < n;
    }
    const lo = this.lowest();
    if (lo > -Infinity || hi < Infinity) {
      for (; i < n; i++) {
        clipAt(low, high, i, lo, hi);
      }
    }
  }

  /** Clips a band of points not seen yet (a forecast) to the bounds learnt so far. */
  clip(low: Float64Array, high: Float64Array, n: number): void {
    const lo = this.lowest();
    const hi = this.max ?? Infinity;
    for (let i = 0; i < n; i++) {
      clipAt(low, high, i, lo, hi);
    }
  }

  private lowest(): number {
    return this.min ?? (this.negative ? -Infinity : 0);
  }

  reset(): void {
    this.negative = false;
  }
}

/**
 * The band of a count (requests per bucket, `counts`), never narrower than its Poisson noise: sigma² ≥ expected + 1.
 * A count of expected value λ varies by √λ however steady it is, so a country with a handful of requests an hour
 * would otherwise get a band learnt from a few zeros and ones and flag every third request. The + 1: the expected
 * value is itself learnt, and a rate seen as 0 does not make one event impossible; it also keeps the Gaussian tail
 * of the skewed small-λ Poisson honest (P(X ≥ λ + 4.42·√(λ + 1)) ≤ 7e-5 for λ from 0.05 to 1,000, against 1e-5
 * nominal; without it 1e-3 at λ ≤ 1). Widens points from..to−1 of the kernel's outputs in place and rescales the
 * signed band distance in `score` to the wider band (WARMING_UP and missing points stay as they are).
 */
export function countBand(
  from: number,
  to: number,
  out: { predicted: Float64Array; low: Float64Array; high: Float64Array; score: Float64Array },
  k: number
): void {
  const { predicted, low, high, score } = out;
  for (let i = from; i < to; i++) {
    const expected = predicted[i];
    const half = 0.5 * (high[i] - low[i]);
    const poisson = k * Math.sqrt((expected > 0 ? expected : 0) + 1);
    if (poisson > half) {
      low[i] = expected - poisson;
      high[i] = expected + poisson;
      score[i] *= half / poisson;
    }
  }
}

/**
 * Whether a point lies outside its band: context for the adapters, which draw band exits below the threshold
 * quietly. Not the anomaly flag of the statistical presets (that is score ≥ threshold); false without a band.
 */
export function outsideBand(x: number, low: number, high: number): boolean {
  return x < low || x > high;
}
