import { defaultParams, POPULATION_DEFAULTS } from '../detect';
import { parseParam, resolveSettings, settingsProblems, shownParam } from './settings';
import type { BandscopeQuery } from './types';

const vars: Record<string, string> = { alpha: '0.2', bad: 'abc', preset: 'robust', gap: '5m' };
const interpolate = (t: string) => t.replace(/\$(\w+)/g, (m, n) => vars[n] ?? m);

describe('detector settings', () => {
  it('query → datasource default → preset default', () => {
    const s = resolveSettings(
      { refId: 'A', params: { k: '2.5', alpha: '' } },
      { defaultPreset: 'robust', defaultParams: { alpha: 0.3 } },
      interpolate
    );
    expect(s.preset).toBe('robust');
    expect(s.params).toEqual({ ...defaultParams('robust'), k: 2.5, alpha: 0.3 });
  });

  it('interpolates variables in preset and parameters', () => {
    const s = resolveSettings(
      {
        refId: 'A',
        preset: '$preset',
        params: { alpha: '$alpha', window: 30 },
        compare: 'both',
        peers: { k: '$alpha' },
      },
      {},
      interpolate
    );
    expect(s).toEqual({
      preset: 'robust',
      params: { ...defaultParams('robust'), alpha: 0.2, window: 30 },
      forecastMs: 0,
      compare: 'both',
      peers: { ...POPULATION_DEFAULTS, k: 0.2 },
    });
  });

  it('lists every problem with the value it got', () => {
    const problems = settingsProblems(
      { refId: 'A', preset: 'nope', params: { alpha: '$bad', k: '-1', window: '$missing' } },
      {},
      interpolate
    );
    expect(problems.map((p) => p.param).sort()).toEqual(['alpha', 'k', 'preset', 'window']);
    expect(problems.find((p) => p.param === 'alpha')!.message).toBe('alpha must be a number, got "$bad" (= "abc")');
    expect(problems.find((p) => p.param === 'window')!.message).toMatch(/variable .* is not defined/);
    expect(() => resolveSettings({ refId: 'A', params: { alpha: 2 } }, {}, interpolate)).toThrow(
      /alpha must be in \(0, 1\], got 2/
    );
  });

  it('durations in Grafana syntax or ms, in queries, variables and datasource defaults; shown back as typed', () => {
    const s = resolveSettings(
      { refId: 'A', preset: 'seasonal', params: { season: '1w', episodeGap: '$gap' } },
      { defaultParams: { season: '1d' } },
      interpolate
    );
    expect(s.params).toMatchObject({ season: 7 * 86_400_000, episodeGap: 300_000 });
    const fromDefaults = resolveSettings(
      { refId: 'A', preset: 'seasonal' },
      { defaultParams: { season: '1d' } },
      interpolate
    );
    expect(fromDefaults.params.season).toBe(86_400_000);
    expect(resolveSettings({ refId: 'A', params: { episodeGap: 90_000 } }, {}, interpolate).params.episodeGap).toBe(
      90_000
    );
    expect(settingsProblems({ refId: 'A', params: { season: 'daily' } }, {}, interpolate)[0].message).toBe(
      'season must be a duration (5m, 1h, 1d, 1w or milliseconds), got "daily"'
    );
    // Text stays as typed; numbers (0.1.0 queries, provisioning) show in duration syntax.
    expect(shownParam('season', '86400000')).toBe('86400000');
    expect(shownParam('season', 86_400_000)).toBe('1d');
    expect(shownParam('alpha', 0.2)).toBe('0.2');
  });

  it('forecast: off when blank; a duration or ms, from a variable too; validated; only presets that can', () => {
    const forecastMs = (query: Partial<BandscopeQuery>) =>
      resolveSettings({ refId: 'A', ...query }, {}, interpolate).forecastMs;
    expect(forecastMs({})).toBe(0);
    expect(forecastMs({ forecast: ' ' })).toBe(0);
    expect(forecastMs({ forecast: '1d' })).toBe(86_400_000);
    expect(forecastMs({ forecast: 3_600_000 })).toBe(3_600_000);
    expect(forecastMs({ forecast: '$gap', preset: 'seasonal' })).toBe(300_000);
    const problems = (query: Partial<BandscopeQuery>) =>
      settingsProblems({ refId: 'A', ...query }, {}, interpolate).map((p) => `${p.param}: ${p.message}`);
    expect(problems({ forecast: 'soon' })).toEqual([
      'forecast: forecast must be a duration (5m, 1h, 1d, 1w or milliseconds), got "soon"',
    ]);
    expect(problems({ forecast: '0' })).toEqual([
      'forecast: forecast must be a duration > 0 (5m, 1h, 1d, 1w or milliseconds), got "0"',
    ]);
    expect(problems({ forecast: '$nope' })).toEqual([
      'forecast: forecast: the variable in "$nope" is not defined on this dashboard',
    ]);
    // a preset without a model of the future, named or through a variable
    const robust = 'forecast: the robust preset cannot forecast: it has no model of the future (use ewma or seasonal)';
    expect(problems({ forecast: '1h', preset: 'robust' })).toEqual([robust]);
    expect(problems({ forecast: '1h', preset: '$preset' })).toEqual([robust]);
    expect(problems({ forecast: '', preset: 'robust' })).toEqual([]);
  });

  it('parseParam: blank is default', () => {
    expect(parseParam('k', '  ', interpolate)).toBeUndefined();
    expect(parseParam('k', 3, interpolate)).toBe(3);
  });
});

describe('shipped dashboards', () => {
  it('every Bandscope query in demo.json is valid with the dashboard variables', () => {
    const demo = require('../dashboards/demo.json');
    const k = demo.templating.list.find((v: { name: string }) => v.name === 'k').current.value;
    const queries = [
      ...demo.panels.flatMap((p: { targets: BandscopeQuery[] }) => p.targets),
      ...demo.annotations.list.map((a: { target?: BandscopeQuery }) => a.target),
    ].filter((q) => q?.upstream);
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const q of queries) {
      expect(settingsProblems(q, {}, (t) => t.replace('$k', k))).toEqual([]);
      expect(q.upstreamQuery.refId).toBeDefined();
      expect(q.datasource?.type ?? 'bandscope-datasource').toBe('bandscope-datasource');
    }
  });
});
