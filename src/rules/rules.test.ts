import fc from 'fast-check';
import { writeFileSync } from 'fs';
import * as path from 'path';

import { PROMTOOL, run, tempDir } from '../../tests/prometheus';
import type { WindowSettings } from '../detect/presets/window';
import { formatDuration, parseDuration } from '../detect/duration';
import {
  BAND_SERIES,
  bandExpressions,
  exportUnavailable,
  isVectorSelector,
  parseRecordName,
  recordName,
  type RuleGroupOptions,
  ruleGroupYaml,
  suggestRuleName,
  validateRuleOptions,
} from './rules';

const SETTINGS: WindowSettings = {
  k: 3,
  range: 3_600_000,
  season: 0,
  interval: 60_000,
  phase: 0,
  rangeStart: 'exclusive',
  warmup: 10,
  threshold: 50,
};
const OPTIONS: RuleGroupOptions = { expr: 'up', name: 'up', settings: SETTINGS, for: 300_000 };

describe('durations', () => {
  it.each([
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1d', 86_400_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
    ['250ms', 250],
    ['90000', 90_000],
  ])('%s = %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'm', '5 m', '1.5h', '-1h', '5M', 'h1'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeNaN();
  });

  it('formats the shortest form and reads it back', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(86_400_000 + 1)).toBe('1d1ms');
    expect(formatDuration(0)).toBe('0s');
    fc.assert(fc.property(fc.nat({ max: 2 ** 45 }), (ms) => parseDuration(formatDuration(ms)) === ms));
    expect(() => formatDuration(1.5)).toThrow('whole number of milliseconds');
  });
});

describe('recorded series names', () => {
  it('reads back every name recordName writes, and nothing else', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,20}$/),
        fc.constantFrom(...BAND_SERIES),
        (name, series) => {
          expect(parseRecordName(recordName(name, series))).toEqual({ name, series });
        }
      )
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const parsed = parseRecordName(text);
        expect(parsed === undefined || recordName(parsed.name, parsed.series) === text).toBe(true);
      })
    );
    for (const text of [
      'bandscope:x:anomaly',
      'bandscope::low',
      'bandscope:9x:low',
      'bandscope:x:low:y',
      'anomaly:level',
    ]) {
      expect(parseRecordName(text)).toBeUndefined();
    }
  });
});

describe('exporting a query as rules (the query editor)', () => {
  it('needs a Prometheus-type upstream, the window preset and an expression, and says which is missing', () => {
    const ok = { upstreamType: 'prometheus', preset: 'window', expr: 'up' };
    expect(exportUnavailable(ok)).toBeUndefined();
    expect(exportUnavailable({ ...ok, upstreamType: 'grafana-amazonprometheus-datasource' })).toBeUndefined();
    expect(exportUnavailable({ ...ok, upstreamType: 'influxdb' })).toMatch(
      /^Alert rules need a Prometheus-type upstream .*this upstream is influxdb\.$/
    );
    expect(exportUnavailable({ ...ok, upstreamType: undefined })).toMatch(/need a Prometheus-type upstream/);
    expect(exportUnavailable({ ...ok, preset: 'ewma' })).toMatch(/^Only the window preset exports as rules/);
    expect(exportUnavailable({ ...ok, expr: '  ' })).toBe('Write the PromQL query in the upstream editor first.');
  });

  it.each([
    ['node_load1', 'node_load1'],
    ['node_load1{job="node"}', 'node_load1'],
    ['sum by (job) (rate(http_requests_total{code=~"5.."}[5m]))', 'http_requests_total'],
    ['sum without (instance) (rate({__name__="x"}[5m])) / on (job) group_left up', 'up'],
    ['2e3 * job:http_requests:rate5m offset 1h', 'job_http_requests_rate5m'],
    ['histogram_quantile(0.99, sum by (le) (rate(latency_bucket[5m])))', 'latency_bucket'],
    ['{job="node", x="a}b"}', 'fallback'],
    ['vector(1)', 'fallback'],
  ])('names the rule after the first metric of %s', (expr, name) => {
    expect(suggestRuleName(expr, 'fallback')).toBe(name);
  });

  it('always gives a valid rule name, in linear time', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (expr) => {
        const name = suggestRuleName(expr, 'A');
        expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
        expect(() => ruleGroupYaml({ ...OPTIONS, name })).not.toThrow();
      })
    );
    for (const attack of ['{'.repeat(200_000), 'a '.repeat(200_000), '"\\'.repeat(100_000), 'f('.repeat(100_000)]) {
      const t0 = performance.now();
      suggestRuleName(attack, 'A');
      expect(performance.now() - t0).toBeLessThan(500);
    }
  });
});

describe('isVectorSelector', () => {
  it.each([
    ['up', true],
    ['node_cpu_seconds_total{mode="idle",cpu=~"0|1"}', true],
    ['{__name__="up"}', true],
    ['a:b_c{x="}"}', true],
    ["m{l='a\\'}'}", true],
    ['rate(x[5m])', false],
    ['sum(up)', false],
    ['up{a="b"} offset 5m', false],
    ['up{a="b"}[5m]', false],
    ['up{a="b"', false],
    ['up + 1', false],
  ])('%s → %s', (expr, selector) => {
    expect(isVectorSelector(expr)).toBe(selector);
  });
});

describe('rule expressions', () => {
  it('a selector takes the range directly, anything else becomes a subquery at the rule interval', () => {
    expect(bandExpressions('up', SETTINGS).predicted).toBe('avg_over_time(up[1h] offset 1m)');
    expect(bandExpressions('sum by (job) (rate(x[5m]))', SETTINGS).predicted).toBe(
      'avg_over_time((sum by (job) (rate(x[5m])))[1h:1m] offset 1m)'
    );
  });

  it('a season adds yesterday’s mean around now and removes yesterday’s level', () => {
    const e = bandExpressions('up', { ...SETTINGS, season: 86_400_000 });
    expect(e.predicted).toBe(
      '(avg_over_time(up[1h] offset 1m) - avg_over_time(up[1h] offset 1d1m) + avg_over_time(up[1h] offset 23h30m))'
    );
    expect(e.low.startsWith(`${e.predicted} - 3 * stddev_over_time(up[1h] offset 1m)`)).toBe(true);
  });

  it('warm-up 0 drops the sample-count condition', () => {
    expect(bandExpressions('up', SETTINGS).score).toContain('count_over_time(up[1h] offset 1m) >= 10');
    expect(bandExpressions('up', { ...SETTINGS, warmup: 0 }).score).not.toContain('count_over_time');
  });
});

describe('validation', () => {
  it('names every invalid setting', () => {
    const errors = validateRuleOptions({
      expr: ' ',
      name: '1x',
      for: -1,
      settings: { ...SETTINGS, range: 1.5, interval: 600_000, phase: 600_000, rangeStart: 'open' as never },
    });
    expect(errors).toEqual([
      'expr must be a PromQL expression, got an empty one',
      'name must be letters, digits and _ (not starting with a digit), got "1x"',
      'for must be a whole number of milliseconds ≥ 0, got -1',
      // the detector's own messages (src/detect/params.ts): one place checks the settings
      'range must be a duration ≥ 1ms (5m, 1h, 1d, 1w or milliseconds), got 1.5',
      'interval must be a duration from 1ms to 5m (5m, 1h, 1d, 1w or milliseconds), got 600000',
      'rangeStart must be exclusive or inclusive, got "open"',
    ]);
    // how valid settings fit together: the phase below the interval, a season of 0 or at least the range
    expect(validateRuleOptions({ ...OPTIONS, settings: { ...SETTINGS, phase: SETTINGS.interval } })).toEqual([
      `phase must be a duration from 0s to below the interval (5m, 1h, 1d, 1w or milliseconds), got ${SETTINGS.interval}`,
    ]);
    expect(validateRuleOptions({ ...OPTIONS, settings: { ...SETTINGS, season: 1_800_000 } })).toEqual([
      'season must be 0s (none) or a duration ≥ range (5m, 1h, 1d, 1w or milliseconds), got 1800000',
    ]);
    expect(
      validateRuleOptions({ ...OPTIONS, settings: { ...SETTINGS, range: 3_600_001, season: 86_400_000 } })
    ).toEqual(['with a season, range must be an even number of milliseconds (half of it is an offset), got 3600001']);
    expect(() => ruleGroupYaml({ ...OPTIONS, name: 'a:b' })).toThrow('name must be letters');
    expect(validateRuleOptions({ ...OPTIONS, expr: 'up\u0007' })).toEqual(['expr must not contain control characters']);
  });
});

describe('promtool check rules accepts the output', () => {
  const cases: Array<[string, RuleGroupOptions]> = [
    ['defaults', OPTIONS],
    [
      'daily season, inclusive, no warm-up',
      { ...OPTIONS, settings: { ...SETTINGS, season: 86_400_000, rangeStart: 'inclusive', warmup: 0 } },
    ],
    [
      'weekly season, subquery',
      {
        ...OPTIONS,
        expr: 'sum by (job) (rate(http_requests_total[5m]))',
        settings: { ...SETTINGS, season: 604_800_000 },
      },
    ],
    [
      'quotes, braces, backslashes and a newline in the expression',
      { ...OPTIONS, expr: 'x{path="/a\\"}b", q=\'{\'}\n  * on() group_left vector(1)' },
    ],
    ['a PromQL comment at the end', { ...OPTIONS, expr: 'sum(up) # all targets' }],
  ];
  it.each(cases)('%s', (_, options) => {
    const tmp = tempDir('check');
    try {
      const file = path.join(tmp.dir, 'rules.yml');
      writeFileSync(file, ruleGroupYaml(options));
      const r = run(PROMTOOL, ['check', 'rules', file]);
      expect(`${r.stdout}${r.stderr}`).toContain('SUCCESS: 5 rules found');
      expect(r.status).toBe(0);
    } finally {
      tmp.remove();
    }
  });
});
