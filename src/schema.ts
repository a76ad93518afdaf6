// Saved dashboards survive upgrades. Panel options and Bandscope queries carry `schemaVersion` (0.1.0 saved
// none: version 0). SCHEMA_STEPS[v] brings what version v saved to v + 1, for both, so this one list says what
// changed the meaning of a saved setting, and when. To change a meaning: append a step here and, in the
// migration tests, load what the previous version saved. Pure; the panel (panel/migrations.ts) and the
// datasource (datasource/migrations.ts) apply it.
import type { ParamKey } from './detect';

/** Detector parameters as saved: numbers, or text (a duration such as `5m`, a `$variable`). */
export type SavedParams = Partial<Record<ParamKey, number | string>>;

/** Where saved parameters come from: the panel's options (numbers only) or a query's `params`. */
export interface SavedContext {
  where: 'panel' | 'query';
  /** The preset as saved: a preset name, a `$variable`, or undefined (the default). */
  preset: string | undefined;
}

export interface SchemaStep {
  /** What changed in meaning (for the reader of this list, the CHANGELOG and the tests). */
  change: string;
  /** Rewrites the saved detector parameters so they keep their meaning (or get the documented new one). */
  params?: (params: SavedParams, context: SavedContext) => SavedParams;
  /** Rewrites the saved panel options other than detector parameters (queries have none of these). */
  panel?: (options: Record<string, unknown>) => Record<string, unknown>;
}

export const SCHEMA_STEPS: readonly SchemaStep[] = [
  {
    change:
      '0.1.0 → 1: the version is recorded. Nothing changes meaning: durations saved as milliseconds stay ' +
      'milliseconds, parameters left empty still take the preset default.',
  },
  {
    change:
      '1 → 2: the anomaly flag of ewma, robust and seasonal (markers, episodes, annotations) is the score reaching ' +
      'the threshold (a new parameter, default 50: errors this unusual once in 100,000 points), no longer a band ' +
      'exit; k still sets the band, now context. Saved values keep their numbers; the notebook keeps its band exits.',
  },
  {
    change:
      '2 → 3: queries gain Compare (own history | peers | both) and its peer settings. A query saved before has ' +
      'none, which means own history: it returns the same frames as before, with no peer fields.',
  },
  {
    change:
      "3 → 4: the map colours by `map.mode`, 'volume' (requests) or 'anomaly' (each country's own band and score). " +
      "Maps saved before it colour by volume, as they did: the step writes mode 'volume' into them, so a later " +
      'change of the default leaves them alone. Queries: nothing changes.',
    panel: (options) => {
      const map = options.map && typeof options.map === 'object' ? (options.map as Record<string, unknown>) : {};
      return { ...options, map: { ...map, mode: 'volume' } };
    },
  },
];

export const SCHEMA_VERSION = SCHEMA_STEPS.length;

/** The schema version something was saved with: 0 (0.1.0) when absent or not a version. */
export function savedVersion(saved: { schemaVersion?: unknown } | undefined): number {
  const v = saved?.schemaVersion;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

/** Saved detector parameters brought from version `from` to the last of `steps`. */
export function migrateParams(
  params: SavedParams,
  context: SavedContext,
  from: number,
  steps: readonly SchemaStep[] = SCHEMA_STEPS
): SavedParams {
  return steps.slice(from).reduce((p, step) => (step.params ? step.params(p, context) : p), params);
}
