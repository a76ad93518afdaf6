// Saved panel options → today's (the steps are src/schema.ts's, shared with the queries). Grafana runs this
// before the panel and its options editor see the options, and saves what it returns with the dashboard.
import type { PanelModel } from '@grafana/data';

import { PARAM_KEYS, type ParamKey } from '../detect';
import { migrateParams, SCHEMA_STEPS, type SavedParams, SCHEMA_VERSION, savedVersion } from '../schema';
import type { BandscopeOptions } from './types';

type Saved = Partial<BandscopeOptions>;

/**
 * Options saved with an older schema (0.1.0: none) brought to SCHEMA_VERSION; current ones unchanged, and so are
 * options a newer Bandscope saved (left as they are rather than guessed at). Empty options are a panel being
 * created, not a saved one: they get today's defaults, with no step applied.
 */
export function migratePanelOptions(saved: Saved | undefined): Saved {
  const options = saved ?? {};
  const from = savedVersion(options);
  if (from >= SCHEMA_VERSION) {
    return options;
  }
  if (Object.keys(options).length === 0) {
    return { schemaVersion: SCHEMA_VERSION };
  }
  const rest: Record<string, unknown> = { ...options };
  const params: SavedParams = {};
  for (const key of PARAM_KEYS) {
    if (rest[key] !== undefined) {
      params[key] = rest[key] as SavedParams[ParamKey];
    }
    delete rest[key];
  }
  const migrated = migrateParams(params, { where: 'panel', preset: options.preset }, from);
  const others = SCHEMA_STEPS.slice(from).reduce((o, step) => (step.panel ? step.panel(o) : o), rest);
  return { ...(others as Saved), ...(migrated as Saved), schemaVersion: SCHEMA_VERSION };
}

/** Whether Grafana should call the migration handler (also when the plugin's version did not change). */
export function needsMigration(panel: Pick<PanelModel, 'options'>): boolean {
  return savedVersion(panel.options as Saved | undefined) < SCHEMA_VERSION;
}
