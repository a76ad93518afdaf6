import { writeFileSync } from 'fs';
import * as path from 'path';

import { PROMTOOL, run as runTool, tempDir } from '../../tests/prometheus';
import { main } from '../cli';

async function rules(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(['rules', ...args]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

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
    expect(stdout).toContain('count_over_time(node_load1{job="node"}[1h] offset 1m) >= 10');
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
    [['--expr', 'up', '--name', 'x', '--window', 'soon'], '--window expects a duration like 5m, 1h or 1d, got "soon"'],
    [['--expr', 'up', '--name', 'x', '--k', 'three'], '--k expects a number, got "three"'],
    [['--expr', 'up', '--name', 'x', '--range-start', 'open'], 'rangeStart must be exclusive or inclusive, got "open"'],
    [
      ['--expr', 'up', '--name', 'x', '--season', '30m'],
      'season must be 0 (none) or a whole number of milliseconds ≥ range',
    ],
    [
      ['--expr', 'up', '--name', 'x', '--interval', '10m'],
      'interval must be a whole number of milliseconds in [1, 300000]',
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
