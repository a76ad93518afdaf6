import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { FieldType, getPanelOptionsWithDefaults, type PanelModel, toDataFrame } from '@grafana/data';

import { registerOptionEditors } from '../../tests/host/src/registries';
import { defaultParams, PARAM_KEYS } from '../detect';
import { SCHEMA_VERSION } from '../schema';
import { migratePanelOptions, needsMigration } from './migrations';
import { paramProblems } from './model/params';
import { framesToSeries } from './model/series';
import { plugin } from './module';
import { DEFAULT_OPTIONS, type BandscopeOptions } from './types';

// Grafana core fills the option-editor registry at boot (getPanelOptionsWithDefaults looks editors up in it):
// the plugin host's registry (tests/host) does it here too.
registerOptionEditors();

// What 0.1.0 saved (tests/fixtures/saved-0.1.0/README.md).
const SAVED = JSON.parse(readFileSync(join(__dirname, '../../tests/fixtures/saved-0.1.0/dashboard.json'), 'utf8')) as {
  panels: Array<PanelModel & { type: string }>;
};
const PANELS = SAVED.panels.filter((p) => p.type === 'bandscope-panel');

/** What Grafana does when it loads a panel: the migration handler if asked for, then the builder's defaults. */
async function load(panel: PanelModel): Promise<BandscopeOptions> {
  const asked = plugin.shouldMigrate!(panel);
  const options = asked ? await plugin.onPanelMigration!(panel) : panel.options;
  const loaded = getPanelOptionsWithDefaults({
    plugin,
    currentOptions: options as Record<string, unknown>,
    currentFieldConfig: panel.fieldConfig ?? { defaults: {}, overrides: [] },
    isAfterPluginChange: false,
  });
  return loaded.options as unknown as BandscopeOptions;
}

function spiky(n = 400) {
  const times = Array.from({ length: n }, (_, i) => Date.UTC(2026, 0, 1) + i * 60_000);
  const values = times.map((_, i) => 10 + Math.sin(i / 9) + (i % 97 === 50 ? 12 : 0));
  return toDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: times },
      { name: 'cpu', type: FieldType.number, values },
    ],
  });
}

describe('panel options saved by 0.1.0', () => {
  it('the fixture holds 0.1.0 panels: unversioned, empty (provisioned) and edited ones', () => {
    expect(PANELS.length).toBeGreaterThanOrEqual(4);
    expect(PANELS.every((p) => p.options?.schemaVersion === undefined)).toBe(true);
    expect(PANELS.some((p) => Object.keys(p.options ?? {}).length === 0)).toBe(true);
    expect(PANELS.some((p) => p.options?.preset === 'seasonal' && p.options?.season === 86_400_000)).toBe(true);
  });

  it('load with every saved value kept, versioned, valid, and computing the bands 0.1.0 computed', async () => {
    for (const panel of PANELS) {
      expect(needsMigration(panel)).toBe(true);
      const options = await load(panel);
      expect(options.schemaVersion).toBe(SCHEMA_VERSION);
      // Nothing changed meaning since 0.1.0: every saved option reads back as saved, defaults fill the rest.
      expect(options).toMatchObject(panel.options);
      expect(options).toMatchObject({ ...DEFAULT_OPTIONS, ...panel.options, map: expect.any(Object) });
      expect(options.map).toEqual({ ...DEFAULT_OPTIONS.map, ...(panel.options.map as object) });
      expect(paramProblems(options)).toEqual([]);
      // The detector runs with the parameters the user saved (durations in ms, as 0.1.0 stored them).
      const saved = Object.fromEntries(PARAM_KEYS.filter((k) => k in panel.options).map((k) => [k, panel.options[k]]));
      const now = framesToSeries([spiky()], options).series[0];
      const then = framesToSeries([spiky()], { preset: options.preset, ...saved }).series[0];
      expect(Array.from(now.score)).toEqual(Array.from(then.score));
      expect(now.episodes).toEqual(then.episodes);
    }
  });

  it('get the documented new flag: the score reaching the threshold (ewma, robust, seasonal), not a band exit', async () => {
    let checked = 0;
    for (const panel of PANELS) {
      const options = await load(panel);
      if (options.preset === 'notebook') {
        continue; // a reproduction: its band exits stay its flags
      }
      const s = framesToSeries([spiky()], options).series[0];
      const threshold = options.threshold ?? defaultParams(options.preset).threshold;
      expect(Array.from(s.anomaly)).toEqual(Array.from(s.score, (x) => (x >= threshold ? 1 : 0)));
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('a panel saved today is not migrated again; a new panel gets the defaults; a newer schema is left alone', async () => {
    const [edited] = PANELS.filter((p) => p.id === 101);
    const today = { ...edited, options: await load(edited) };
    expect(needsMigration(today)).toBe(false);
    expect(migratePanelOptions(today.options)).toBe(today.options);
    expect(await load(today)).toEqual(today.options);

    expect(migratePanelOptions({})).toEqual({ schemaVersion: SCHEMA_VERSION });
    expect(await load({ ...edited, options: {} })).toEqual({ ...DEFAULT_OPTIONS, schemaVersion: SCHEMA_VERSION });

    const future = { ...edited.options, schemaVersion: SCHEMA_VERSION + 1, k: 'whatever' };
    expect(migratePanelOptions(future as never)).toBe(future);
  });
});

describe('panel options saved by schema 3 (before the map mode)', () => {
  // A map panel as the previous release saved it: every map option but `mode`.
  const SAVED_V3 = {
    id: 7,
    type: 'bandscope-panel',
    options: {
      schemaVersion: 3,
      view: 'map',
      preset: 'ewma',
      map: {
        color: 'green',
        scale: 'sqrt',
        heat: true,
        bucket: '1h',
        start: 'last',
        speed: 4,
        loop: false,
        showLegend: true,
      },
    },
  } as unknown as PanelModel;

  it('loads colouring by volume, as it did, with every saved map option kept', async () => {
    expect(needsMigration(SAVED_V3)).toBe(true);
    const options = await load(SAVED_V3);
    expect(options.schemaVersion).toBe(SCHEMA_VERSION);
    expect(options.map).toEqual({ ...(SAVED_V3.options.map as object), mode: 'volume' });
    // written out, not left to the default: the saved meaning holds whatever the default becomes
    expect((migratePanelOptions(SAVED_V3.options).map as { mode?: string }).mode).toBe('volume');
  });

  it('a map saved in the anomaly mode today keeps it', async () => {
    const today = {
      ...SAVED_V3,
      options: { ...SAVED_V3.options, schemaVersion: SCHEMA_VERSION, map: { mode: 'anomaly' } },
    };
    expect(needsMigration(today)).toBe(false);
    expect((await load(today)).map.mode).toBe('anomaly');
  });
});
