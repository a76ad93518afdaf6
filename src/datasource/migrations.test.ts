import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { CoreApp } from '@grafana/data';

import { SCHEMA_VERSION } from '../schema';
import { BandscopeDatasource } from './datasource';
import { migrateQuery } from './migrations';
import { resolveSettings } from './settings';
import type { BandscopeJsonData, BandscopeQuery } from './types';

// What 0.1.0 saved (tests/fixtures/saved-0.1.0/README.md): panel targets and annotation targets.
const SAVED = JSON.parse(readFileSync(join(__dirname, '../../tests/fixtures/saved-0.1.0/dashboard.json'), 'utf8')) as {
  panels: Array<{ targets?: Array<BandscopeQuery & { datasource?: { type?: string } }> }>;
  annotations: { list: Array<{ datasource?: { type?: string }; target?: BandscopeQuery }> };
};
const isBandscope = (q: { datasource?: { type?: string } }) => q.datasource?.type === 'bandscope-datasource';
const QUERIES: BandscopeQuery[] = [
  ...SAVED.panels.flatMap((p) => p.targets ?? []).filter(isBandscope),
  ...SAVED.annotations.list.filter(isBandscope).map((a) => a.target!),
];

// Dashboard variables as a dashboard could define them, and datasource defaults as 0.1.0's settings page saved them.
const VARIABLES: Record<string, string> = { $k: '2.5', $preset: 'robust', $warmup: '12' };
const interpolate = (text: string) => VARIABLES[text] ?? text;
const JSON_DATA: BandscopeJsonData = { defaultPreset: 'ewma', defaultParams: { alpha: 0.3, episodeGap: 300_000 } };

describe('queries saved by 0.1.0', () => {
  it('the fixture holds 0.1.0 queries: bands, web log and annotation, numbers, blanks and $variables', () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(4);
    expect(QUERIES.every((q) => q.schemaVersion === undefined)).toBe(true);
    expect(new Set(QUERIES.map((q) => q.mode ?? 'bands'))).toEqual(new Set(['bands', 'weblog']));
    expect(QUERIES.some((q) => Object.values(q.params ?? {}).some((v) => typeof v === 'number'))).toBe(true);
  });

  it('migrate to the current schema with every saved field kept, and resolve to the settings 0.1.0 ran', () => {
    for (const saved of QUERIES) {
      const query = migrateQuery(saved);
      expect(query).not.toBe(saved);
      expect(query.schemaVersion).toBe(SCHEMA_VERSION);
      // Nothing changed meaning since 0.1.0: the query reads back as saved and runs with the same detector.
      expect(query).toEqual({ ...saved, schemaVersion: SCHEMA_VERSION });
      expect(resolveSettings(query, JSON_DATA, interpolate)).toEqual(resolveSettings(saved, JSON_DATA, interpolate));
      // the Forecast option came later: a saved query has none, and asks for none
      expect(query.forecast).toBeUndefined();
      expect(resolveSettings(query, JSON_DATA, interpolate).forecastMs).toBe(0);
    }
  });

  it('a current query is left as it is (no write-back loop in the editor); so is one a newer Bandscope saved', () => {
    const current = migrateQuery(QUERIES[0]);
    expect(migrateQuery(current)).toBe(current);
    const future = { ...QUERIES[0], schemaVersion: SCHEMA_VERSION + 1 };
    expect(migrateQuery(future)).toBe(future);
  });

  it('new queries start at the current schema', () => {
    const ds = new BandscopeDatasource({ jsonData: {} } as never);
    expect(ds.getDefaultQuery(CoreApp.PanelEditor).schemaVersion).toBe(SCHEMA_VERSION);
  });
});
