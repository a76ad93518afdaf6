// The score of the statistical presets (ewma, robust, seasonal): how improbable the recent prediction errors
// are for this series, on one scale for every series, so one threshold fits a CPU metric, a count of tweets
// and a temperature. It follows the "anomaly likelihood" of Numenta's HTM detector (Ahmad et al., 2017,
// "Unsupervised real-time anomaly detection for streaming data") and the "spatial anomaly" check of NAB's
// numenta detector, with its constants:
// - raw score of a point: its band distance |r|, r = (x − predicted) / (k·sigma), capped at 1 (the band edge),
//   so one absurd value weighs no more than a point at the edge;
// - the mean of the last AVERAGE raw scores (a short window) is compared with the mean and variance of that
//   mean over a long memory (HISTORY points, exponentially weighted), learnt from the end of the model's own
//   warm-up on, and scored once as many raw scores as the warm-up is long have been learnt (HTM's
//   estimationSamples: 100 at the default warm-up; a short web-traffic series with a warm-up of 12 buckets
//   scores from its 25th); its Gaussian tail probability p is the chance of errors this far from normal under the series'
//   usual behaviour, and the score is −10·log10 p (HTM's log-likelihood, times 100): 50 at p = 1e-5 (the
//   product's default threshold, HTM's "red"), capped at 100 (p ≤ 1e-10); only errors above normal score;
// - the signs of the errors too, as Trigg's tracking signal (1964) monitors a forecast: errors that keep one sign
//   mean the prediction lags behind a drift or a shift it follows, and their sizes alone can look normal all
//   along. The mean of the last AVERAGE signed distances (r capped at ±1) is compared with its own long-term mean
//   and variance in the same way, two-sided, and a point scores the higher of the two tails (each channel is held
//   to p = 1e-5 at the default threshold, so together to at most 2e-5);
// - a value beyond the range of every value seen so far by more than SPATIAL_TOLERANCE of that range scores
//   100 whatever the errors, once the range is learnt (a day and SPATIAL_AFTER points): a level never seen
//   before is anomalous even when the model has followed it; before that, the range is a poor estimate, and a
//   new extreme scores 100 only when it is outside the band and beyond the range by UNLEARNT_TOLERANCE of it
//   (a burst in a short series);
// - counts (`counts`: requests per bucket): the band is at least the count's Poisson noise (band.ts `countBand`), and
//   a new extreme scores 100 only when it is itself as improbable as the threshold (z(threshold) sigmas, 4.42 at
//   50): a steady small count reaches a new maximum every so often by chance, a burst stands far above it;
// - once per incident: after a point scores at or above the threshold, later points score at most
//   YELLOW·threshold until the evidence of both channels has gone (the short mean of |r| back at its long-term
//   mean, and the signed short mean back at its own: crossed to the other side of it from where it stood when the
//   incident opened), so a threshold raises one detection per incident, not one per point of it. Within an
//   incident a new extreme scores 100 only as it would before the range is learnt (outside the band and beyond the
//   range by its width): the incident's own values have just stretched the range, so a value a little past them
//   is the same incident going on, one far past them a second, larger event.
//
// Memory: AVERAGE signed raw scores and fourteen numbers; per point O(1): no logarithm (a table), one square root and
// three divisions; a pass of its own after the preset's (`scoreAll`).
import { countBand } from './band';
import type { Outputs } from './kernel';

import { DAY_MS } from './duration';

/** Short window of raw scores (HTM's averagingWindow). */
export const AVERAGE = 10;
/** Memory of the long-term distribution, points (HTM's historicWindowSize: a month of 5-minute data). */
export const HISTORY = 8640;
/** Floors of the long-term mean and variance of the short mean (HTM's): a perfectly predicted series does
 * not page on the first rounding error. */
const MIN_MEAN = 0.03;
const MIN_VARIANCE = 0.0003;
/** Beyond the range seen so far by this fraction of it: a spatial anomaly (NAB's numenta detector). */
export const SPATIAL_TOLERANCE = 0.05;
/**
 * When the range counts as learnt: SPATIAL_AFTER points (HTM's estimationSamples) and a day (DAY_MS) after the first
 * value. Of n values of a steady series the next is a new extreme with probability 2/(n+1), far above the 1e-5 the
 * threshold promises: judged by a range still being learnt, a day of pure noise at one value a minute flagged
 * 86 % of series (`npm run eval:noise`). NAB never sees this, its first 15 % of a file being unscored; an
 * operator's dashboard over the last day sees nothing else. A day, because it is the shortest cycle operational
 * metrics have: a range learnt over less has not seen the busy hour yet.
 */
export const SPATIAL_AFTER = 100;
/**
 * Before the range is learnt, a new extreme scores 100 only when it is outside the band as well and beyond the
 * range by this fraction of it (its width again): two pieces of evidence, where a busy hour has one. Why the
 * whole width: for noise with exponential tails (Laplace; Gaussian tails are lighter) the range of n values is
 * about 2·b·ln n and a new extreme exceeds the old one by an exponential amount of scale b, so exceeding by the
 * width has probability about n^-2 per new extreme, n^-3 per point: 1e-6 at n = 100.
 */
export const UNLEARNT_TOLERANCE = 1;
/** Within a reported incident, scores are capped at this fraction of the threshold (HTM demotes "red"
 * likelihoods that follow a red one to "yellow": 1e-3 against 1e-5, 30 against 50 on this scale). */
export const YELLOW = 0.6;

/** 10 / ln 10: natural logarithms to tenths of a decade. */
const DECIBEL = 10 / Math.LN10;

/**
 * Score of a standard normal deviate z ≥ 0: −10·log10 p of its two-sided tail p = P(|Z| ≥ z) = erfc(z/√2),
 * capped at 100 (p ≤ 1e-10); 0 for z ≤ 0. Continuous from 0 at the mean; 50 at p = 1e-5 (z = 4.42); the
 * severity bands: warning (3) at p = 0.5, minor (25) at 3e-3, major (50) at 1e-5, critical (75) at 3e-8.
 * erfc from a Chebyshev fit of ln(erfc(x)/t) (Press et al., Numerical Recipes, §6.2; relative error below
 * 1.2e-7 however far the tail).
 */
export function scoreOfZ(z: number): number {
  if (!(z > 0)) {
    return 0;
  }
  const x = z * Math.SQRT1_2;
  const t = 1 / (1 + 0.5 * x);
  const lnErfcOverT =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const score = -DECIBEL * (Math.log(t) + lnErfcOverT);
  // the fit's 1e-7 error would make it a hair negative next to z = 0
  return score < 100 ? (score > 0 ? score : 0) : 100;
}

/** Steps of the score table per unit of z, and its end: scoreOfZ(7.04) = 100 (p < 1e-11). */
const TABLE_STEPS = 64;
const TABLE_END = 7.04;
/** scoreOfZ at z = i / TABLE_STEPS, for linear interpolation (error below 3e-4 score points). */
const SCORE_TABLE = Float64Array.from({ length: Math.ceil(TABLE_END * TABLE_STEPS) + 2 }, (_, i) =>
  scoreOfZ(i / TABLE_STEPS)
);

/** scoreOfZ by table: no logarithm per point (the score is computed at every point of every series). */
export function tabulatedScoreOfZ(z: number): number {
  if (!(z > 0)) {
    return 0;
  }
  if (z >= TABLE_END) {
    return 100;
  }
  const at = z * TABLE_STEPS;
  const i = at | 0;
  const lo = SCORE_TABLE[i];
  return lo + (at - i) * (SCORE_TABLE[i + 1] - lo);
}

/** The z whose score is `score` (scoreOfZ inverted by bisection; 0 for a score ≤ 0, 7.04 for ≥ 100). */
export function zOfScore(score: number): number {
  let lo = 0;
  let hi = TABLE_END;
  for (let i = 0; i < 50; i++) {
    const mid = 0.5 * (lo + hi);
    [lo, hi] = scoreOfZ(mid) < score ? [mid, hi] : [lo, mid];
  }
  return score > 0 ? hi : 0;
}

const enum L {
  sum,
  head,
  count,
  /** Raw scores learnt into the long-term distribution. */
  seen,
  mean,
  variance,
  lo,
  hi,
  /** 1 within a reported incident. */
  incident,
  /** The signed channel's short sum, and long-term mean and variance of its short mean. */
  signedSum,
  signedMean,
  signedVariance,
  /** When the range counts as learnt: a day after the first value (NaN before it). */
  learntAt,
  /** The side of the signed evidence when the incident opened: the sign of (signed short mean − its long-term mean). */
  incidentSide,
  size,
}

/**
 * What a preset writes in `score` for a point of its model's warm-up, instead of a band distance: its errors say
 * nothing yet, so they are neither scored nor learnt (the value still extends the range seen). Not a number: any
 * number is a possible signed distance (a distance that is not a number, from a model that overflowed, counts as
 * no evidence either).
 */
export const WARMING_UP = NaN;

/**
 * Points per `scoreChunk` call: a method called once per series would only ever run in code compiled mid-loop
 * (see presets/ewma.ts `S` and `STEADY_CHUNK`).
 */
const CHUNK = 4096;

export class AnomalyLikelihood {
  /** The last AVERAGE signed raw scores. */
  private readonly recent = new Float64Array(AVERAGE);
  /** The numbers carried from point to point, in an array (see presets/ewma.ts `S`). */
  private readonly s = new Float64Array(L.size);
  private readonly cap: number;
  /** Band distance a new extreme needs to score 100 before the range is learnt (and always for counts). */
  private readonly spatialR: number;
  /** Fraction of the range a new extreme must exceed it by before the range is learnt. */
  private readonly unlearntTolerance: number;

  /** `estimation`: raw scores learnt before the first score (the preset's warm-up). */
  constructor(
    private readonly threshold: number,
    private readonly estimation: number,
    /** k when the values are counts (band.ts `countBand`), else 0. */
    private readonly countsK = 0
  ) {
    this.cap = YELLOW * threshold;
    // a count's new extreme must itself be as improbable as the threshold: z(threshold) sigmas from the expected
    this.spatialR = countsK > 0 ? Math.max(1, zOfScore(threshold) / countsK) : 1;
    // ... which bounds its chance by itself; other values need the range's width as the second piece of evidence
    this.unlearntTolerance = countsK > 0 ? SPATIAL_TOLERANCE : UNLEARNT_TOLERANCE;
    this.reset();
  }

  /**
   * Scores points from..to−1 after the preset's pass over them: on entry `out.score` holds each point's signed band
   * distance r = (x − predicted) / half-width (or WARMING_UP), on exit its score, and `out.anomaly` is set to
   * score ≥ threshold; points without a value (x not finite: the preset wrote them as missing) are skipped.
   * A pass of its own rather than a call per point: a call that is not inlined passes and returns its numbers
   * boxed, an allocation each (measured: the likelihood then cost as much as the rest of the ewma preset). A
   * preset calls it on blocks of a few thousand points it has just written, while they are in the CPU cache.
   */
  scoreAll(times: ArrayLike<number>, values: ArrayLike<number>, from: number, to: number, out: Outputs): void {
    if (this.countsK > 0) {
      countBand(from, to, out, this.countsK);
    }
    for (let i = from; i < to; i += CHUNK) {
      this.scoreChunk(times, values, i, Math.min(to, i + CHUNK), out.score, out.anomaly);
    }
  }

  /**
   * The state is read into locals at the start and written back at the end: each typed-array access costs a
   * bounds and a detached-buffer check, and chunks keep the locals out of code compiled mid-loop (see `CHUNK`).
   */
  private scoreChunk(
    times: ArrayLike<number>,
    values: ArrayLike<number>,
    from: number,
    to: number,
    score: Float64Array,
    anomaly: Uint8Array
  ) {
    const { s, recent, threshold, estimation, cap, spatialR, unlearntTolerance } = this;
    const spatialAfter = this.countsK > 0 ? Infinity : SPATIAL_AFTER;
    let sum = s[L.sum];
    let signedSum = s[L.signedSum];
    let signedMean = s[L.signedMean];
    let signedVariance = s[L.signedVariance];
    // integers as int32 locals: a loop variable V8 cannot type stays a tagged value, boxed anew at each change
    let head = s[L.head] | 0;
    let count = s[L.count] | 0;
    let seen = s[L.seen];
    let mean = s[L.mean];
    let variance = s[L.variance];
    let lo = s[L.lo];
    let hi = s[L.hi];
    let incident = s[L.incident] | 0;
    let learntAt = s[L.learntAt];
    let incidentSide = s[L.incidentSide];
    for (let i = from; i < to; i++) {
      const x = values[i];
      if (x - x !== 0) {
        continue;
      }
      if (learntAt !== learntAt) {
        learntAt = times[i] + DAY_MS;
      }
      const r = score[i];
      const wasLo = lo;
      const wasHi = hi;
      // Math.min/max, not a comparison: their result is a number to V8, so lo, hi and p (with `cap`) stay unboxed
      // doubles (a loop variable that may be anything is boxed at each change)
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
      if (r !== r) {
        // WARMING_UP
        score[i] = 0;
        anomaly[i] = 0;
        continue;
      }
      const signedRaw = r > 1 ? 1 : r < -1 ? -1 : r; // a zero-width band gives r = ±Infinity
      const raw = Math.abs(signedRaw);
      // one ring for both channels: a raw score is the size of the signed one
      const old = recent[head];
      recent[head] = signedRaw;
      sum = sum + raw - Math.abs(old);
      signedSum = signedSum + signedRaw - old;
      head = head + 1 < AVERAGE ? head + 1 : 0;
      count = count < AVERAGE ? count + 1 : AVERAGE;
      const avg = sum / count;
      const signedAvg = signedSum / count;
      let p = 0;
      if (seen >= estimation) {
        const m = mean > MIN_MEAN ? mean : MIN_MEAN;
        const sizeVariance = variance > MIN_VARIANCE ? variance : MIN_VARIANCE;
        const signVariance = signedVariance > MIN_VARIANCE ? signedVariance : MIN_VARIANCE;
        const above = avg > m ? avg - m : 0; // sizes score only above normal
        const bias = Math.abs(signedAvg - signedMean);
        // the tail of the channel with the larger z (the score is monotonic in z), z² compared without dividing
        const sizeWins = above * above * signVariance >= bias * bias * sizeVariance;
        p = tabulatedScoreOfZ((sizeWins ? above : bias) / Math.sqrt(sizeWins ? sizeVariance : signVariance));
        // within an incident the range has just been stretched by the incident's own values: a new extreme must
        // then be what it must be before the range is learnt (a second, larger event), not the same one going on
        const learnt = seen >= spatialAfter && times[i] >= learntAt && incident === 0;
        const tolerance = (learnt ? SPATIAL_TOLERANCE : unlearntTolerance) * (wasHi - wasLo);
        // x beyond the range seen is rare: the full check only then
        const spatial =
          (x < wasLo || x > wasHi) &&
          (learnt || r > spatialR || r < -spatialR) &&
          wasHi > wasLo &&
          (x > wasHi + tolerance || x < wasLo - tolerance);
        const signedExcess = signedAvg - signedMean;
        if (spatial) {
          p = 100;
        } else if (p >= threshold && incident === 1) {
          p = cap;
        } else if (p < threshold && avg <= m && signedExcess * incidentSide <= 0) {
          // the evidence of both channels is gone: the sizes back at their mean and the signed mean back at its own
          // (a two-sided z is 0 only there; during a drift the sizes look normal all along)
          incident = 0;
        }
        if (p >= threshold && incident === 0) {
          incident = 1;
          incidentSide = Math.sign(signedExcess);
        }
      }
      score[i] = p;
      anomaly[i] = p >= threshold ? 1 : 0;
      seen++;
      const w = seen < HISTORY ? 1 / seen : 1 / HISTORY;
      const d = avg - mean;
      const nextMean = mean + w * d;
      variance += w * (d * (avg - nextMean) - variance);
      mean = nextMean;
      const signedD = signedAvg - signedMean;
      const nextSignedMean = signedMean + w * signedD;
      signedVariance += w * (signedD * (signedAvg - nextSignedMean) - signedVariance);
      signedMean = nextSignedMean;
    }
    s[L.sum] = sum;
    s[L.head] = head;
    s[L.count] = count;
    s[L.seen] = seen;
    s[L.mean] = mean;
    s[L.variance] = variance;
    s[L.lo] = lo;
    s[L.hi] = hi;
    s[L.incident] = incident;
    s[L.signedSum] = signedSum;
    s[L.signedMean] = signedMean;
    s[L.signedVariance] = signedVariance;
    s[L.learntAt] = learntAt;
    s[L.incidentSide] = incidentSide;
  }

  reset(): void {
    this.recent.fill(0);
    this.s.fill(0);
    this.s[L.lo] = Infinity;
    this.s[L.hi] = -Infinity;
    this.s[L.learntAt] = NaN;
  }
}
