// The generic streaming detector: timestamp checks, a preset kernel, episodes.
import type { BandBounds } from './band';
import { EpisodeTracker } from './episodes';
import { type Forecast, forecastAhead, NO_FORECAST } from './forecast';
import { allocOutputs, type Kernel, type Outputs, viewOutputs } from './kernel';
import { cannotForecast } from './params';
import {
  type BatchOutputs,
  type BatchResult,
  type Detector,
  type DetectorParams,
  type Episode,
  type PointResult,
  type PresetName,
} from './types';

export class DetectorError extends Error {
  constructor(
    message: string,
    /** Validation messages, one per invalid parameter (empty for input errors). */
    readonly details: string[] = [],
    /** For input errors: the index of the offending point (in `run`'s arrays, or points pushed so far). */
    readonly index?: number
  ) {
    super(message);
    this.name = 'DetectorError';
  }
}

const iso = (t: number) => (Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : 'invalid');

/**
 * Timestamps (ms) must be finite and, when `ordered`, non-decreasing. Equal timestamps are separate points
 * (two samples may share a timestamp); a decreasing one throws rather than being sorted, because reordering
 * would silently change the detector's history — adapters sort their frames first. Unordered (the notebook
 * preset) reads only the order of arrival, like the source notebook, whose golden output includes NAB's
 * machine_temperature file with its one step back in time.
 */
function checkTime(t: number, prev: number, index: number, ordered: boolean): void {
  if (!(ordered ? t >= prev : t - t === 0)) {
    throw new DetectorError(
      Number.isFinite(t)
        ? `timestamps must not decrease: index ${index} has ${t} (${iso(t)}), after ${prev} (${iso(prev)})`
        : `timestamp at index ${index} must be a finite number of milliseconds, got ${t}`,
      [],
      index
    );
  }
}

export class StreamingDetector implements Detector {
  private readonly tracker: EpisodeTracker;
  private readonly one: Outputs = allocOutputs(1);
  private readonly tIn = new Float64Array(1);
  private readonly xIn = new Float64Array(1);
  private lastT = -Infinity;
  private count = 0;

  constructor(
    readonly preset: PresetName,
    readonly params: DetectorParams,
    private readonly kernel: Kernel,
    private readonly ordered: boolean,
    /** The band's bounds (band.ts); none for the notebook and window presets, reproductions. */
    private readonly bounds?: BandBounds
  ) {
    this.tracker = new EpisodeTracker(params.episodeGap);
  }

  push(t: number, x: number): PointResult {
    checkTime(t, this.lastT, this.count, this.ordered);
    this.tIn[0] = t;
    this.xIn[0] = x;
    const one = this.one;
    this.kernel.process(this.tIn, this.xIn, 1, one);
    this.bounds?.apply(this.xIn, one.low, one.high, 1);
    this.lastT = t;
    this.count++;
    const anomaly = one.anomaly[0] === 1;
    this.tracker.observe(t, one.score[0], anomaly);
    return { predicted: one.predicted[0], low: one.low[0], high: one.high[0], score: one.score[0], anomaly };
  }

  run(times: ArrayLike<number>, values: ArrayLike<number>, into?: BatchOutputs): BatchResult {
    const n = times.length;
    if (values.length !== n) {
      throw new DetectorError(`times and values must have the same length, got ${n} and ${values.length}`);
    }
    if (into && Object.values(into).some((a: ArrayLike<number>) => a.length < n)) {
      throw new DetectorError(`every output array must hold at least ${n} points`);
    }
    // Check everything first so a bad timestamp leaves the state untouched. Each time is compared with its
    // neighbour in the array, not with a variable carried from point to point: V8 may box such a variable
    // anew at each point (see presets/ewma.ts `S`).
    if (n > 0) {
      checkTime(times[0], this.lastT, 0, this.ordered);
    }
    if (this.ordered) {
      for (let i = 1; i < n; i++) {
        if (!(times[i] >= times[i - 1])) {
          checkTime(times[i], times[i - 1], i, true);
        }
      }
    } else {
      for (let i = 1; i < n; i++) {
        const t = times[i];
        if (t - t !== 0) {
          checkTime(t, times[i - 1], i, false);
        }
      }
    }
    const out = into ? viewOutputs(into, n) : allocOutputs(n);
    this.kernel.process(times, values, n, out);
    this.bounds?.apply(values, out.low, out.high, n);
    this.tracker.observeAll(times, out.score, out.anomaly);
    this.lastT = n > 0 ? times[n - 1] : this.lastT;
    this.count += n;
    return { ...out, episodes: this.tracker.list() };
  }

  episodes(): Episode[] {
    return this.tracker.list();
  }

  forecast(horizonMs: number): Forecast {
    if (!this.kernel.forecastState) {
      throw new DetectorError(cannotForecast(this.preset));
    }
    const state = this.kernel.forecastState();
    if (!state) {
      return NO_FORECAST;
    }
    const ahead = forecastAhead(state, this.params.k, this.lastT, horizonMs);
    // the same bounds as the observed band: a count's forecast band does not reach below 0
    this.bounds?.clip(ahead.low, ahead.high, ahead.times.length);
    return ahead;
  }

  forgetEpisodesBefore(t: number): void {
    this.tracker.forgetBefore(t);
  }

  reset(): void {
    this.kernel.reset();
    this.bounds?.reset();
    this.tracker.reset();
    this.lastT = -Infinity;
    this.count = 0;
  }
}
