// Population outliers: which of N series on one time axis stands out from its peers, and for how long.
//
// At each time step the peers' centre is the median across the series and their spread the MAD (scaled by
// 1.4826, a standard deviation for Gaussian peers); the cluster range is centre ± k·spread. A point's distance is
// r = |x − centre| / (k·spread), in cluster half-widths, as the per-series detectors' band distance. A series is
// odd for one point when r > 1, and an outlier when it has been odd for a while: its score uses the lower
// median of r over its last `window` steps, which exceeds 1 exactly when more than half of those steps were
// outside the cluster range — one stray point (or a few, under half the window) never makes an outlier, a
// lasting departure does, and its size sets the 0–100 score (severity.ts `scoreOf`). Once flagged, a series stays
// an outlier until r̃ is back within HYSTERESIS (no flapping at the edge); outlier steps form episodes.
//
// Why median/MAD and not a density method (DBSCAN): measured on labelled groups in `npm run eval:population`
// (see src/detect/README.md); both flag the same departures there, MAD needs no eps and costs two linear-time
// selections per step instead of a sort.
//
// Invariants (property-tested): permuting the series permutes the results; adding one constant to every series,
// or multiplying every series by one positive constant, changes no score or flag (the centre and cluster range
// move with the data). Hence no relative floor on the spread: the floor is half the smallest non-zero distance
// from the centre seen so far (a quantum: integer counts one apart are not an outlier when most peers are equal).
import { BandBounds } from './band';
import { DetectorError } from './detector';
import { EpisodeTracker } from './episodes';
import { paramErrors } from './params';
import * as select from './select';
import * as severity from './severity';
import type { Episode, ParamError } from './types';

// Local bindings: in tsx/esbuild's CommonJS output each use of an import is a getter call (see presets/ewma.ts).
const { lowerBound, medianInPlace } = select;
const { scoreOf } = severity;

/** Settings of the population detector (validated like the per-series ones; see README "Options reference"). */
export interface PopulationParams {
  /** Cluster range half-width in robust standard deviations (1.4826·MAD across the peers), k > 0. */
  k: number;
  /** Persistence: outlier when more than half of a series' last `window` steps lie outside the cluster range. */
  window: number;
  /** Anomalous steps at most this many milliseconds after an episode's end join it, ≥ 0. */
  episodeGap: number;
}

/**
 * k = 3: three robust standard deviations, as Datadog's MAD tolerance and the usual 3-sigma rule (0.3 % of
 * Gaussian peers outside). window = 6: an outlier after 4 of its last 6 steps outside — an hour at Grafana's
 * common 10-minute step, 6 minutes at 1-minute; two stray steps never flag.
 */
export const POPULATION_DEFAULTS: Readonly<PopulationParams> = Object.freeze({ k: 3, window: 6, episodeGap: 0 });

/** Peers needed at a step to say who is odd: with two, each is as odd as the other. */
export const MIN_PEERS = 3;

/** An outlier stays one until its persistent distance is back within this fraction of the cluster range. */
const HYSTERESIS = 0.75;

/** Memory of the peers' typical spread (`learnSpread`): one day, the cycle of most monitored activity. */
const SPREAD_MEMORY_MS = 86_400_000;

/** 1/Φ⁻¹(3/4): the MAD of Gaussian values times this is their standard deviation. */
const MAD_TO_SD = 1.4826;

export interface PopulationOutputs {
  /**
   * Per step: the peers' median, and the cluster range centre ± k·spread (NaN with fewer than 3 peers), clipped at 0
   * while no series has been negative (counts, rates, bytes: the per-series band's rule, band.ts `BandBounds`).
   */
  center: Float64Array;
  low: Float64Array;
  high: Float64Array;
  /** Per step: how many series had a value. */
  peers: Uint32Array;
  /** Per series, per step: 0–100 outlier score (NaN where the series has no value or the step too few peers). */
  score: Float64Array[];
  /** Per series, per step: 1 = outlier. */
  anomaly: Uint8Array[];
}

export interface PopulationResult extends PopulationOutputs {
  /** Per series: the highest score so far (sort a legend by it). */
  outlierScore: Float64Array;
  /** Per series: its outlier episodes so far (closed, then the open one). */
  episodes: Episode[][];
}

/** [] when valid; messages state the allowed range (the per-series detector's rules). */
export function validatePopulationParams(params: Partial<PopulationParams>): ParamError[] {
  return paramErrors(params, ['k', 'window', 'episodeGap']);
}

/** Throws `DetectorError` listing every invalid parameter. */
export function createPopulation(seriesCount: number, params: Partial<PopulationParams> = {}): PopulationDetector {
  const errors = validatePopulationParams(params).map((e) => e.message);
  if (!(Number.isInteger(seriesCount) && seriesCount >= 0)) {
    errors.push(`series count must be an integer ≥ 0, got ${seriesCount}`);
  }
  if (errors.length > 0) {
    throw new DetectorError(`invalid population settings: ${errors.join('; ')}`, errors);
  }
  const resolved: PopulationParams = { ...POPULATION_DEFAULTS };
  for (const key of Object.keys(resolved) as Array<keyof PopulationParams>) {
    resolved[key] = params[key] ?? resolved[key];
  }
  return new PopulationDetector(seriesCount, Object.freeze(resolved));
}

/**
 * Streaming: `run` continues from the previous call (its time steps after the previous ones), so a live dashboard
 * pays only for its new steps. State: per series its last `window` distances (sorted, for the median), the flag
 * and the episodes; the spread floor.
 */
export class PopulationDetector {
  /** Per series, its last `window` distances in arrival order (0 = none), ring position `pos`. */
  private readonly ring: Float64Array;
  /** Per series, the same distances sorted ascending. */
  private readonly sorted: Float64Array;
  private readonly hot: Uint8Array;
  private readonly best: Float64Array;
  private readonly trackers: EpisodeTracker[];
  /** This step's values (NaN = none), and the same compacted and reordered by the selections. */
  private readonly row: Float64Array;
  private readonly scratch: Float64Array;
  /** The per-series band's rule (band.ts): no cluster range below 0 while no series has been negative. */
  private readonly bounds = new BandBounds(undefined, undefined);
  private pos = 0;
  private quantum = Infinity;
  private typicalSpread = 0;
  private spreadSteps = 0;
  private spreadTime = 0;
  private lastT = -Infinity;

  constructor(
    readonly seriesCount: number,
    readonly params: Readonly<PopulationParams>
  ) {
    const w = params.window;
    this.ring = new Float64Array(seriesCount * w);
    this.sorted = new Float64Array(seriesCount * w);
    this.hot = new Uint8Array(seriesCount);
    this.best = new Float64Array(seriesCount);
    this.trackers = Array.from({ length: seriesCount }, () => new EpisodeTracker(params.episodeGap));
    this.row = new Float64Array(seriesCount);
    this.scratch = new Float64Array(seriesCount);
  }

  /**
   * `series[i][t]` is series i at `times[t]` (every series as long as `times`; NaN, ±Infinity = no value).
   * Times in ms, finite and non-decreasing, after those of earlier calls. A bad input throws `DetectorError`
   * and leaves the state untouched.
   */
  run(times: ArrayLike<number>, series: ReadonlyArray<ArrayLike<number>>): PopulationResult {
    const n = this.seriesCount;
    const steps = times.length;
    if (series.length !== n) {
      throw new DetectorError(`expected ${n} series, got ${series.length}`);
    }
    series.forEach((s, i) => {
      if (s.length !== steps) {
        throw new DetectorError(`series ${i} has ${s.length} values for ${steps} times`, [], i);
      }
    });
    let prev = this.lastT;
    for (let t = 0; t < steps; t++) {
      const time = times[t];
      if (!(time >= prev) || time - time !== 0) {
        throw new DetectorError(
          Number.isFinite(time)
            ? `timestamps must not decrease: index ${t} has ${time}, after ${prev}`
            : `timestamp at index ${t} must be a finite number of milliseconds, got ${time}`,
          [],
          t
        );
      }
      prev = time;
    }
    const score = new Float64Array(n * steps);
    const anomaly = new Uint8Array(n * steps);
    const out: PopulationOutputs = {
      center: new Float64Array(steps),
      low: new Float64Array(steps),
      high: new Float64Array(steps),
      peers: new Uint32Array(steps),
      score: Array.from({ length: n }, (_, i) => score.subarray(i * steps, (i + 1) * steps)),
      anomaly: Array.from({ length: n }, (_, i) => anomaly.subarray(i * steps, (i + 1) * steps)),
    };
    const lowest = new Float64Array(steps);
    for (let t = 0; t < steps; t++) {
      lowest[t] = this.step(series, t, times[t], out);
    }
    // after the distances: only the range drawn moves, as the per-series band's
    this.bounds.apply(lowest, out.low, out.high, steps);
    for (let i = 0; i < n; i++) {
      this.trackers[i].observeAll(times, out.score[i], out.anomaly[i]);
    }
    this.lastT = prev;
    return { ...out, outlierScore: this.best.slice(), episodes: this.episodes() };
  }

  /** Per series: its outlier episodes so far (closed, then the open one). */
  episodes(): Episode[][] {
    return this.trackers.map((e) => e.list());
  }

  /** Drops closed episodes that ended before `t` (a stream forgets what it no longer shows). */
  forgetEpisodesBefore(t: number): void {
    this.trackers.forEach((e) => e.forgetBefore(t));
  }

  reset(): void {
    this.ring.fill(0);
    this.sorted.fill(0);
    this.hot.fill(0);
    this.best.fill(0);
    this.trackers.forEach((e) => e.reset());
    this.bounds.reset();
    Object.assign(this, {
      pos: 0,
      quantum: Infinity,
      lastT: -Infinity,
      typicalSpread: 0,
      spreadSteps: 0,
      spreadTime: 0,
    });
  }

  /**
   * The peers' typical spread: the mean of the per-step spreads over about the last day (exponentially weighted,
   * time constant one day; a running mean until then). The cluster range is never narrower, so a moment when most
   * peers agree exactly (idle, noise-free, few peers) does not turn every small difference into an outlier.
   */
  private learnSpread(time: number, spread: number): number {
    this.spreadSteps++;
    const decay = 1 - Math.exp(-(time - this.spreadTime) / SPREAD_MEMORY_MS);
    const w = 1 / this.spreadSteps > decay ? 1 / this.spreadSteps : decay;
    this.typicalSpread += w * (spread - this.typicalSpread);
    this.spreadTime = time;
    return this.typicalSpread;
  }

  /** Step t's outputs; returns its lowest value (Infinity: none). */
  private step(series: ReadonlyArray<ArrayLike<number>>, t: number, time: number, out: PopulationOutputs): number {
    const { seriesCount: n, row, scratch } = this;
    const { k } = this.params;
    let m = 0;
    let lowest = Infinity;
    for (let i = 0; i < n; i++) {
      const x = +series[i][t];
      row[i] = x;
      if (x - x === 0) {
        scratch[m++] = x;
        lowest = x < lowest ? x : lowest;
      }
    }
    out.peers[t] = m;
    let center = NaN;
    let half = NaN;
    if (m >= MIN_PEERS) {
      center = medianInPlace(scratch, m);
      let nearest = this.quantum;
      for (let j = 0; j < m; j++) {
        const d = Math.abs(scratch[j] - center);
        scratch[j] = d;
        if (d !== 0 && d < nearest) {
          nearest = d;
        }
      }
      this.quantum = nearest;
      const spread = MAD_TO_SD * medianInPlace(scratch, m);
      const typical = this.learnSpread(time, spread);
      const floor = nearest < Infinity ? 0.5 * nearest : 1e-100;
      const wide = spread > typical ? spread : typical;
      half = k * (wide > floor ? wide : floor);
    }
    out.center[t] = center;
    out.low[t] = center - half;
    out.high[t] = center + half;
    for (let i = 0; i < n; i++) {
      const r = Math.abs(row[i] - center) / half; // NaN without a value or a centre
      const persistent = this.remember(i, r);
      if (r !== r) {
        out.score[i][t] = NaN;
        out.anomaly[i][t] = 0;
        continue;
      }
      const hot = persistent > 1 || (this.hot[i] === 1 && persistent > HYSTERESIS);
      this.hot[i] = hot ? 1 : 0;
      const s = scoreOf(persistent);
      out.score[i][t] = s;
      out.anomaly[i][t] = hot ? 1 : 0;
      if (s > this.best[i]) {
        this.best[i] = s;
      }
    }
    this.pos = this.pos + 1 < this.params.window ? this.pos + 1 : 0;
    return lowest;
  }

  /**
   * Puts series i's distance r in its window (dropping the one from `window` steps ago) and returns the window's
   * (⌊window/2⌋ + 1)-th largest distance: above 1 exactly when more than half of the window was outside the
   * cluster range. Steps without a distance (no value, too few peers, before the first `window` steps) count as
   * inside: no evidence of oddness, so a series' first odd point is not an outlier either.
   */
  private remember(i: number, r: number): number {
    const w = this.params.window;
    const base = i * w;
    const end = base + w - 1;
    const { ring, sorted } = this;
    const d = r === r ? r : 0;
    const old = ring[base + this.pos];
    ring[base + this.pos] = d;
    // replace `old` by `d` in the sorted window: shift the values between them by one
    let j = lowerBound(sorted, base, base + w, old);
    if (d > old) {
      for (; j < end && sorted[j + 1] < d; j++) {
        sorted[j] = sorted[j + 1];
      }
    } else {
      for (; j > base && sorted[j - 1] > d; j--) {
        sorted[j] = sorted[j - 1];
      }
    }
    sorted[j] = d;
    return sorted[base + ((w - 1) >> 1)];
  }
}
