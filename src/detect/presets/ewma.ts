// The default preset: exponentially weighted mean and variance of the one-step prediction error, with the
// daily and weekly cycles learnt alongside and used when they predict better.
// - the prediction is the level before the point (alpha weights the new value), so the band is a prediction
//   interval and the variance is that of prediction errors, which is what the band must cover;
// - the variance is a running mean for its first 1/gamma points, then exponentially weighted by gamma;
// - after those points, residuals are Huber-clipped at the band edge before they update level and variance
//   (see band.ts `huber`, `huberSq`);
// - seasonality: a day and a week cycle (additive Holt-Winters without trend: level + time-of-day or
//   time-of-week profile) learn alongside the plain level, each from its own errors. Each point is predicted
//   by whichever of the three has the smallest error variance, so a daily or weekly pattern is predicted
//   rather than alarming at every swing, a broken pattern (a holiday, a missing peak, a level change that only
//   shows against the time of day) is seen, and a series without a cycle keeps the plain EWMA: a profile
//   learnt from noise only adds error, so it does not win. No season parameter: days and weeks are the
//   cycles of the activity Grafana monitors;
// - sigma never drops below the rounding/quantisation floor, so flat or quantised series do not alarm;
// - the score is the band distance, tail-calibrated (band.ts `TailCalibration`), reported once per incident:
//   a point scores only if it exceeds every recent score (a record fading by 1 − gamma per point, the
//   variance's memory), so an excursion pages at its onset and when it gets worse, not on each of its points;
// - `s += a·(x − s)` leaves s exactly equal to a constant input (the notebook's form does not).
import * as band from '../band';
import * as kernel from '../kernel';
import type { Kernel, Outputs } from '../kernel';
import * as severity from '../severity';
import type { DetectorParams } from '../types';

// Local bindings: in tsx/esbuild's CommonJS output each use of an import is a getter call, which keeps V8
// from inlining these helpers in the per-point loop (measured 4× slower).
const { huberSq, isAnomalous, nextQuantum, sigmaFloor, TailCalibration } = band;
const { writeMissing } = kernel;
const { scoreOf } = severity;

const DAY_MS = 86_400_000;
/** Profile weight once a slot has been visited 1/CYCLE_WEIGHT times (as the seasonal preset's profile). */
const CYCLE_WEIGHT = 0.2;
/** Memory bound: sampling finer than a minute shares time-of-day slots. */
const MAX_DAY_SLOTS = 1440;

/**
 * One step of a cycle's profile slot: it averages its first visits, then weight CYCLE_WEIGHT, of the
 * deviation `dev` Huber-clipped at the band edge (`half2` = its square), so an incident is not learnt as
 * normal at this time of day (a slot's first estimate is taken as is: there is nothing to protect yet).
 */
function learnSlot(
  profile: Float64Array,
  seen: Uint32Array,
  slot: number,
  dev: number,
  half2: number,
  learning: boolean
) {
  const visits = ++seen[slot];
  const w = visits < 1 / CYCLE_WEIGHT ? 1 / visits : CYCLE_WEIGHT;
  profile[slot] += w * (visits === 1 || learning ? dev : huberSq(dev, half2));
}

/**
 * The end of a cycle's first period: its level is the mean of the period and each slot the mean of its raw
 * values, so the profile is the slots' deviation from the level (the classic Holt-Winters start, done
 * causally once the period has been seen).
 */
function centre(profile: Float64Array, level: number): void {
  for (let s = 0; s < profile.length; s++) {
    profile[s] -= level;
  }
}

export class EwmaKernel implements Kernel {
  private n = 0;
  private level = 0;
  private variance = 0;
  private last = 0;
  private quantum = Infinity;
  private hot = false;
  /** Fading record of recent scores (the once-per-incident rule). */
  private record = 0;
  // The cycles (additive Holt-Winters without trend): slots of the series' first time step, wall-clock
  // aligned from the first point t0 so gaps and irregular spacing keep the time of day; a week is seven days
  // of slots. Each has its level, its profile and the variance of its own one-step errors, learnt like the
  // plain model's once its first period is complete (see `centre`). That variance starts from the plain
  // model's, so a cycle competes only 1/gamma points later (`dayFrom`, `weekFrom`; Infinity during the first
  // period), when it measures the cycle's own errors, as the plain variance does after its first 1/gamma.
  private t0 = 0;
  private slotMs = 0;
  /** Start of the next slot (Infinity until the first time step is known). */
  private next = Infinity;
  private daySlot = 0;
  private weekSlot = 0;
  private dayProfile = new Float64Array(0);
  private daySeen = new Uint32Array(0);
  private weekProfile = new Float64Array(0);
  private weekSeen = new Uint32Array(0);
  private dayFrom = Infinity;
  private weekFrom = Infinity;
  private dayLevel = 0;
  private dayVariance = 0;
  private weekLevel = 0;
  private weekVariance = 0;
  private readonly calibration: band.TailCalibration;

  constructor(private readonly p: DetectorParams) {
    this.calibration = new TailCalibration(p.k, p.gamma);
  }

  process(times: ArrayLike<number>, values: ArrayLike<number>, count: number, out: Outputs): void {
    const { alpha, gamma, k, warmup } = this.p;
    const { predicted, low, high, score, anomaly } = out;
    const learn = Math.ceil(1 / gamma);
    const fade = 1 - gamma;
    const k2 = k * k;
    const calibration = this.calibration;
    let { n, level, variance, last, quantum, hot, record, t0, slotMs, next, daySlot, weekSlot } = this;
    let { dayProfile, daySeen, weekProfile, weekSeen, dayFrom, weekFrom } = this;
    let { dayLevel, dayVariance, weekLevel, weekVariance } = this;
    for (let i = 0; i < count; i++) {
      const x = values[i];
      if (x - x !== 0) {
        writeMissing(out, i);
        continue;
      }
      const t = times[i];
      if (n === 0) {
        t0 = t;
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
      if (slotMs === 0 && t > t0) {
        // the first time step sets the slots; both cycles start from the plain level
        const slots = Math.max(1, Math.min(MAX_DAY_SLOTS, Math.round(DAY_MS / (t - t0))));
        slotMs = DAY_MS / slots;
        next = t0 + slotMs;
        dayProfile = new Float64Array(slots);
        daySeen = new Uint32Array(slots);
        weekProfile = new Float64Array(7 * slots);
        weekSeen = new Uint32Array(7 * slots);
        dayLevel = weekLevel = level;
        // slot 0 has been seen: the previous point (every slot holds the mean of its raw values until `centre`)
        dayProfile[0] = weekProfile[0] = last;
        daySeen[0] = weekSeen[0] = 1;
      }
      if (t >= next) {
        if (t < next + slotMs) {
          // regular sampling: the next slot
          next += slotMs;
          daySlot = daySlot + 1 < dayProfile.length ? daySlot + 1 : 0;
          weekSlot = weekSlot + 1 < weekProfile.length ? weekSlot + 1 : 0;
        } else {
          // after a gap: locate the slot by division
          const c = Math.floor((t - t0) / slotMs);
          next = t0 + (c + 1) * slotMs;
          daySlot = c % dayProfile.length;
          weekSlot = c % weekProfile.length;
        }
      }
      if (dayFrom === Infinity && slotMs > 0 && t - t0 >= DAY_MS) {
        centre(dayProfile, dayLevel);
        dayVariance = variance;
        dayFrom = n + learn;
      }
      if (weekFrom === Infinity && slotMs > 0 && t - t0 >= 7 * DAY_MS) {
        centre(weekProfile, weekLevel);
        weekVariance = variance;
        weekFrom = n + learn;
      }
      const daySeasonal = slotMs > 0 ? dayProfile[daySlot] : 0;
      const weekSeasonal = slotMs > 0 ? weekProfile[weekSlot] : 0;
      const floor = sigmaFloor(quantum, level);
      const floor2 = floor * floor;
      // the model with the smallest error variance
      let pred = level;
      let varModel = variance;
      if (n >= dayFrom && dayVariance < varModel) {
        pred = dayLevel + daySeasonal;
        varModel = dayVariance;
      }
      if (n >= weekFrom && weekVariance < varModel) {
        pred = weekLevel + weekSeasonal;
        varModel = weekVariance;
      }
      const half = k * Math.sqrt(varModel > floor2 ? varModel : floor2);
      const r = Math.abs(x - pred) / half;
      predicted[i] = pred;
      low[i] = pred - half;
      high[i] = pred + half;
      const scored = n >= warmup;
      hot = scored && isAnomalous(r, hot);
      const calibrated = calibration.next(r);
      const s = scored ? scoreOf(calibrated) : 0;
      score[i] = s > record ? s : 0;
      record = s > record * fade ? s : record * fade;
      anomaly[i] = hot ? 1 : 0;

      // each model learns from its own error, clipped at its own band edge
      const learning = n < learn;
      const weight = learning ? 1 / n : gamma;
      const e = learning ? x - level : huberSq(x - level, k2 * (variance > floor2 ? variance : floor2));
      variance += weight * (e * e - variance);
      level += alpha * e;
      if (dayFrom < Infinity) {
        const dayHalf2 = k2 * (dayVariance > floor2 ? dayVariance : floor2);
        const de = learning ? x - dayLevel - daySeasonal : huberSq(x - dayLevel - daySeasonal, dayHalf2);
        dayLevel += alpha * de;
        dayVariance += weight * (de * de - dayVariance);
        learnSlot(dayProfile, daySeen, daySlot, x - dayLevel - daySeasonal, dayHalf2, learning);
      } else if (slotMs > 0) {
        dayLevel += (x - dayLevel) / (n + 1);
        learnSlot(dayProfile, daySeen, daySlot, x - daySeasonal, 0, true);
      }
      if (weekFrom < Infinity) {
        const weekHalf2 = k2 * (weekVariance > floor2 ? weekVariance : floor2);
        const we = learning ? x - weekLevel - weekSeasonal : huberSq(x - weekLevel - weekSeasonal, weekHalf2);
        weekLevel += alpha * we;
        weekVariance += weight * (we * we - weekVariance);
        learnSlot(weekProfile, weekSeen, weekSlot, x - weekLevel - weekSeasonal, weekHalf2, learning);
      } else if (slotMs > 0) {
        weekLevel += (x - weekLevel) / (n + 1);
        learnSlot(weekProfile, weekSeen, weekSlot, x - weekSeasonal, 0, true);
      }
      quantum = nextQuantum(quantum, x, last);
      last = x;
      n++;
    }
    Object.assign(this, { n, level, variance, last, quantum, hot, record, t0, slotMs, next, daySlot, weekSlot });
    Object.assign(this, { dayProfile, daySeen, weekProfile, weekSeen, dayFrom, weekFrom });
    Object.assign(this, { dayLevel, dayVariance, weekLevel, weekVariance });
  }

  reset(): void {
    Object.assign(this, { n: 0, level: 0, variance: 0, last: 0, quantum: Infinity, hot: false, record: 0 });
    Object.assign(this, {
      t0: 0,
      slotMs: 0,
      next: Infinity,
      daySlot: 0,
      weekSlot: 0,
      dayFrom: Infinity,
      weekFrom: Infinity,
    });
    Object.assign(this, { dayLevel: 0, dayVariance: 0, weekLevel: 0, weekVariance: 0 });
    this.dayProfile = this.weekProfile = new Float64Array(0);
    this.daySeen = this.weekSeen = new Uint32Array(0);
    this.calibration.reset(this.p.k);
  }
}
