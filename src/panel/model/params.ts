// Panel options → detector parameters, validated by the engine's own rules.
import { defaultParams, type DetectorParams, isPresetName, validateParams } from '../../detect';
import { type DetectorOptions, PARAM_KEYS, type ParamKey } from '../types';

export interface ParamProblem {
  param: ParamKey | 'preset';
  message: string;
}

/** The parameters a user set (undefined/null/'' = preset default). */
export function detectorParams(options: DetectorOptions): Partial<DetectorParams> {
  const out: Partial<Record<ParamKey, unknown>> = {};
  for (const key of PARAM_KEYS) {
    const v = options[key] as unknown;
    if (v !== undefined && v !== null && v !== '') {
      out[key] = v;
    }
  }
  return out as Partial<DetectorParams>;
}

/** Messages from `validateParams`, one per invalid option. */
export function paramProblems(options: DetectorOptions): ParamProblem[] {
  return validateParams(options.preset, detectorParams(options)).map((e) => ({
    param: e.param as ParamKey | 'preset',
    message: e.message,
  }));
}

/** The message for one parameter (for its editor), or undefined when valid. */
export function paramProblem(preset: string, key: ParamKey, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') {
    return undefined;
  }
  return validateParams(preset, { [key]: value } as Partial<DetectorParams>).find((e) => e.param === key)?.message;
}

/** The preset's default for one parameter, or undefined for an unknown preset. */
export function presetDefault(preset: string, key: ParamKey): DetectorParams[ParamKey] | undefined {
  return isPresetName(preset) ? defaultParams(preset)[key] : undefined;
}
