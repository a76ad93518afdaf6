// Parameter defaults per preset and validation with messages that state the allowed range.
import { type DetectorParams, type ParamError, PRESETS, type PresetName } from './types';

const DAY_MS = 86_400_000;

const DEFAULTS: Readonly<Record<PresetName, Readonly<DetectorParams>>> = {
  // The source notebook's defaults: warm-up 50·M.
  notebook: { alpha: 0.04, k: 1.3, window: 20, gamma: 0.01, warmup: 1000, episodeGap: 0, season: DAY_MS },
  ewma: { alpha: 0.1, k: 4, window: 20, gamma: 0.01, warmup: 100, episodeGap: 0, season: DAY_MS },
  robust: { alpha: 0.1, k: 4, window: 60, gamma: 0.01, warmup: 60, episodeGap: 0, season: DAY_MS },
  seasonal: { alpha: 0.1, k: 4, window: 20, gamma: 0.01, warmup: 100, episodeGap: 0, season: DAY_MS },
};

export function isPresetName(preset: string): preset is PresetName {
  return (PRESETS as readonly string[]).includes(preset);
}

export function defaultParams(preset: PresetName): DetectorParams {
  return { ...DEFAULTS[preset] };
}

type Rule = { test: (v: number) => boolean; range: string };

const RULES: Record<keyof DetectorParams, Rule> = {
  alpha: { test: (v) => v > 0 && v <= 1, range: 'in (0, 1]' },
  k: { test: (v) => v > 0 && Number.isFinite(v), range: 'a finite number > 0' },
  window: { test: (v) => Number.isInteger(v) && v >= 2 && v <= 1e6, range: 'an integer in [2, 1000000]' },
  gamma: { test: (v) => v > 0 && v <= 1, range: 'in (0, 1]' },
  warmup: { test: (v) => Number.isInteger(v) && v >= 0, range: 'an integer ≥ 0' },
  episodeGap: { test: (v) => v >= 0 && Number.isFinite(v), range: 'a finite number of milliseconds ≥ 0' },
  season: { test: (v) => v > 0 && Number.isFinite(v), range: 'a finite number of milliseconds > 0' },
};

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** [] when valid. Unknown keys are ignored; `undefined` means "use the default". */
export function validateParams(preset: string, params: Partial<DetectorParams>): ParamError[] {
  const errors: ParamError[] = [];
  if (!isPresetName(preset)) {
    errors.push({ param: 'preset', message: `preset must be one of ${PRESETS.join(', ')}, got ${show(preset)}` });
  }
  return errors.concat(paramErrors(params, Object.keys(RULES) as Array<keyof DetectorParams>));
}

/** The errors of the given keys of `params` (for engines that read a subset, e.g. population). */
export function paramErrors(params: Partial<DetectorParams>, keys: ReadonlyArray<keyof DetectorParams>): ParamError[] {
  const errors: ParamError[] = [];
  for (const key of keys) {
    const value: unknown = params[key];
    if (value === undefined) {
      continue;
    }
    const rule = RULES[key];
    if (typeof value !== 'number' || !rule.test(value)) {
      errors.push({ param: key, message: `${key} must be ${rule.range}, got ${show(value)}` });
    }
  }
  return errors;
}

/** Defaults overlaid with the given values (validate first). */
export function resolveParams(preset: PresetName, params: Partial<DetectorParams>): DetectorParams {
  const out = defaultParams(preset);
  for (const key of Object.keys(RULES) as Array<keyof DetectorParams>) {
    const value = params[key];
    if (value !== undefined) {
      out[key] = value;
    }
  }
  return out;
}
