import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

import { createDetector } from '../../src/detect';
import { readFixture } from '../../tests/fixture-data';
import { main } from '../cli';
import { parseTimestamp } from '../timestamp';

const ROOT = path.resolve(__dirname, '..', '..');
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'bandscope-detect-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function detect(csv: string, ...args: string[]) {
  const file = path.join(dir, `in-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, csv);
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(['detect', ...args, file]);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

function series(n: number, stamp: (t: number) => string): { csv: string; times: number[]; values: number[] } {
  const times = Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 300_000);
  const values = times.map((_, i) => 100 + 10 * Math.sin(i / 5) + (i === 250 ? 500 : 0) + i / 3);
  return { csv: times.map((t, i) => `${stamp(t)},${values[i]}\n`).join(''), times, values };
}

const sql = (t: number) => new Date(t).toISOString().slice(0, 19).replace('T', ' ');

describe('bandscope detect', () => {
  it('writes the header and one row per input row; numbers round-trip to the engine exactly', async () => {
    const { csv, times, values } = series(300, sql);
    const { code, stdout } = await detect('timestamp,value\n' + csv);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('timestamp,value,predicted,low,high,score,anomaly');
    expect(lines).toHaveLength(301);
    const res = createDetector('ewma').run(times, values);
    const cell = (s: string) => (s === '' ? NaN : Number(s));
    lines.slice(1).forEach((line, i) => {
      const c = line.split(',');
      expect(c[0]).toBe(sql(times[i]));
      expect([1, 2, 3, 4, 5].map((j) => cell(c[j]))).toEqual([
        values[i],
        res.predicted[i],
        res.low[i],
        res.high[i],
        res.score[i],
      ]);
      expect(c[6]).toBe(String(res.anomaly[i]));
    });
    expect(lines[251].endsWith(',1')).toBe(true); // the spike, once warmed up (200 points)
  });

  it('header is optional and the three timestamp formats give the same numbers, timestamps echoed as given', async () => {
    const runs = await Promise.all([
      detect(series(120, sql).csv),
      detect(series(120, (t) => new Date(t).toISOString()).csv),
      detect(series(120, (t) => String(t)).csv),
    ]);
    const body = (s: string) => s.split('\n').map((l) => l.split(',').slice(1).join(','));
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(body(runs[1].stdout)).toEqual(body(runs[0].stdout));
    expect(body(runs[2].stdout)).toEqual(body(runs[0].stdout));
    expect(runs[1].stdout.split('\n')[1].split(',')[0]).toBe('2024-01-01T00:00:00.000Z');
    expect(runs[2].stdout.split('\n')[1].split(',')[0]).toBe('1704067200000');
  });

  it('passes preset and parameters through', async () => {
    const { csv, times, values } = series(100, sql);
    const { stdout } = await detect(csv, '--preset', 'notebook', '--window=5', '--alpha', '0.2', '--warmup', '10');
    const res = createDetector('notebook', { window: 5, alpha: 0.2, warmup: 10 }).run(times, values);
    expect(stdout.split('\n')[50].split(',')[2]).toBe(String(res.predicted[49]));
  });

  it('every parameter has a flag, episode gap and season in Grafana duration syntax or ms', async () => {
    const { times, values: smooth } = series(400, sql);
    // Two spikes 250 minutes apart (each a level not seen before, the second beyond the first by more than the range:
    // a new extreme within a series' first day needs that, likelihood.ts): separate episodes without a gap, one
    // with a gap of a day. Spikes closer together are one incident to the score, one episode whatever the gap.
    const values = smooth.map((v, i) => (i === 150 ? v + 500 : i === 200 ? v + 1500 : v));
    const csv = times.map((t, i) => `${sql(t)},${values[i]}\n`).join('');
    const settings = { season: 3_600_000, warmup: 20 };
    const count = (gap: number) =>
      createDetector('seasonal', { ...settings, episodeGap: gap }).run(times, values).episodes.length;
    // The gap must matter on this series, else the runs below would prove nothing.
    expect(count(86_400_000)).toBeLessThan(count(0));
    const runs = await Promise.all([
      detect(csv, '--preset', 'seasonal', '--episode-gap', '1d', '--season=1h', '--warmup', '20', '--episodes'),
      detect(
        csv,
        '--preset',
        'seasonal',
        '--episode-gap',
        '86400000',
        '--season',
        '3600000',
        '--warmup=20',
        '--episodes'
      ),
      detect(csv, '--preset', 'seasonal', '--season', '1h', '--warmup', '20', '--episodes'),
    ]);
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
    expect(runs[0].stdout).toBe(runs[1].stdout);
    const rows = (out: string) => out.trimEnd().split('\n');
    expect(rows(runs[0].stdout)[0]).toBe('start,end,peak_time,peak_score,severity,points');
    expect(rows(runs[0].stdout)).toHaveLength(1 + count(86_400_000));
    expect(rows(runs[2].stdout)).toHaveLength(1 + count(0));
    const first = createDetector('seasonal', { ...settings, episodeGap: 86_400_000 }).run(times, values).episodes[0];
    expect(rows(runs[0].stdout)[1]).toBe(
      `${new Date(first.start).toISOString()},${new Date(first.end).toISOString()},` +
        `${new Date(first.peakTime).toISOString()},${first.peakScore},${first.severity},${first.points}`
    );
    const bad = await detect(csv, '--season', 'daily');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--season: season must be a duration (5m, 1h, 1d, 1w or milliseconds), got "daily"');
  });

  it('says on stderr when the preset does not read a parameter it was given', async () => {
    const { code, stderr } = await detect('1000,1\n2000,2\n', '--window', '30');
    expect(code).toBe(0);
    expect(stderr).toBe('bandscope detect: the ewma preset does not read --window\n');
  });

  it('missing values are empty cells in and out', async () => {
    const { code, stdout } = await detect('1000,1\n2000,\n3000,null\n4000,NaN\n5000,2\n');
    expect(code).toBe(0);
    expect(stdout.split('\n').slice(2, 5)).toEqual(['2000,,,,,,0', '3000,,,,,,0', '4000,,,,,,0']);
  });

  it.each([
    ['t,v\n1000,1\n2000,abc\n', 'line 3: value must be a number or empty/null/NaN, got "abc"'],
    ['1000,1\n2000\n', 'line 2: expected "timestamp,value", got "2000"'],
    [
      '1000,1\n2014-02-30 00:00:00,1\n',
      'line 2: timestamp must be ISO-8601, "YYYY-MM-DD HH:MM:SS" (UTC) or epoch ms, got "2014-02-30 00:00:00"',
    ],
    ['2014-13-01 00:00:00,5\n', 'line 1: timestamp must be'],
    ['1000,1\n\n3000,1\n', 'line 2: expected "timestamp,value", got ""'],
    ['1000,1\n1e400,1\n', 'line 2: timestamp must be ISO-8601, "YYYY-MM-DD HH:MM:SS" (UTC) or epoch ms, got "1e400"'],
    [
      '1,1\n',
      '--forecast must be a duration > 0 such as 30m, 6h, 1d or 1w (or milliseconds), got "soon"',
      '--forecast',
      'soon',
    ],
    [
      '1,1\n',
      '--forecast needs a preset with a model of the future (ewma, seasonal), got robust',
      '--preset',
      'robust',
      '--forecast',
      '1h',
    ],
  ])('malformed input %j → exit 1 naming the line', async (csv, message, ...args) => {
    const { code, stdout, stderr } = await detect(csv, ...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`bandscope detect: ${message}`);
  });

  it('rows out of time order: read sorted (stable), one output row per input row in input order, a notice', async () => {
    // Rows 100 and 101 arrive before 90..99: a step back in time (NAB's machine temperature file: 02:55, then 02:00…).
    // Each time once more at the end, with another value, for ties.
    const { times, values } = series(200, sql);
    const order = [...Array(90).keys(), 100, 101, ...Array.from({ length: 10 }, (_, i) => 90 + i)];
    order.push(...Array.from({ length: 98 }, (_, i) => 102 + i), 150);
    const inTimes = order.map((i) => times[i]);
    const inValues = order.map((i, j) => values[i] + j / 1000);
    const csv = inTimes.map((t, j) => `${sql(t)},${inValues[j]}\n`).join('');
    const { code, stdout, stderr } = await detect('timestamp,value\n' + csv);
    expect(code).toBe(0);
    expect(stderr).toBe(
      'bandscope detect: 11 row(s) earlier than a row above them (first: line 94); the detector read the rows ' +
        'sorted by time (stable); output rows are in input order\n'
    );
    const rows = stdout.trimEnd().split('\n').slice(1);
    expect(rows.map((r) => r.split(',').slice(0, 2).join(','))).toEqual(
      inTimes.map((t, j) => `${sql(t)},${inValues[j]}`)
    );
    // Independently: the detector on the rows sorted by time, ties in input order, looked up per input row.
    const sorted = inTimes.map((t, j) => ({ t, j })).sort((a, b) => a.t - b.t || a.j - b.j);
    const res = createDetector('ewma').run(
      sorted.map((r) => r.t),
      sorted.map((r) => inValues[r.j])
    );
    sorted.forEach((r, k) => {
      expect(rows[r.j].split(',').slice(5)).toEqual([String(res.score[k]), String(res.anomaly[k])]);
    });
  });

  it("NAB's machine temperature file as given (it steps back 55 minutes at line 10151)", async () => {
    const csv = readFixture('nab/data/realKnownCause/machine_temperature_system_failure.csv');
    const { code, stdout, stderr } = await detect(csv);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^bandscope detect: 11 row\(s\) earlier than a row above them \(first: line 10151\);/);
    const input = csv.trimEnd().split('\n').slice(1);
    const output = stdout.trimEnd().split('\n').slice(1);
    expect(output).toHaveLength(22695);
    expect(output.map((l) => l.split(',').slice(0, 2).join(','))).toEqual(
      input.map((l) => `${l.split(',')[0]},${Number(l.split(',')[1])}`)
    );
  });

  it('the notebook preset reads rows out of order in arrival order, and says so', async () => {
    const { code, stderr, stdout } = await detect('1000,1\n3000,2\n2000,3\n', '--preset', 'notebook');
    expect(code).toBe(0);
    expect(stderr).toContain('1 row(s) earlier than a row above them (first: line 3); the notebook preset reads them');
    expect(
      stdout
        .split('\n')
        .slice(1, 4)
        .map((l) => l.split(',')[0])
    ).toEqual(['1000', '3000', '2000']);
  });

  it('--forecast appends one row per step past the last, in the input timestamp format, and a forecast column', async () => {
    const { csv, times, values } = series(600, sql);
    const { code, stdout } = await detect(csv, '--forecast', '1h');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('timestamp,value,predicted,low,high,score,anomaly,forecast');
    expect(lines).toHaveLength(1 + 600 + 12); // an hour of 5-minute steps
    lines.slice(1, 601).forEach((l) => expect(l.endsWith(',0')).toBe(true));
    const d = createDetector('ewma');
    d.run(times, values);
    const f = d.forecast(3_600_000);
    lines.slice(601).forEach((l, h) => {
      const c = l.split(',');
      expect(c[0]).toBe(sql(times[599] + (h + 1) * 300_000));
      expect([c[1], c[5], c[6], c[7]]).toEqual(['', '', '', '1']);
      expect([2, 3, 4].map((j) => Number(c[j]))).toEqual([f.predicted[h], f.low[h], f.high[h]]);
    });
    // epoch-ms input gives epoch-ms future rows
    const epoch = await detect('0,1\n60000,2\n120000,3\n', '--forecast', '3m');
    expect(
      epoch.stdout
        .trimEnd()
        .split('\n')
        .slice(4)
        .map((l) => l.split(',')[0])
    ).toEqual(['180000', '240000', '300000']);
  });

  it('--help prints the usage', async () => {
    const { code, stdout } = await detect('', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('usage: bandscope detect [--preset ewma|notebook|robust|seasonal|window]');
    expect(stdout).toContain(
      '[--episode-gap DUR] [--season DUR] [--range DUR] [--interval DUR] [--phase DUR] ' +
        '[--range-start exclusive|inclusive] [--episodes] [--forecast DUR] FILE|-'
    );
    expect(stdout).toContain('[--k X] [--threshold X] [--window N]');
    expect(stdout).toMatch(/--window N {12}Window length in points/);
  });

  it('bad options → exit 1 with the allowed range', async () => {
    expect((await detect('1,1\n', '--alpha', '1.5')).stderr).toContain('alpha must be in (0, 1], got 1.5');
    expect((await detect('1,1\n', '--preset', 'arima')).code).toBe(1);
    expect((await detect('1,1\n', '--bogus', '1')).stderr).toContain('unknown option --bogus');
  });

  it('parses ISO-8601 with zones and fractions', () => {
    expect(parseTimestamp('2014-04-10 07:15:00.000000')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseTimestamp('2014-04-10T09:15:00.250+02:00')).toBe(Date.UTC(2014, 3, 10, 7, 15, 0, 250));
    expect(parseTimestamp('2014-04-10')).toBe(Date.UTC(2014, 3, 10));
    expect(parseTimestamp('yesterday')).toBeNaN();
  });

  it('runs through the launcher, reading stdin', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'bandscope.mjs'), 'detect', '-'], {
      input: 'timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,2\n',
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const res = createDetector('ewma').run([0, 300_000], [1, 2]);
    expect(r.stdout).toBe(
      'timestamp,value,predicted,low,high,score,anomaly\n2024-01-01 00:00:00,1,,,,0,0\n' +
        `2024-01-01 00:05:00,2,1,${res.low[1]},${res.high[1]},${res.score[1]},0\n`
    );
  });
});
