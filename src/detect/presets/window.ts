// The `window` preset: the band a Prometheus/Mimir rule engine records, computed here to the last bit.
// At each rule evaluation e (every `interval`, at `phase` past multiples of it since the epoch: a rule engine
// evaluates a group at a fixed offset within its interval — a hash of the group's name and file in Prometheus and
// Mimir, 0 in `promtool test rules`):
//   level     = avg_over_time(x[range] offset interval)            samples in (e − interval − range, e − interval]
//   predicted = level                                               without a season, or with a season S
//             = level − avg_over_time(x[range] offset (S + interval)) + avg_over_time(x[range] offset (S − range/2))
//               (the level then, and the mean of the window centred on e − S: yesterday's shape around now)
//   sigma     = stddev_over_time(x[range] offset interval)           population standard deviation
//   band      = predicted ± k·sigma
//   score     = scoreOf(|x(e) − predicted| / max(k·sigma, MIN_HALF_WIDTH)), x(e) = the newest sample within the
//               5-minute lookback; 0 while the level's window holds fewer than `warmup` samples or x(e) is stale
//   anomaly   = score ≥ threshold
// and a point at time t reports the values recorded at the last evaluation ≤ t. The windows end one interval
// before e so the newest value is judged against the window before it (a spike does not widen its own band).
// `rangeStart` is the range selector's and the lookback's left boundary: 'exclusive' = Prometheus 3.x and
// Mimir (left-open), 'inclusive' = Prometheus 2.x (left-closed). The arithmetic is Prometheus 2.42's
// (Kahan-compensated incremental mean, Welford variance with Kahan sums), checked against it bit for bit.
import * as kernel from '../kernel';
import type { Kernel, Outputs } from '../kernel';
import * as severity from '../severity';
import type { DetectorParams } from '../types';

const { writeMissing } = kernel;
const { scoreOf } = severity;

/** The smallest positive float64: a flat window scores 0 for its own value and 100 for any other, never 0/0. */
export const MIN_HALF_WIDTH = Number.MIN_VALUE;

/** Prometheus's default `--query.lookback-delta` (Mimir's too): an instant selector sees samples this old. */
export const LOOKBACK_MS = 300_000;

/** What the preset reads (see DetectorParams; `season` is the baseline's offset, 0 = none; `warmup` the samples a
 * window needs before it scores). */
export type WindowSettings = Pick<
  DetectorParams,
  'k' | 'range' | 'season' | 'interval' | 'phase' | 'rangeStart' | 'warmup' | 'threshold'
>;

/** A value as a message shows it: strings quoted, so `"3"` reads apart from 3. */
export const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** The compensated sum step of Prometheus (Neumaier's variant of Kahan summation). */
function kahanInc(inc: number, sum: number, c: number, out: Float64Array): void {
  const t = sum + inc;
  out[0] = t;
  out[1] = Math.abs(sum) >= Math.abs(inc) ? c + (sum - t + inc) : c + (inc - t + sum);
}

/** Samples in time order, oldest dropped from the front once no evaluation can reach them. */
class SampleLog {
  times = new Float64Array(1024);
  values = new Float64Array(1024);
  head = 0;
  size = 0;

  get end(): number {
    return this.head + this.size;
  }

  lastTime(): number {
    return this.size > 0 ? this.times[this.end - 1] : NaN;
  }

  push(t: number, x: number): void {
    if (this.end === this.times.length) {
      // compact in place when at least half is dead, else grow: amortised O(1) per sample
      const grow = this.head < this.times.length / 2;
      const cap = grow ? this.times.length * 2 : this.times.length;
      const times = grow ? new Float64Array(cap) : this.times;
      const values = grow ? new Float64Array(cap) : this.values;
      times.set(this.times.subarray(this.head, this.end));
      values.set(this.values.subarray(this.head, this.end));
      this.times = times;
      this.values = values;
      this.head = 0;
    }
    this.times[this.end] = t;
    this.values[this.end] = x;
    this.size++;
  }

  /** Drops samples older than t. */
  dropBefore(t: number): void {
    while (this.size > 0 && this.times[this.head] < t) {
      this.head++;
      this.size--;
    }
  }

  /** First index whose time is > t (strict) or ≥ t. */
  firstAfter(t: number, strict: boolean): number {
    let lo = this.head;
    let hi = this.end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = this.times[mid];
      if (strict ? m > t : m >= t) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}

export class WindowKernel implements Kernel {
  private readonly log = new SampleLog();
  /** Evaluation time of the cached outputs (NaN: none yet). */
  private evalTime = NaN;
  private predicted = NaN;
  private low = NaN;
  private high = NaN;
  private score = NaN;
  private readonly kahan = new Float64Array(2);
  /** How far back an evaluation reads: the oldest window's left edge, or the lookback. */
  private readonly reach: number;

  constructor(private readonly p: WindowSettings) {
    const level = p.interval + p.range;
    this.reach = Math.max(LOOKBACK_MS, level, p.season > 0 ? p.season + level : 0);
  }

  process(times: ArrayLike<number>, values: ArrayLike<number>, count: number, out: Outputs): void {
    const { interval, phase } = this.p;
    const log = this.log;
    for (let i = 0; i < count; i++) {
      const x = values[i];
      if (x - x !== 0) {
        writeMissing(out, i);
        continue;
      }
      const t = times[i];
      // A TSDB keeps one sample per timestamp (a duplicate is rejected): the first one stays.
      if (!(log.lastTime() === t)) {
        log.push(t, x);
      }
      const e = Math.floor((t - phase) / interval) * interval + phase;
      if (e !== this.evalTime) {
        this.evaluate(e);
      }
      out.predicted[i] = this.predicted;
      out.low[i] = this.low;
      out.high[i] = this.high;
      out.score[i] = this.score;
      out.anomaly[i] = this.score >= this.p.threshold ? 1 : 0;
    }
  }

  reset(): void {
    this.log.head = 0;
    this.log.size = 0;
    this.evalTime = NaN;
  }

  /** What the recording rules write at evaluation time e. */
  private evaluate(e: number): void {
    const { k, range, season, interval, warmup, rangeStart } = this.p;
    const log = this.log;
    const strict = rangeStart === 'exclusive';
    this.evalTime = e;
    log.dropBefore(e - this.reach);
    this.predicted = this.low = this.high = this.score = NaN;

    const end = e - interval;
    const from = log.firstAfter(end - range, strict);
    const to = log.firstAfter(end, true);
    const n = to - from;
    if (n === 0) {
      return; // no samples, no recorded series
    }
    let predicted = this.mean(from, to);
    if (season > 0) {
      const then = this.meanOver(end - season);
      const around = this.meanOver(e - season + range / 2);
      if (Number.isNaN(then) || Number.isNaN(around)) {
        return;
      }
      predicted = predicted - then + around;
    }
    const sigma = this.stddev(from, to);
    const half = k * sigma;
    this.predicted = predicted;
    this.low = predicted - half;
    this.high = predicted + half;

    // x(e): the newest sample at or before e within the lookback (whose left edge follows rangeStart too)
    this.score = 0;
    const last = log.firstAfter(e, true) - 1;
    if (n < warmup || last < log.head) {
      return;
    }
    const lt = log.times[last];
    if (strict ? lt <= e - LOOKBACK_MS : lt < e - LOOKBACK_MS) {
      return;
    }
    this.score = scoreOf(Math.abs(log.values[last] - predicted) / Math.max(half, MIN_HALF_WIDTH));
  }

  /** avg_over_time over the range ending at `end`; NaN when it holds no sample. */
  private meanOver(end: number): number {
    const strict = this.p.rangeStart === 'exclusive';
    const from = this.log.firstAfter(end - this.p.range, strict);
    const to = this.log.firstAfter(end, true);
    return to > from ? this.mean(from, to) : NaN;
  }

  /** Prometheus 2.42's avg_over_time: incremental mean with a compensated sum. */
  private mean(from: number, to: number): number {
    const v = this.log.values;
    const s = this.kahan;
    let mean = 0;
    let c = 0;
    let count = 0;
    for (let i = from; i < to; i++) {
      count++;
      const x = v[i];
      if (mean === Infinity || mean === -Infinity) {
        continue; // an overflowed mean stays infinite (Prometheus skips finite values then)
      }
      kahanInc(x / count - mean / count, mean, c, s);
      mean = s[0];
      c = s[1];
    }
    return mean === Infinity || mean === -Infinity ? mean : mean + c;
  }

  /** Prometheus 2.42's stddev_over_time: Welford's update with compensated sums (population). */
  private stddev(from: number, to: number): number {
    const v = this.log.values;
    const s = this.kahan;
    let count = 0;
    let mean = 0;
    let cMean = 0;
    let aux = 0;
    let cAux = 0;
    for (let i = from; i < to; i++) {
      count++;
      const x = v[i];
      const delta = x - (mean + cMean);
      kahanInc(delta / count, mean, cMean, s);
      mean = s[0];
      cMean = s[1];
      kahanInc(delta * (x - (mean + cMean)), aux, cAux, s);
      aux = s[0];
      cAux = s[1];
    }
    return Math.sqrt((aux + cAux) / count);
  }
}
