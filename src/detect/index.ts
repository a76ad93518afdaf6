// Public entry of the detector engine: presets, parameters, severity. Pure TypeScript (no React/Grafana/DOM).
import { BandBounds } from './band';
import { type PackedResult, type PackedSeries, runPacked } from './batch';
import { DetectorError, StreamingDetector } from './detector';
import type { Kernel } from './kernel';
import { readsArrivalOrder } from './order';
import { isPresetName, resolveParams, validateParams } from './params';
import { EwmaKernel } from './presets/ewma';
import { NotebookKernel } from './presets/notebook';
import { RobustKernel } from './presets/robust';
import { SeasonalKernel } from './presets/seasonal';
import { WindowKernel } from './presets/window';
import type { Detector, DetectorParams, PresetName } from './types';

export * from './types';
export { outsideBand } from './band';
export { DetectorError } from './detector';
export { durationError, formatDuration, parseDuration } from './duration';
export {
  cannotForecast,
  DEFAULT_PRESET,
  defaultParams,
  describeParam,
  formatParam,
  isPresetName,
  paramDefault,
  PARAMS,
  type ParamKind,
  type ParamSpec,
  parseParamText,
  parseQueryOption,
  PRESET_INFO,
  QUERY_OPTIONS,
  type QueryOptionKey,
  type QueryOptions,
  presetUses,
  validateParams,
} from './params';
export { readsArrivalOrder, rowsOutOfOrder, runInInputOrder, sortOrder } from './order';
export { flaggedSeverity, SEVERITY_THRESHOLDS, scoreOf, severityOf } from './severity';

export { type Forecast, horizonVarianceFactor, MAX_FORECAST_POINTS, validateHorizon } from './forecast';

const KERNELS: Record<PresetName, new (p: DetectorParams) => Kernel> = {
  notebook: NotebookKernel,
  ewma: EwmaKernel,
  robust: RobustKernel,
  seasonal: SeasonalKernel,
  window: WindowKernel,
};

/** Throws `DetectorError` (message and `details` list every invalid parameter with its allowed range). */
export function createDetector(preset: PresetName, params: Partial<DetectorParams> = {}): Detector {
  const errors = validateParams(preset, params);
  if (errors.length > 0 || !isPresetName(preset)) {
    const details = errors.map((e) => e.message);
    throw new DetectorError(`invalid detector settings: ${details.join('; ')}`, details);
  }
  const resolved = Object.freeze(resolveParams(preset, params));
  // the notebook and the window preset (what a Prometheus rule records) are reproductions: their band is unclipped
  const bounds = preset === 'notebook' || preset === 'window' ? undefined : new BandBounds(resolved.min, resolved.max);
  return new StreamingDetector(preset, resolved, new KERNELS[preset](resolved), !readsArrivalOrder(preset), bounds);
}
export {
  packSeries,
  runPacked,
  type PackedResult,
  type PackedSeries,
  sameNumber,
  sameNumbers,
  type SeriesInput,
  unpackResult,
  unpackSeries,
} from './batch';

/**
 * `preset` with `params` over every packed series (batch.ts), each with its own bounds and a fresh detector;
 * throws `DetectorError` as `createDetector` and `run` do.
 */
export function detectPacked(preset: PresetName, params: Partial<DetectorParams>, packed: PackedSeries): PackedResult {
  return runPacked(packed, (bounds) => createDetector(preset, { ...params, ...bounds }));
}

export {
  createPopulation,
  MIN_PEERS,
  POPULATION_DEFAULTS,
  PopulationDetector,
  validatePopulationParams,
  type PopulationOutputs,
  type PopulationParams,
  type PopulationResult,
} from './population';
