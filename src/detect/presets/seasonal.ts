// Additive seasonal exponential smoothing (Holt-Winters without trend, ETS(A,N,A)) on wall-clock slots:
// the season (params.season ms) is cut into slots of the series' first time step, and each point updates
// the slot its timestamp falls in, so irregular spacing and gaps keep the time-of-day alignment.
// - level: running mean over the first season (so the profile learns x − mean), then weight alpha;
// - profile: each slot averages its first visits, then weight SEASON_WEIGHT, from Huber-clipped residuals
//   so an incident is not learned as "normal at this time of day";
// - variance and score as the ewma preset (see presets/ewma.ts), on the seasonal residual.
import * as band from '../band';
import * as kernel from '../kernel';
import type { ForecastState, Kernel, Outputs } from '../kernel';
import { AnomalyLikelihood, WARMING_UP } from '../likelihood';
import type { DetectorParams } from '../types';

// Local bindings: in tsx/esbuild's CommonJS output each use of an import is a getter call, which keeps V8
// from inlining these helpers in the per-point loop (measured 4× slower).
const { huber, nextQuantum, sigmaFloor } = band;
const { writeMissing } = kernel;

const SEASON_WEIGHT = 0.2;
/** Memory bound: finer sampling than season/MAX_SLOTS shares slots. */
const MAX_SLOTS = 10_000;

export class SeasonalKernel implements Kernel {
  private n = 0;
  private level = 0;
  private variance = 0;
  private last = 0;
  private quantum = Infinity;
  private t0 = 0;
  /** The series' first time step (ms): the spacing of forecast points. */
  private firstStep = 0;
  private slotMs = 0;
  private profile = new Float64Array(0);
  private seen = new Uint32Array(0);

  private readonly likelihood: AnomalyLikelihood;

  constructor(private readonly p: DetectorParams) {
    this.likelihood = new AnomalyLikelihood(p.threshold, p.warmup, p.counts ? p.k : 0);
  }

  process(times: ArrayLike<number>, values: ArrayLike<number>, count: number, out: Outputs): void {
    const { alpha, gamma, k, warmup, season } = this.p;
    const learn = Math.ceil(1 / gamma);
    for (let i = 0; i < count; i++) {
      const x = values[i];
      const t = times[i];
      if (x - x !== 0) {
        writeMissing(out, i);
        continue;
      }
      if (this.n === 0) {
        this.t0 = t;
        this.level = x;
        this.last = x;
        this.n = 1;
        out.predicted[i] = NaN;
        out.low[i] = NaN;
        out.high[i] = NaN;
        out.score[i] = WARMING_UP;
        continue;
      }
      if (this.slotMs === 0 && t > this.t0) {
        this.allocate(t - this.t0, season);
      }
      const slot =
        this.slotMs === 0 ? -1 : Math.min(this.profile.length - 1, Math.floor(((t - this.t0) % season) / this.slotMs));
      const seasonal = slot >= 0 ? this.profile[slot] : 0;
      const predicted = this.level + seasonal;
      const floor = sigmaFloor(this.quantum, predicted);
      const varEff = this.variance > floor * floor ? this.variance : floor * floor;
      const half = k * Math.sqrt(varEff);
      const resid = x - predicted;
      const r = resid / half;
      out.predicted[i] = predicted;
      out.low[i] = predicted - half;
      out.high[i] = predicted + half;
      out.score[i] = this.n >= warmup ? r : WARMING_UP; // scored by the likelihood's pass below

      const learning = this.n < learn;
      const e = learning ? resid : huber(resid, half);
      const firstSeason = this.slotMs === 0 || t - this.t0 < season;
      this.level += (firstSeason ? 1 / (this.n + 1) : alpha) * e;
      if (slot >= 0) {
        const visits = ++this.seen[slot];
        const w = visits < 1 / SEASON_WEIGHT ? 1 / visits : SEASON_WEIGHT;
        const dev = x - this.level - seasonal;
        // a slot's first estimate is taken as is: there is nothing to protect yet
        this.profile[slot] = seasonal + w * (visits === 1 || learning ? dev : huber(dev, half));
      }
      this.variance += (learning ? 1 / this.n : gamma) * (e * e - this.variance);
      this.quantum = nextQuantum(this.quantum, x, this.last);
      this.last = x;
      this.n++;
    }
    this.likelihood.scoreAll(times, values, 0, count, out);
  }

  reset(): void {
    this.likelihood.reset();
    Object.assign(this, { n: 0, level: 0, variance: 0, last: 0, quantum: Infinity, t0: 0, firstStep: 0, slotMs: 0 });
    this.profile = new Float64Array(0);
    this.seen = new Uint32Array(0);
  }

  /** Level plus the profile at each future slot: see forecast.ts. */
  forecastState(): ForecastState | undefined {
    const { slotMs, t0, profile, level, variance } = this;
    if (slotMs === 0) {
      return undefined;
    }
    const { season, alpha } = this.p;
    const floor = sigmaFloor(this.quantum, level);
    return {
      stepMs: this.firstStep,
      expected: (t) => level + profile[Math.min(profile.length - 1, Math.floor(((t - t0) % season) / slotMs + 1e-9))],
      variance: variance > floor * floor ? variance : floor * floor,
      alpha,
      period: profile.length,
      profileWeight: SEASON_WEIGHT,
    };
  }

  /** Slots of the first time step, so every slot is visited once a season at the series' own resolution. */
  private allocate(step: number, season: number): void {
    this.firstStep = step;
    const slots = Math.max(1, Math.min(MAX_SLOTS, Math.round(season / step)));
    this.slotMs = season / slots;
    this.profile = new Float64Array(slots);
    this.seen = new Uint32Array(slots);
  }
}
