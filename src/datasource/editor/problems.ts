// The query's validation messages by setting, as the sections show them beside their fields.
import { settingsProblems, type Interpolate } from '../settings';
import { type BandscopeJsonData, type BandscopeQuery } from '../types';
import { type Problems } from './section';

export function problemsOf(query: BandscopeQuery, jsonData: BandscopeJsonData, interpolate: Interpolate): Problems {
  return new Map(settingsProblems(query, jsonData, interpolate).map((p) => [p.param, p.message]));
}
