// The band continued into the future: `horizon` ms after the last point, at the series' own step, from what the
// preset's model expects (kernel.ts `ForecastState`): its level and, when a cycle predicts best, the cycle's
// profile, so a daily or weekly pattern carries on.
//
// Why and how the band widens. The band is expected ± k·sigma_h, where sigma_h² is the variance of the h-step
// error of the model that predicts. The presets are additive exponential smoothing without trend: ETS(A,N,N) for
// the plain level, ETS(A,N,A) with a cycle of m steps. In them every error moves the level by alpha times itself,
// so with no new data the level is a random walk whose variance grows by alpha²·sigma² per step, and the profile
// slot of step h has been updated ⌊(h − 1)/m⌋ fewer times than it would have been, each update moving it by the
// profile weight g. The h-step error variance is then (Hyndman, Koehler, Ord & Snyder, "Forecasting with
// Exponential Smoothing", 2008, class-1 models; Hyndman & Athanasopoulos, "Forecasting: Principles and Practice",
// 3rd ed., table 8.8):
//     sigma_h² = sigma² · (1 + (h − 1)·alpha² + ⌊(h − 1)/m⌋ · g·(2·alpha + g))
// One step ahead it is the detector's own band; it widens like √h with a slope set by alpha (a fast-moving level
// is less certain far ahead), and a little more at each whole cycle. `npm run eval:forecast` measures how often
// actual points fall inside it, per horizon.
import { DetectorError } from './detector';
import type { ForecastState } from './kernel';

/** Future points: `times[h − 1]` = last time + h steps; predicted, low and high as the detector's outputs. */
export interface Forecast {
  times: Float64Array;
  predicted: Float64Array;
  low: Float64Array;
  high: Float64Array;
}

/** Memory bound on one forecast (a week at 6-second steps). */
export const MAX_FORECAST_POINTS = 100_000;

export const NO_FORECAST: Forecast = Object.freeze({
  times: new Float64Array(0),
  predicted: new Float64Array(0),
  low: new Float64Array(0),
  high: new Float64Array(0),
});

/** Horizon errors (ms): a finite number > 0. */
export function validateHorizon(horizonMs: number): string | undefined {
  return typeof horizonMs === 'number' && horizonMs > 0 && Number.isFinite(horizonMs)
    ? undefined
    : `forecast horizon must be a finite number of milliseconds > 0, got ${String(horizonMs)}`;
}

/** sigma_h² / sigma² for h ≥ 1 steps ahead (see the top of this file). */
export function horizonVarianceFactor(h: number, alpha: number, period: number, profileWeight: number): number {
  const cycles = period < Infinity ? Math.floor((h - 1) / period) : 0;
  return 1 + (h - 1) * alpha * alpha + cycles * profileWeight * (2 * alpha + profileWeight);
}

/** The forecast `horizonMs` after `lastTime` (the last point) with band half-width k·sigma_h. Throws DetectorError. */
export function forecastAhead(state: ForecastState, k: number, lastTime: number, horizonMs: number): Forecast {
  const invalid = validateHorizon(horizonMs);
  if (invalid) {
    throw new DetectorError(invalid, [invalid]);
  }
  const { stepMs, variance, alpha, period, profileWeight } = state;
  const points = Math.floor(horizonMs / stepMs);
  if (points > MAX_FORECAST_POINTS) {
    throw new DetectorError(
      `a forecast of ${horizonMs} ms is ${points} points at this series' step of ${stepMs} ms; ` +
        `at most ${MAX_FORECAST_POINTS} points are forecast (shorten the horizon or aggregate the series)`
    );
  }
  const out: Forecast = {
    times: new Float64Array(points),
    predicted: new Float64Array(points),
    low: new Float64Array(points),
    high: new Float64Array(points),
  };
  for (let h = 1; h <= points; h++) {
    const t = lastTime + h * stepMs;
    const expected = state.expected(t);
    const half = k * Math.sqrt(variance * horizonVarianceFactor(h, alpha, period, profileWeight));
    out.times[h - 1] = t;
    out.predicted[h - 1] = expected;
    out.low[h - 1] = expected - half;
    out.high[h - 1] = expected + half;
  }
  return out;
}
