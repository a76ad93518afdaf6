// `bandscope logs` end to end, through the real launcher.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { readFixture } from '../../tests/fixture-data';

const ROOT = path.resolve(__dirname, '../..');
const bandscope = (args: string[], input?: string) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin/bandscope.mjs'), ...args], { cwd: ROOT, input, encoding: 'utf8' });

const rows = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

describe('bandscope logs', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'bandscope-logs-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes bucket_start,country,count and a summary on stderr', () => {
    const file = path.join(dir, 'apache_logs'); // the fixture is stored gzip-compressed; the command reads plain files
    writeFileSync(file, readFixture('apache_logs/apache_logs'));
    const res = bandscope(['logs', '--bucket', '1d', file]);
    expect(res.status).toBe(0);
    expect(res.stdout.startsWith('bucket_start,country,count\n')).toBe(true);
    const data = rows(res.stdout);
    expect(new Set(data.map((r) => r[0]))).toEqual(
      new Set(['2015-05-17T00:00:00Z', '2015-05-18T00:00:00Z', '2015-05-19T00:00:00Z', '2015-05-20T00:00:00Z'])
    );
    expect(data.reduce((s, r) => s + Number(r[2]), 0)).toBe(10000);
    expect(data.every((r) => /^([A-Z]{2})?$/.test(r[1]))).toBe(true);
    expect(res.stderr).toMatch(/10000 lines read, 10000 parsed, 0 rejected; 1d buckets/);
    expect(res.stderr).toMatch(/line 8899/);
  }, 30_000);

  it('reads stdin, reports rejected lines with numbers, and picks a bucket by itself', () => {
    const good = '8.8.8.8 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1';
    const res = bandscope(['logs', '-'], `${good}\nnot a log line\n${good}`);
    expect(res.status).toBe(0);
    expect(rows(res.stdout)).toEqual([['2015-05-17T10:05:00Z', 'US', '2']]);
    expect(res.stderr).toMatch(/3 lines read, 2 parsed, 1 rejected; 5m buckets/);
    expect(res.stderr).toMatch(/line 2 rejected \(ident\): not a log line/);
  }, 30_000);

  it('rejects bad arguments', () => {
    expect(bandscope(['logs', '--bucket', '2h', '-'], '').status).toBe(1);
    expect(bandscope(['logs'], '').status).toBe(1);
  }, 30_000);
});
