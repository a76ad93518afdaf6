// Saved queries → today's (the steps are src/schema.ts's, shared with the panel options). A frontend datasource
// has no migration hook in Grafana, so the datasource migrates every query it runs and the query editor writes the
// migrated query back, as grafana-zabbix does.
import { migrateParams, SCHEMA_VERSION, savedVersion } from '../schema';
import type { BandscopeQuery } from './types';

/**
 * A query saved with an older schema (0.1.0: none) brought to SCHEMA_VERSION; current queries unchanged, and so
 * are queries a newer Bandscope saved (left as they are rather than guessed at).
 */
export function migrateQuery(query: BandscopeQuery): BandscopeQuery {
  const from = savedVersion(query);
  if (from >= SCHEMA_VERSION) {
    return query;
  }
  const params = migrateParams(query.params ?? {}, { where: 'query', preset: query.preset }, from);
  const keep = query.params !== undefined || Object.keys(params).length > 0;
  return { ...query, ...(keep ? { params } : {}), schemaVersion: SCHEMA_VERSION };
}
