// Detector settings of a query: query value → datasource default → preset default, dashboard variables
// interpolated, then validated with the engine's own rules, so invalid settings give a clear error, never NaN bands.
import {
  cannotForecast,
  DEFAULT_PRESET,
  defaultParams,
  type DetectorParams,
  formatParam,
  FORECAST_PRESETS,
  PARAM_KEYS,
  type ParamKey,
  parseParamText,
  parseQueryOption,
  PRESETS,
  type QueryOptionKey,
  type PresetName,
  POPULATION_DEFAULTS,
  type PopulationParams,
  validateParams,
  validatePopulationParams,
} from '../detect';
import { type BandscopeJsonData, type BandscopeQuery, COMPARE_MODES, type CompareMode, type ParamValue } from './types';

export type Interpolate = (text: string) => string;

export interface ResolvedSettings {
  preset: PresetName;
  /** Full parameter set (defaults filled in): what `meta.custom.bandscope.params` records. */
  params: DetectorParams;
  /** Forecast horizon in ms, 0 = none. */
  forecastMs: number;
  compare: CompareMode;
  /** The population detector's settings (defaults filled in), used when `compare` is not `history`. */
  peers: PopulationParams;
}

export interface SettingsProblem {
  param: ParamKey | QueryOptionKey | 'preset' | 'compare' | 'peers.k' | 'peers.window';
  message: string;
}

/** An unset query value: absent, or text that is empty or only spaces. */
export const isBlank = (v: ParamValue | undefined): v is undefined =>
  v === undefined || (typeof v === 'string' && v.trim() === '');

/** A stored parameter as the editors show it: text as typed; a number (older queries, provisioning) formatted. */
export function shownParam(key: ParamKey, value: number | string | undefined): string {
  return value === undefined ? '' : typeof value === 'number' ? formatParam(key, value) : value;
}

/**
 * Parses one parameter after interpolation (durations in Grafana's syntax or ms, see the engine's PARAMS);
 * `undefined` for blank, the value, or an error message.
 */
export function parseParam(
  key: ParamKey,
  raw: ParamValue | undefined,
  interpolate: Interpolate
): DetectorParams[ParamKey] | undefined | { error: string } {
  if (typeof raw === 'number') {
    return raw;
  }
  return parseInterpolated(key, raw, interpolate, (text, shown) => parseParamText(key, text, shown));
}

/** A query option (QUERY_OPTIONS) after interpolation: `undefined` for blank, the value in range, or an error. */
function parseOption<K extends QueryOptionKey>(key: K, raw: ParamValue | undefined, interpolate: Interpolate) {
  const text = typeof raw === 'number' ? String(raw) : raw;
  return parseInterpolated(key, text, interpolate, (t, shown) => parseQueryOption(key, t, shown));
}

/** Blank → undefined; a variable left undefined → its error; else `parse(text, how a message quotes it)`. */
function parseInterpolated<T>(
  key: string,
  raw: string | undefined,
  interpolate: Interpolate,
  parse: (text: string, shown: string) => T | undefined | { error: string }
): T | undefined | { error: string } {
  if (isBlank(raw)) {
    return undefined;
  }
  const text = interpolate(raw).trim();
  if (text === '') {
    return undefined;
  }
  if (/\$\w|\$\{|\[\[/.test(text)) {
    return { error: `${key}: the variable in ${JSON.stringify(raw)} is not defined on this dashboard` };
  }
  const shown = text === raw ? JSON.stringify(raw) : `${JSON.stringify(raw)} (= ${JSON.stringify(text)})`;
  return parse(text, shown);
}

/** Every problem with a query's detector settings ([] when valid). */
export function settingsProblems(
  query: BandscopeQuery,
  jsonData: BandscopeJsonData,
  interpolate: Interpolate
): SettingsProblem[] {
  return resolve(query, jsonData, interpolate).problems;
}

/** The effective preset and parameters, or throws an Error listing every problem. */
export function resolveSettings(
  query: BandscopeQuery,
  jsonData: BandscopeJsonData,
  interpolate: Interpolate
): ResolvedSettings {
  const { settings, problems } = resolve(query, jsonData, interpolate);
  if (!settings) {
    throw new Error(problems.map((p) => p.message).join('; '));
  }
  return settings;
}

function resolve(
  query: BandscopeQuery,
  jsonData: BandscopeJsonData,
  interpolate: Interpolate
): { settings?: ResolvedSettings; problems: SettingsProblem[] } {
  const problems: SettingsProblem[] = [];
  const rawPreset = isBlank(query.preset) ? (jsonData.defaultPreset ?? DEFAULT_PRESET) : query.preset!;
  const presetText = interpolate(String(rawPreset)).trim();
  const preset = PRESETS.find((p) => p === presetText);
  if (!preset) {
    const shown =
      presetText === rawPreset
        ? JSON.stringify(rawPreset)
        : `${JSON.stringify(rawPreset)} (= ${JSON.stringify(presetText)})`;
    problems.push({ param: 'preset', message: `preset must be one of ${PRESETS.join(', ')}, got ${shown}` });
  }
  const partial: Partial<DetectorParams> = {};
  for (const key of PARAM_KEYS) {
    const fromQuery = query.params?.[key];
    const raw = isBlank(fromQuery) ? jsonData.defaultParams?.[key] : fromQuery;
    const parsed = parseParam(key, raw, interpolate);
    if (parsed === undefined) {
      continue;
    }
    if (typeof parsed === 'object') {
      problems.push({ param: key, message: parsed.error });
      continue;
    }
    (partial as Record<ParamKey, unknown>)[key] = parsed;
  }
  // the preset passed is a valid one, so every error is about a parameter
  for (const e of validateParams(preset ?? DEFAULT_PRESET, partial)) {
    problems.push({ param: e.param as ParamKey, message: e.message });
  }
  const forecast = parseOption('forecast', query.forecast, interpolate);
  if (typeof forecast === 'object') {
    problems.push({ param: 'forecast', message: forecast.error });
  } else if (forecast !== undefined && preset && !FORECAST_PRESETS.includes(preset)) {
    problems.push({ param: 'forecast', message: cannotForecast(preset) });
  }
  const compare = query.compare ?? 'history';
  if (!COMPARE_MODES.includes(compare)) {
    problems.push({
      param: 'compare',
      message: `compare must be one of ${COMPARE_MODES.join(', ')}, got ${JSON.stringify(compare)}`,
    });
  } else if (compare === 'peers' && typeof forecast === 'number') {
    problems.push({
      param: 'forecast',
      message: "forecast continues each series' own band: set Compare to own history or both, or clear the forecast",
    });
  }
  const peers = resolvePeers(query, interpolate, problems);
  if (!preset || problems.length > 0) {
    return { problems };
  }
  return {
    settings: {
      preset,
      params: { ...defaultParams(preset), ...partial },
      forecastMs: (forecast as number | undefined) ?? 0,
      compare,
      peers,
    },
    problems,
  };
}

/** The peer comparison's k and window (numbers or variables, the per-series detector's syntax and rules). */
function resolvePeers(query: BandscopeQuery, interpolate: Interpolate, problems: SettingsProblem[]): PopulationParams {
  const peers: PopulationParams = { ...POPULATION_DEFAULTS };
  for (const key of ['k', 'window'] as const) {
    const parsed = parseParam(key, query.peers?.[key], interpolate);
    if (typeof parsed === 'object') {
      problems.push({ param: `peers.${key}`, message: `peer ${parsed.error}` });
    } else if (parsed !== undefined) {
      peers[key] = parsed as number; // k and window are numbers (rangeStart is the text one)
    }
  }
  for (const e of validatePopulationParams(peers)) {
    problems.push({ param: `peers.${e.param as 'k' | 'window'}`, message: `peer ${e.message}` });
  }
  return peers;
}
