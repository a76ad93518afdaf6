// What every query-editor section receives, and the one way a section changes the query.
import { DEFAULT_PRESET } from '../../detect';
import { type BandscopeJsonData, type BandscopeQuery } from '../types';

export interface SectionProps {
  query: BandscopeQuery;
  onChange: (query: BandscopeQuery) => void;
  onRunQuery: () => void;
}

/** Validation messages by setting (`alpha`, `preset`, `peers.k` …): see `problemsOf`. */
export type Problems = ReadonlyMap<string, string>;

/**
 * Passes a new query with `patch` applied (the props' query is never mutated), and runs it when the change is
 * complete as made (a click); typed values run on blur or Enter instead.
 */
export function applyChange(
  { query, onChange, onRunQuery }: SectionProps,
  patch: Partial<BandscopeQuery>,
  run = false
) {
  onChange({ ...query, ...patch });
  if (run) {
    onRunQuery();
  }
}

/** The preset the query names (a preset or a `$variable`), else the datasource's default preset. */
export function queryPreset(query: BandscopeQuery, jsonData: BandscopeJsonData): string {
  return query.preset || (jsonData.defaultPreset ?? DEFAULT_PRESET);
}
