// The default preset: exponentially weighted level and variance of the one-step prediction error, with a day and
// a week cycle learnt alongside. The maths and the reasons are in src/detect/README.md (Decisions, Presets).
import * as band from '../band';
import { DAY_MS } from '../duration';
import * as kernel from '../kernel';
import type { ForecastState, Kernel, Outputs } from '../kernel';
import { AnomalyLikelihood, WARMING_UP } from '../likelihood';
import type { DetectorParams } from '../types';

// Local bindings: in tsx/esbuild's CommonJS output each use of an import is a getter call, which keeps V8
// from inlining these helpers in the per-point loop (measured 4× slower).
const { huberSq, nextQuantum, sigmaFloor } = band;
const { writeMissing } = kernel;

/** Profile weight once a slot has been visited 1/CYCLE_WEIGHT times (as the seasonal preset's profile). */
const CYCLE_WEIGHT = 0.2;
/** Memory bound: sampling finer than a minute shares time-of-day slots. */
const MAX_DAY_SLOTS = 1440;

/**
 * Where the numbers carried from point to point live between calls: a Float64Array (`EwmaKernel.state`). V8
 * often runs a long loop in code compiled while the loop was running (on-stack replacement), and that code
 * keeps every number carried in a loop variable in a heap box, allocated anew each point: measured 2.5× slower,
 * and which code runs differs from one process to the next. `warmUp` (a series' first week or so) reads and
 * writes them there at each point; `steady` runs in bounded chunks, compiled whole, so it copies them into
 * locals for a chunk (each typed-array access also costs a bounds and a detached-buffer check).
 */
const enum S {
  level,
  variance,
  last,
  quantum,
  /** Start of the next slot (Infinity until the first time step is known). */
  next,
  dayLevel,
  dayVariance,
  weekLevel,
  weekVariance,
  size,
}
/**
 * Points per `steady` call. Called once per series, the method would only ever run in code compiled mid-loop
 * (see `S`) from partial feedback, thrown away at the end of each call; bounded calls get it compiled whole.
 */
const STEADY_CHUNK = 4096;

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
  /** Level, variances, last value, quantum, next slot start: indexed by `S`. */
  private readonly state = new Float64Array(S.size);
  // The cycles (additive Holt-Winters without trend): slots of the series' first time step, wall-clock
  // aligned from the first point t0 so gaps and irregular spacing keep the time of day; a week is seven days
  // of slots. Each has its level, its profile and the variance of its own one-step errors, learnt like the
  // plain model's once its first period is complete (see `centre`). That variance starts from the plain
  // model's, so a cycle competes only 1/gamma points later (`dayFrom`, `weekFrom`; Infinity during the first
  // period), when it measures the cycle's own errors, as the plain variance does after its first 1/gamma.
  private t0 = 0;
  /** The series' first time step (ms): the spacing of forecast points. */
  private firstStep = 0;
  private slotMs = 0;
  private daySlot = 0;
  private weekSlot = 0;
  private dayProfile = new Float64Array(0);
  private daySeen = new Uint32Array(0);
  private weekProfile = new Float64Array(0);
  private weekSeen = new Uint32Array(0);
  private dayFrom = Infinity;
  private weekFrom = Infinity;
  private readonly likelihood: AnomalyLikelihood;

  constructor(private readonly p: DetectorParams) {
    this.likelihood = new AnomalyLikelihood(p.threshold, p.warmup, p.counts ? p.k : 0);
    this.reset();
  }

  process(times: ArrayLike<number>, values: ArrayLike<number>, count: number, out: Outputs): void {
    const steadyFrom = this.warmUp(times, values, count, out);
    this.likelihood.scoreAll(times, values, 0, steadyFrom, out);
    for (let i = steadyFrom; i < count; i += STEADY_CHUNK) {
      const to = Math.min(count, i + STEADY_CHUNK);
      this.steady(times, values, i, to, out);
      this.likelihood.scoreAll(times, values, i, to, out); // while the block is in the CPU cache
    }
  }

  /** The model that would predict the next point (the smallest error variance), continued: see forecast.ts. */
  forecastState(): ForecastState | undefined {
    const { state, n, slotMs, t0 } = this;
    if (slotMs === 0) {
      return undefined;
    }
    let variance = state[S.variance];
    let level = state[S.level];
    let profile: Float64Array | undefined;
    if (n >= this.dayFrom && state[S.dayVariance] < variance) {
      [variance, level, profile] = [state[S.dayVariance], state[S.dayLevel], this.dayProfile];
    }
    if (n >= this.weekFrom && state[S.weekVariance] < variance) {
      [variance, level, profile] = [state[S.weekVariance], state[S.weekLevel], this.weekProfile];
    }
    const floor = sigmaFloor(state[S.quantum], state[S.level]);
    const cycle = profile;
    return {
      stepMs: this.firstStep,
      // slots count from t0, as `warmUp` and `steady` locate them after a gap
      expected: cycle ? (t) => level + cycle[Math.floor((t - t0) / slotMs + 1e-9) % cycle.length] : () => level,
      variance: variance > floor * floor ? variance : floor * floor,
      alpha: this.p.alpha,
      period: cycle ? cycle.length : Infinity,
      profileWeight: cycle ? CYCLE_WEIGHT : 0,
    };
  }

  /**
   * Points until every warm-up is over (variance learnt, scoring on, both cycles competing); returns the index
   * of the first point left for `steady`. Its loop variables may be boxed (see `S`): it runs for a series'
   * first week or so.
   */
  private warmUp(times: ArrayLike<number>, values: ArrayLike<number>, count: number, out: Outputs): number {
    const { alpha, gamma, k, warmup } = this.p;
    const { predicted, low, high, score } = out;
    const learn = Math.ceil(1 / gamma);
    const k2 = k * k;
    const { state } = this;
    let { n, t0, slotMs, daySlot, weekSlot } = this;
    let { dayProfile, daySeen, weekProfile, weekSeen, dayFrom, weekFrom } = this;
    let level = state[S.level];
    let variance = state[S.variance];
    let last = state[S.last];
    let quantum = state[S.quantum];
    let next = state[S.next];
    let dayLevel = state[S.dayLevel];
    let dayVariance = state[S.dayVariance];
    let weekLevel = state[S.weekLevel];
    let weekVariance = state[S.weekVariance];
    let i = 0;
    for (; i < count && !(n >= learn && n >= warmup && n >= dayFrom && n >= weekFrom); i++) {
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
        score[i] = WARMING_UP;
        continue;
      }
      if (slotMs === 0 && t > t0) {
        // the first time step sets the slots; both cycles start from the plain level
        this.firstStep = t - t0;
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
      const r = (x - pred) / half;
      predicted[i] = pred;
      low[i] = pred - half;
      high[i] = pred + half;
      score[i] = n >= warmup ? r : WARMING_UP; // scored by the likelihood's pass (process)

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
    state[S.level] = level;
    state[S.variance] = variance;
    state[S.last] = last;
    state[S.quantum] = quantum;
    state[S.next] = next;
    state[S.dayLevel] = dayLevel;
    state[S.dayVariance] = dayVariance;
    state[S.weekLevel] = weekLevel;
    state[S.weekVariance] = weekVariance;
    Object.assign(this, { n, t0, slotMs, daySlot, weekSlot });
    Object.assign(this, { dayProfile, daySeen, weekProfile, weekSeen, dayFrom, weekFrom });
    return i;
  }

  /**
   * The points after the warm-up, most of a long series: `warmUp`'s steps with its warm-up branches resolved
   * (the variances learnt with weight gamma, scoring on, both cycles started and competing).
   */
  private steady(times: ArrayLike<number>, values: ArrayLike<number>, from: number, count: number, out: Outputs) {
    const { alpha, gamma, k } = this.p;
    const { predicted, low, high, score } = out;
    const k2 = k * k;
    const { state, t0, slotMs, dayProfile, daySeen, weekProfile, weekSeen } = this;
    let { n, daySlot, weekSlot } = this;
    // the state in locals for the chunk (see `S`; written one by one: destructuring the array measured 1.5×
    // slower, its values no longer known to be numbers)
    let level = state[S.level];
    let variance = state[S.variance];
    let last = state[S.last];
    let quantum = state[S.quantum];
    let next = state[S.next];
    let dayLevel = state[S.dayLevel];
    let dayVariance = state[S.dayVariance];
    let weekLevel = state[S.weekLevel];
    let weekVariance = state[S.weekVariance];
    for (let i = from; i < count; i++) {
      const x = values[i];
      if (x - x !== 0) {
        writeMissing(out, i);
        continue;
      }
      const t = times[i];
      if (t >= next) {
        if (t < next + slotMs) {
          next += slotMs;
          daySlot = daySlot + 1 < dayProfile.length ? daySlot + 1 : 0;
          weekSlot = weekSlot + 1 < weekProfile.length ? weekSlot + 1 : 0;
        } else {
          const c = Math.floor((t - t0) / slotMs);
          next = t0 + (c + 1) * slotMs;
          // | 0: the slots are int32 to V8 (c ≥ 0, so it changes nothing), not boxed at each change
          daySlot = (c % dayProfile.length) | 0;
          weekSlot = (c % weekProfile.length) | 0;
        }
      }
      const daySeasonal = dayProfile[daySlot];
      const weekSeasonal = weekProfile[weekSlot];
      const floor = sigmaFloor(quantum, level);
      const floor2 = floor * floor;
      // both cycle predictions every point: an operation first run after V8 compiled this loop sends it back to
      // slower code (a cycle may win for the first time any day)
      const dayPred = dayLevel + daySeasonal;
      const weekPred = weekLevel + weekSeasonal;
      let pred = level;
      let varModel = variance;
      if (dayVariance < varModel) {
        pred = dayPred;
        varModel = dayVariance;
      }
      if (weekVariance < varModel) {
        pred = weekPred;
        varModel = weekVariance;
      }
      const half = k * Math.sqrt(varModel > floor2 ? varModel : floor2);
      const r = (x - pred) / half;
      predicted[i] = pred;
      low[i] = pred - half;
      high[i] = pred + half;
      score[i] = r;

      const e = huberSq(x - level, k2 * (variance > floor2 ? variance : floor2));
      variance += gamma * (e * e - variance);
      level += alpha * e;
      const dayHalf2 = k2 * (dayVariance > floor2 ? dayVariance : floor2);
      const de = huberSq(x - dayLevel - daySeasonal, dayHalf2);
      dayLevel += alpha * de;
      dayVariance += gamma * (de * de - dayVariance);
      learnSlot(dayProfile, daySeen, daySlot, x - dayLevel - daySeasonal, dayHalf2, false);
      const weekHalf2 = k2 * (weekVariance > floor2 ? weekVariance : floor2);
      const we = huberSq(x - weekLevel - weekSeasonal, weekHalf2);
      weekLevel += alpha * we;
      weekVariance += gamma * (we * we - weekVariance);
      learnSlot(weekProfile, weekSeen, weekSlot, x - weekLevel - weekSeasonal, weekHalf2, false);
      quantum = nextQuantum(quantum, x, last);
      last = x;
      n++;
    }
    state[S.level] = level;
    state[S.variance] = variance;
    state[S.last] = last;
    state[S.quantum] = quantum;
    state[S.next] = next;
    state[S.dayLevel] = dayLevel;
    state[S.dayVariance] = dayVariance;
    state[S.weekLevel] = weekLevel;
    state[S.weekVariance] = weekVariance;
    Object.assign(this, { n, daySlot, weekSlot });
  }

  reset(): void {
    Object.assign(this, { n: 0, t0: 0, firstStep: 0, slotMs: 0, daySlot: 0, weekSlot: 0 });
    Object.assign(this, { dayFrom: Infinity, weekFrom: Infinity });
    this.state.fill(0);
    this.state[S.quantum] = Infinity;
    this.state[S.next] = Infinity;
    this.dayProfile = this.weekProfile = new Float64Array(0);
    this.daySeen = this.weekSeen = new Uint32Array(0);
    this.likelihood.reset();
  }
}
