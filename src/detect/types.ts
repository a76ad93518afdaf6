// Public types of the detector engine. Pure data: no React, no @grafana/*, no DOM.
import type { Forecast } from './forecast';

export type PresetName = 'notebook' | 'ewma' | 'robust' | 'seasonal' | 'window';

export const PRESETS: readonly PresetName[] = ['ewma', 'notebook', 'robust', 'seasonal', 'window'];

/** The left edge of a PromQL range selector: left out (Prometheus 3.x, Mimir) or counted (Prometheus 2.x). */
export type RangeStart = 'exclusive' | 'inclusive';

/** The presets with a model of the future (`Detector.forecast`); the others say so when asked. */
export const FORECAST_PRESETS: readonly PresetName[] = ['ewma', 'seasonal'];

/**
 * Detector settings; durations in milliseconds. Each preset reads the subset it needs. What each one means, its
 * range, unit, the presets that read it and its defaults: `PARAMS` in params.ts (the one description).
 */
export interface DetectorParams {
  alpha: number;
  k: number;
  /** The flag is score ≥ threshold (every preset but the notebook, which flags band exits). */
  threshold: number;
  window: number;
  gamma: number;
  warmup: number;
  episodeGap: number;
  season: number;
  range: number;
  interval: number;
  phase: number;
  rangeStart: RangeStart;
  /**
   * Bounds of what the series can be (e.g. 0 and 100 for a percentage): the band is clipped to them. Without
   * `min`, a series that has never been negative gets no band below 0. Not the score. No defaults.
   */
  min?: number;
  max?: number;
  /** The values are counts of events (requests per bucket): their noise is at least Poisson's (see band.ts countBand). */
  counts?: boolean;
}

/** Every detector parameter, in the order the editors list them. */
export const PARAM_KEYS = [
  'alpha',
  'k',
  'threshold',
  'window',
  'gamma',
  'warmup',
  'episodeGap',
  'season',
  'range',
  'interval',
  'phase',
  'rangeStart',
] as const satisfies ReadonlyArray<keyof DetectorParams>;
export type ParamKey = (typeof PARAM_KEYS)[number];

export type Severity = 'none' | 'warning' | 'minor' | 'major' | 'critical';

/** Result for one point. `predicted/low/high` are NaN while the detector has no estimate yet. */
export interface PointResult {
  predicted: number;
  low: number;
  high: number;
  /** 0–100 severity score (Elastic-ML-like: warning ≥ 3, minor ≥ 25, major ≥ 50, critical ≥ 75). */
  score: number;
  anomaly: boolean;
}

/** One incident: consecutive anomalous points merged when closer than `episodeGap`. */
export interface Episode {
  start: number;
  end: number;
  peakTime: number;
  peakScore: number;
  severity: Severity;
  /** Number of anomalous points in the episode. */
  points: number;
}

export interface BatchResult {
  predicted: Float64Array;
  low: Float64Array;
  high: Float64Array;
  score: Float64Array;
  /** 1 = anomalous, 0 = not. */
  anomaly: Uint8Array;
  episodes: Episode[];
}

/** The per-point arrays of a batch; `Detector.run` can write into caller-owned ones. */
export type BatchOutputs = Omit<BatchResult, 'episodes'>;

export interface ParamError {
  param: keyof DetectorParams | 'preset';
  message: string;
}

/** A streaming detector: one series, one state. See `createDetector`. */
export interface Detector {
  readonly preset: PresetName;
  readonly params: DetectorParams;
  /** Processes one point in O(1) amortised time (O(window) for `notebook`/`robust`). NaN = no value. */
  push(t: number, x: number): PointResult;
  /**
   * Processes arrays, continuing from the current state; the same numbers as `push` in a loop. With `into`
   * (each array at least as long as the input), writes there instead of allocating and returns views of it:
   * for callers that process many batches and would otherwise pay for fresh memory every time.
   */
  run(times: ArrayLike<number>, values: ArrayLike<number>, into?: BatchOutputs): BatchResult;
  /** Closed episodes, then the open one, since creation or `reset()` (less those forgotten). */
  episodes(): Episode[];
  /**
   * Prediction and band `horizonMs` ahead of the last point, at the series' step (forecast.ts: how the band
   * widens). Empty before the model knows a step. Throws `DetectorError` for a preset outside FORECAST_PRESETS,
   * an invalid horizon, or more than MAX_FORECAST_POINTS points.
   */
  forecast(horizonMs: number): Forecast;
  /**
   * Forgets closed episodes that ended before `t` (ms): a stream that no longer shows them keeps its memory
   * bounded (the detector's own state is O(window); the episode list otherwise grows with every incident).
   */
  forgetEpisodesBefore(t: number): void;
  reset(): void;
}
