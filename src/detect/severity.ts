// Severity bands (Elastic-ML-like) and the one mapping from a detector's statistic to a 0–100 score.
import type { Severity } from './types';

/** Lower bound (inclusive) of each severity band on the 0–100 score. */
export const SEVERITY_THRESHOLDS: Readonly<Record<Exclude<Severity, 'none'>, number>> = Object.freeze({
  warning: 3,
  minor: 25,
  major: 50,
  critical: 75,
});

export function severityOf(score: number): Severity {
  if (score >= SEVERITY_THRESHOLDS.critical) {
    return 'critical';
  }
  if (score >= SEVERITY_THRESHOLDS.major) {
    return 'major';
  }
  if (score >= SEVERITY_THRESHOLDS.minor) {
    return 'minor';
  }
  if (score >= SEVERITY_THRESHOLDS.warning) {
    return 'warning';
  }
  return 'none'; // also NaN (no value, no score)
}

/** Severity of a flagged point or episode: its score's band, at least `warning` (a flagged point is never "none"). */
export function flaggedSeverity(score: number): Exclude<Severity, 'none'> {
  const s = severityOf(score);
  return s === 'none' ? 'warning' : s;
}

/**
 * Score of a point lying `r` band half-widths away from the prediction (r = |x − predicted| / (k·sigma)).
 * Inside the band (r < 1) the score is 25·r⁴: quiet until close to the edge (warning from r ≈ 0.59).
 * Outside it is 100 − 75/r: minor at the edge (r = 1), major at 1.5, critical at 3, approaching 100 without
 * ever saturating, so a threshold-optimising consumer (NAB) can still rank large deviations.
 * Continuous and monotonic in r; r = ∞ (a deviation from a zero-width band) scores 100. The statistical presets
 * pass r through band.ts `TailCalibration` first (it can only lower it).
 */
export function scoreOf(r: number): number {
  if (r < 1) {
    const r2 = r * r;
    return 25 * r2 * r2;
  }
  return 100 - 75 / r;
}
