// The detector parameters, described once: what each one means, its unit and kind, the values it allows, the
// presets that read it and its default per preset. The datasource's editors, the panel's options, the CLI's
// flags and --help, validation messages and the README's options reference all read this table.
import { DAY_MS, formatDuration, parseDuration } from './duration';
import { LOOKBACK_MS, show } from './presets/window';
import {
  type DetectorParams,
  FORECAST_PRESETS,
  type ParamError,
  type ParamKey,
  PRESETS,
  type PresetName,
} from './types';

/** The preset used when none is chosen. */
export const DEFAULT_PRESET: PresetName = 'ewma';

/** What each preset does, in one line (pickers, help, README). */
export const PRESET_INFO: Readonly<Record<PresetName, string>> = {
  ewma: 'EWMA level and error variance, with day and week cycles (default)',
  notebook: "The source notebook's recorder, exactly (golden-exact)",
  robust: 'Rolling median and MAD: ignores short bursts',
  seasonal: 'Additive seasonal smoothing on wall-clock slots',
  window: 'Mean ± k standard deviations of the last range: what a Prometheus/Mimir rule computes (exportable)',
};

/**
 * How a parameter is typed and shown: `number`, `integer`, `duration` (milliseconds, typed and shown in
 * Grafana's syntax: `5m`, `1h`, `1d`, `1w`, or plain ms) or `enum` (one of `values`).
 */
export type ParamKind = 'number' | 'integer' | 'duration' | 'enum';

export interface ParamSpec<V = DetectorParams[ParamKey]> {
  kind: ParamKind;
  /** Editor label. */
  label: string;
  /** What it does, one sentence (tooltips, option descriptions, --help, README). */
  help: string;
  /** Shown after the input (`points`, `σ`); durations carry their unit in the text. */
  unit?: string;
  /** The allowed values in words: "<key> must be <range>, got …". */
  range: string;
  valid(value: V): boolean;
  /** The allowed values of an `enum`. */
  values?: readonly string[];
  /** The presets that read it (editors hide it for the others). */
  presets: readonly PresetName[];
  /** Default for every preset, unless `presetDefaults` says otherwise. */
  default: V;
  presetDefaults?: Partial<Record<PresetName, V>>;
  /** A preset that allows other values than `range`/`valid` say. */
  presetRules?: Partial<Record<PresetName, { range: string; valid(value: V): boolean }>>;
}

const finite = (v: number) => Number.isFinite(v);
const wholeMs = (v: number) => Number.isInteger(v);
/** The presets with a detector of their own state (all but the rule preset `window`). */
const STATEFUL: readonly PresetName[] = ['ewma', 'notebook', 'robust', 'seasonal'];
const DURATION_SYNTAX = '(5m, 1h, 1d, 1w or milliseconds)';

export const PARAMS: { readonly [K in ParamKey]: ParamSpec<DetectorParams[K]> } = {
  alpha: {
    kind: 'number',
    label: 'Alpha',
    help: 'Smoothing weight of the newest value: larger follows changes faster.',
    range: 'in (0, 1]',
    valid: (v) => v > 0 && v <= 1,
    presets: ['ewma', 'notebook', 'seasonal'],
    default: 0.1,
    presetDefaults: { notebook: 0.04 },
  },
  k: {
    kind: 'number',
    label: 'k',
    help:
      'Band half-width in sigmas: the band drawn around the prediction, and the unit of the errors the score is ' +
      'built from.',
    unit: 'σ',
    range: 'a finite number > 0',
    valid: (v) => v > 0 && finite(v),
    presets: PRESETS,
    default: 4,
    presetDefaults: { notebook: 1.3, window: 3 },
  },
  threshold: {
    kind: 'number',
    label: 'Threshold',
    help:
      'A point is an anomaly (flag, marker, episode, annotation) when its 0–100 score reaches this: for ewma, ' +
      'robust and seasonal 50 = errors this unusual once in 100,000 points.',
    range: 'in [0, 100]',
    valid: (v) => v >= 0 && v <= 100,
    // the notebook flags band exits, as the notebook did
    presets: ['ewma', 'robust', 'seasonal', 'window'],
    // ewma, robust, seasonal: a tail probability of 1e-5 (likelihood.ts), HTM's "red" likelihood, and the threshold
    // NAB's optimiser picks for ewma on the visible corpus (0.49–0.51; README "Measured"). window: half-way up its
    // score, 1.5 band half-widths (4.5 standard deviations at k = 3).
    default: 50,
  },
  window: {
    kind: 'integer',
    label: 'Window',
    help: "Window length in points: the notebook's buffer, the robust preset's rolling window.",
    unit: 'points',
    range: 'an integer in [2, 1000000]',
    valid: (v) => Number.isInteger(v) && v >= 2 && v <= 1e6,
    presets: ['notebook', 'robust'],
    default: 20,
    presetDefaults: { robust: 60 },
  },
  gamma: {
    kind: 'number',
    label: 'Gamma',
    help:
      'Sigma smoothing weight: the variance learns as a running mean for 1/gamma points, then with this weight ' +
      "(notebook: sigma's own smoothing).",
    range: 'in (0, 1]',
    valid: (v) => v > 0 && v <= 1,
    presets: STATEFUL,
    default: 0.01,
  },
  warmup: {
    kind: 'integer',
    label: 'Warm-up',
    help: 'No point is flagged before this many points (window preset: before its window holds this many samples).',
    unit: 'points',
    range: 'an integer ≥ 0',
    valid: (v) => Number.isInteger(v) && v >= 0,
    presets: PRESETS,
    default: 100,
    // The source notebook's: 50·M. Window: a standard deviation from fewer than 30 samples is too rough to page on
    // (its 95 % interval is about ±1.96/√(2n), ±25 % at n = 30), so a 1 h window needs a sample every 2 minutes.
    presetDefaults: { notebook: 1000, robust: 60, window: 30 },
  },
  episodeGap: {
    kind: 'duration',
    label: 'Episode gap',
    help: "Anomalous points at most this long after an episode's end join it.",
    range: `a duration ≥ 0 ${DURATION_SYNTAX}`,
    valid: (v) => v >= 0 && finite(v),
    presets: PRESETS,
    default: 0,
  },
  season: {
    kind: 'duration',
    label: 'Season',
    help:
      'Length of the repeating pattern (1d for a daily one); window preset: the offset of its seasonal baseline ' +
      '(1d, 1w; 0s = none, else at least the range).',
    range: `a duration > 0 ${DURATION_SYNTAX}`,
    valid: (v) => v > 0 && finite(v),
    presets: ['seasonal', 'window'],
    default: DAY_MS,
    presetDefaults: { window: 0 },
    presetRules: {
      window: { range: `0s (none) or a duration ≥ range ${DURATION_SYNTAX}`, valid: (v) => v >= 0 && wholeMs(v) },
    },
  },
  range: {
    kind: 'duration',
    label: 'Range',
    help: 'The band is the mean ± k standard deviations of the samples in the last range (PromQL [range]).',
    range: `a duration ≥ 1ms ${DURATION_SYNTAX}`,
    valid: (v) => wholeMs(v) && v >= 1,
    presets: ['window'],
    // the common shape of a Prometheus z-score rule
    default: 3_600_000,
  },
  interval: {
    kind: 'duration',
    label: 'Interval',
    help:
      'Rule evaluation interval: a point shows what the last evaluation recorded. At most 5m, the lookback: past ' +
      'it, queries between two evaluations find nothing.',
    range: `a duration from 1ms to 5m ${DURATION_SYNTAX}`,
    valid: (v) => wholeMs(v) && v >= 1 && v <= LOOKBACK_MS,
    presets: ['window'],
    default: 60_000,
  },
  phase: {
    kind: 'duration',
    label: 'Phase',
    help: "Evaluations at multiples of the interval plus this: the rule group's evaluation offset (0s in promtool).",
    range: `a duration from 0s to below the interval ${DURATION_SYNTAX}`,
    valid: (v) => wholeMs(v) && v >= 0,
    presets: ['window'],
    default: 0,
  },
  rangeStart: {
    kind: 'enum',
    label: 'Range start',
    help:
      'exclusive leaves out a sample exactly one range old (Prometheus 3.x, Mimir); inclusive counts it ' +
      '(Prometheus 2.x).',
    range: 'exclusive or inclusive',
    valid: () => true,
    values: ['exclusive', 'inclusive'],
    presets: ['window'],
    default: 'exclusive',
  },
};

/** The query options that are not detector parameters (what a query returns), described like PARAMS. */
export interface QueryOptions {
  /** Horizon in ms; 0 = no forecast. */
  forecast: number;
}
export type QueryOptionKey = keyof QueryOptions;

export const QUERY_OPTIONS: { readonly [K in QueryOptionKey]: ParamSpec<QueryOptions[K]> } = {
  forecast: {
    kind: 'duration',
    label: 'Forecast',
    help: "Continue the prediction and band this far past the last point, at the series' step (empty: no forecast).",
    range: `a duration > 0 ${DURATION_SYNTAX}`,
    valid: (v) => v > 0 && finite(v),
    presets: FORECAST_PRESETS,
    default: 0,
  },
};

/** What a preset outside FORECAST_PRESETS says when asked for a forecast (editor, query error, Detector.forecast). */
export function cannotForecast(preset: string): string {
  return `the ${preset} preset cannot forecast: it has no model of the future (use ${FORECAST_PRESETS.join(' or ')})`;
}

export function isPresetName(preset: string): preset is PresetName {
  return (PRESETS as readonly string[]).includes(preset);
}

/** The preset's default of one parameter. */
export function paramDefault<K extends ParamKey>(preset: PresetName, key: K): DetectorParams[K] {
  const spec: ParamSpec<DetectorParams[K]> = PARAMS[key];
  return spec.presetDefaults?.[preset] ?? spec.default;
}

export function defaultParams(preset: PresetName): DetectorParams {
  const out = {} as Record<ParamKey, unknown>;
  for (const key of Object.keys(PARAMS) as ParamKey[]) {
    out[key] = paramDefault(preset, key);
  }
  return out as DetectorParams;
}

/** A parameter's help with its allowed values (and the presets that read it, when not all do): tooltips, --help. */
export function describeParam(key: ParamKey): string {
  const spec: ParamSpec = PARAMS[key];
  const readBy = spec.presets.length < PRESETS.length ? ` Read by ${spec.presets.join(', ')}.` : '';
  return `${spec.help} Must be ${spec.range}.${readBy}`;
}

/** True when the preset reads the parameter (an unknown preset, e.g. a dashboard variable, may read any). */
export function presetUses(preset: string, key: ParamKey): boolean {
  return !isPresetName(preset) || PARAMS[key].presets.includes(preset);
}

/** The allowed values of a parameter for a preset: its own rule when it has one, else the parameter's. */
function ruleFor(spec: ParamSpec, preset?: string): { range: string; valid: (value: never) => boolean } {
  return (preset !== undefined && isPresetName(preset) && spec.presetRules?.[preset]) || spec;
}

function isValid(spec: ParamSpec, value: unknown, preset?: string): boolean {
  const { valid } = ruleFor(spec, preset);
  if (spec.kind === 'enum') {
    return typeof value === 'string' && (spec.values ?? []).includes(value) && valid(value as never);
  }
  return typeof value === 'number' && valid(value as never);
}

/** [] when valid. Unknown keys are ignored; `undefined` means "use the default". */
export function validateParams(preset: string, params: Partial<DetectorParams>): ParamError[] {
  const errors: ParamError[] = [];
  if (!isPresetName(preset)) {
    errors.push({ param: 'preset', message: `preset must be one of ${PRESETS.join(', ')}, got ${show(preset)}` });
  }
  errors.push(...paramErrors(params, Object.keys(PARAMS) as ParamKey[], preset), ...seriesErrors(params));
  if (preset === 'window' && errors.length === 0) {
    errors.push(...windowConflicts(resolveParams('window', params)));
  }
  return errors;
}

/**
 * How the window preset's settings fit together, each valid on its own (defaults filled in): the phase below the
 * interval, a season of 0 or at least the range, and with a season an even range (half of it is an offset).
 */
function windowConflicts(s: DetectorParams): ParamError[] {
  const errors: ParamError[] = [];
  const conflict = (param: ParamKey) => {
    const range = ruleFor(PARAMS[param], 'window').range;
    errors.push({ param, message: `${param} must be ${range}, got ${show(s[param])}` });
  };
  if (s.phase >= s.interval) {
    conflict('phase');
  }
  if (s.season !== 0 && s.season < s.range) {
    conflict('season');
  }
  if (s.season > 0 && s.range % 2 !== 0) {
    errors.push({
      param: 'range',
      message: `with a season, range must be an even number of milliseconds (half of it is an offset), got ${s.range}`,
    });
  }
  return errors;
}

/**
 * What an adapter knows of the series: its optional bounds (`min`, `max`) and whether it counts events (`counts`);
 * no default, no editor of their own.
 */
const BOUNDS = ['min', 'max'] as const;

function seriesErrors(params: Partial<DetectorParams>): ParamError[] {
  const errors: ParamError[] = [];
  for (const key of BOUNDS) {
    const value: unknown = params[key];
    if (value !== undefined && !(typeof value === 'number' && finite(value))) {
      errors.push({ param: key, message: `${key} must be a finite number, got ${show(value)}` });
    }
  }
  const { min, max, counts } = params;
  if (typeof min === 'number' && typeof max === 'number' && !(min < max)) {
    errors.push({ param: 'max', message: `max must be greater than min, got min ${min} and max ${max}` });
  }
  if (counts !== undefined && typeof counts !== 'boolean') {
    errors.push({ param: 'counts', message: `counts must be true or false, got ${show(counts)}` });
  }
  return errors;
}

/** The errors of the given keys of `params` (for engines that read a subset, e.g. population). */
export function paramErrors(params: Partial<DetectorParams>, keys: readonly ParamKey[], preset?: string): ParamError[] {
  const errors: ParamError[] = [];
  for (const key of keys) {
    const value: unknown = params[key];
    if (value !== undefined && !isValid(PARAMS[key], value, preset)) {
      errors.push({ param: key, message: `${key} must be ${ruleFor(PARAMS[key], preset).range}, got ${show(value)}` });
    }
  }
  return errors;
}

/** Defaults overlaid with the given values (validate first). */
export function resolveParams(preset: PresetName, params: Partial<DetectorParams>): DetectorParams {
  const out = defaultParams(preset);
  for (const key of [...(Object.keys(PARAMS) as ParamKey[]), ...BOUNDS, 'counts' as const]) {
    const value = params[key];
    if (value !== undefined) {
      (out as Record<keyof DetectorParams, unknown>)[key] = value;
    }
  }
  return out;
}

/** What a kind of parameter must be typed as, for "must be …" when the text is not even that. */
const SYNTAX: Record<ParamKind, (spec: Pick<ParamSpec, 'values'>) => string> = {
  number: () => 'a number',
  integer: () => 'a number',
  duration: () => `a duration ${DURATION_SYNTAX}`,
  enum: (spec) => `one of ${(spec.values ?? []).join(', ')}`,
};

/**
 * A parameter typed as text (an editor, a CLI flag, a dashboard variable's value) → its value, `undefined` when
 * blank, or the reason it cannot be one (`shown` is how the message quotes the input). Whether the value is in
 * range is `validateParams`' business.
 */
export function parseParamText(
  key: ParamKey,
  text: string,
  shown = JSON.stringify(text)
): DetectorParams[ParamKey] | undefined | { error: string } {
  // a string only for `enum` parameters, whose type is a string
  return parseSpecText(key, PARAMS[key], text, shown) as DetectorParams[ParamKey] | undefined | { error: string };
}

/**
 * A query option typed as text → its value (in range), `undefined` when blank, or what is wrong with it, in the
 * words of `parseParamText` and `validateParams`.
 */
export function parseQueryOption<K extends QueryOptionKey>(
  key: K,
  text: string,
  shown = JSON.stringify(text)
): QueryOptions[K] | undefined | { error: string } {
  const spec: ParamSpec<QueryOptions[K]> = QUERY_OPTIONS[key];
  const value = parseSpecText(key, spec, text, shown);
  if (value === undefined || typeof value === 'object' || spec.valid(value as QueryOptions[K])) {
    return value as QueryOptions[K] | undefined | { error: string };
  }
  return { error: `${key} must be ${spec.range}, got ${shown}` };
}

function parseSpecText(
  key: string,
  spec: Pick<ParamSpec, 'kind' | 'values'>,
  text: string,
  shown: string
): number | string | undefined | { error: string } {
  const t = text.trim();
  if (t === '') {
    return undefined;
  }
  let value: number | string;
  switch (spec.kind) {
    case 'enum':
      value = t;
      break;
    case 'duration':
      value = parseDuration(t);
      break;
    default:
      value = Number(t);
  }
  if (spec.kind === 'enum' ? !(spec.values ?? []).includes(t) : !finite(value as number)) {
    return { error: `${key} must be ${SYNTAX[spec.kind](spec)}, got ${shown}` };
  }
  return value;
}

/** A parameter's value as a user would type it: durations in Grafana's syntax (`300000` → `5m`). */
export function formatParam(key: ParamKey, value: DetectorParams[ParamKey]): string {
  if (PARAMS[key].kind === 'duration' && typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    return formatDuration(value);
  }
  return String(value);
}
