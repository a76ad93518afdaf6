import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

import {
  expectPromtoolPass,
  PROMTOOL,
  promtoolTestRules,
  type RecordedCheck,
  ruleTestYaml,
  run as runTool,
  tempDir,
} from '../../tests/prometheus';
import { main } from '../cli';
import { parseCsv } from './detect';

/** Runs a command in-process, capturing its output. */
async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const rules = (...args: string[]) => run('rules', ...args);

function checkRules(yaml: string): string {
  const tmp = tempDir('cli-rules');
  try {
    const file = path.join(tmp.dir, 'rules.yml');
    writeFileSync(file, yaml);
    const r = runTool(PROMTOOL, ['check', 'rules', file]);
    expect(r.status).toBe(0);
    return r.stdout + r.stderr;
  } finally {
    tmp.remove();
  }
}

describe('bandscope rules', () => {
  it('prints one group that promtool accepts: four recordings and the alert, defaults as documented', async () => {
    const { code, stdout } = await rules('--expr', 'node_load1{job="node"}', '--name', 'load');
    expect(code).toBe(0);
    expect(checkRules(stdout)).toContain('SUCCESS: 5 rules found');
    for (const series of ['predicted', 'low', 'high', 'score']) {
      expect(stdout).toContain(`- record: bandscope:load:${series}\n`);
    }
    expect(stdout).toContain('    interval: 1m\n');
    expect(stdout).toContain('avg_over_time(node_load1{job="node"}[1h] offset 1m)');
    expect(stdout).toContain('3 * stddev_over_time(');
    expect(stdout).toContain('count_over_time(node_load1{job="node"}[1h] offset 1m) >= 30');
    expect(stdout).toContain('expr: bandscope:load:score >= 50\n        for: 5m\n');
    expect(stdout).toContain('range start exclusive');
  });

  it('every flag reaches the rules', async () => {
    const { stdout } = await rules(
      '--expr=sum(rate(x[5m]))',
      '--name=x',
      '--window',
      '2h',
      '--k',
      '2.5',
      '--season',
      '1w',
      '--range-start',
      'inclusive',
      '--interval',
      '30s',
      '--for',
      '10m',
      '--threshold',
      '75',
      '--warmup',
      '0'
    );
    checkRules(stdout);
    expect(stdout).toContain('avg_over_time((sum(rate(x[5m])))[2h:30s] offset 30s)');
    expect(stdout).toContain('offset 1w30s)');
    expect(stdout).toContain('offset 6d23h)'); // 1w − 2h/2: the window centred a week ago
    expect(stdout).toContain('2.5 * stddev_over_time(');
    expect(stdout).not.toContain('count_over_time');
    expect(stdout).toContain('    interval: 30s\n');
    expect(stdout).toContain('>= 75\n        for: 10m\n');
    expect(stdout).toContain('range start inclusive');
  });

  it.each([
    [['--name', 'x'], '--expr and --name are required'],
    [
      ['--expr', 'up', '--name', 'x', '--window', 'soon'],
      '--window: range must be a duration (5m, 1h, 1d, 1w or milliseconds), got "soon"',
    ],
    [['--expr', 'up', '--name', 'x', '--k', 'three'], '--k: k must be a number, got "three"'],
    [
      ['--expr', 'up', '--name', 'x', '--range-start', 'open'],
      '--range-start: rangeStart must be one of exclusive, inclusive, got "open"',
    ],
    [
      ['--expr', 'up', '--name', 'x', '--season', '30m'],
      'season must be 0s (none) or a duration ≥ range',
    ],
    [
      ['--expr', 'up', '--name', 'x', '--interval', '10m'],
      'interval must be a duration from 1ms to 5m',
    ],
    [['--expr', 'up', '--name', 'x', '--colour', 'red'], 'unknown option --colour'],
    [['--expr', 'up', '--name'], '--name needs a value'],
    [['up'], 'unexpected argument "up"'],
  ])('%j → %s', async (args, message) => {
    const { code, stdout, stderr } = await rules(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('--help documents every flag', async () => {
    const { code, stdout } = await rules('--help');
    expect(code).toBe(0);
    for (const flag of [
      '--window',
      '--k',
      '--season',
      '--range-start',
      '--interval',
      '--for',
      '--threshold',
      '--warmup',
    ]) {
      expect(stdout).toContain(`  ${flag} `);
    }
  });
});

describe('bandscope rules ≡ bandscope detect --preset window, checked by Prometheus 2.42', () => {
  it('the recorded values equal the detect command’s output at every row (speed_6005, gaps included)', async () => {
    const table = parseCsv(
      readFileSync(path.resolve(__dirname, '../../tests/fixtures/prometheus/speed_6005.csv'), 'utf8')
    );
    const n = 150;
    const times = Array.from(table.times.subarray(0, n), (t) => t - table.times[0]);
    const values = Array.from(table.values.subarray(0, n));
    const flags = [
      '--interval',
      '1m',
      '--range-start',
      'inclusive',
      '--warmup',
      '3',
      '--k',
      '2.5',
      '--threshold',
      '40',
    ];
    const tmp = tempDir('cli-equal');
    try {
      const file = path.join(tmp.dir, 'in.csv');
      writeFileSync(file, times.map((t, i) => `${t},${values[i]}\n`).join(''));
      const detected = await run('detect', '--preset', 'window', '--range', '1h', ...flags, file);
      expect(detected.code).toBe(0);
      const rows = detected.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((r) => r.split(','));
      expect(rows).toHaveLength(n);
      const generated = await run('rules', '--expr', 'nab{file="f"}', '--name', 'f', '--window', '1h', ...flags);
      const checks: RecordedCheck[] = [];
      rows.forEach((cells, i) => {
        ['predicted', 'low', 'high', 'score'].forEach((series, c) => {
          const text = cells[2 + c];
          checks.push({ expr: `bandscope:f:${series}`, at: times[i], value: text === '' ? undefined : Number(text) });
        });
      });
      expect(checks.filter((c) => c.value === undefined).length).toBeGreaterThan(0);
      const test = ruleTestYaml({ interval: 60_000, series: 'nab', labels: '{file="f"}', times, values, checks });
      expectPromtoolPass(promtoolTestRules(generated.stdout, test));
    } finally {
      tmp.remove();
    }
  });
});
