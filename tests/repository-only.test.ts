// Tests read only the repository: the guard every unit test runs under (tests/repository-only.js), and the
// sources of the tests it cannot watch (the browser specs' Node side, child processes) scanned for the shared data.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { readFile } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';

import { readApacheLines } from './fixture-data';

const ROOT = path.resolve(__dirname, '..');
const SHARED = path.resolve(ROOT, '..', 'shared', 'data', 'README.md');

describe('a unit test that reads outside the repository fails', () => {
  it.each([
    ['readFileSync', () => readFileSync(SHARED, 'utf8')],
    ['existsSync', () => existsSync(path.dirname(SHARED))],
    ['readdirSync', () => readdirSync(path.resolve(ROOT, '..'))],
    ['a relative path', () => readFileSync(path.relative(process.cwd(), SHARED))],
  ])('%s', (_, read) => {
    expect(read).toThrow(/outside the repository .* commit a small licensed fixture under tests\/fixtures/);
  });

  it('fs/promises too', async () => {
    await expect(readFile(SHARED)).rejects.toThrow(/outside the repository/);
  });

  it('nor in the temporary directory, unless the test made that directory', () => {
    expect(() => readFileSync(path.join(tmpdir(), 'not-made-by-a-test'))).toThrow(/outside the repository/);
  });

  it('reads of the repository and of temporary directories the test made go through', () => {
    expect(readApacheLines()).toHaveLength(10000);
    const dir = mkdtempSync(path.join(tmpdir(), 'bandscope-guard-'));
    writeFileSync(path.join(dir, 'x'), 'ok');
    expect(readFileSync(path.join(dir, 'x'), 'utf8')).toBe('ok');
    rmSync(dir, { recursive: true });
  });
});

/** Every test source: unit tests, browser specs and the harness modules they import (not the demo server, not this file). */
function testSources(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, e.name);
    if (e.isDirectory() && !['node_modules', 'fixtures', '.build', 'dist', '.git'].includes(e.name)) {
      testSources(file, out);
    } else if (
      file !== __filename &&
      (/\.(test|spec)\.tsx?$/.test(e.name) || /^tests\/[^/]+\.ts$/.test(path.relative(ROOT, file)))
    ) {
      out.push(file);
    }
  }
  return out;
}

describe('test sources never name the shared data', () => {
  const sources = testSources(ROOT);

  it('finds the tests, specs and helpers', () => {
    const rel = sources.map((f) => path.relative(ROOT, f));
    expect(rel).toEqual(expect.arrayContaining(['eval/nab.test.ts', 'tests/specs/panel.spec.ts', 'tests/golden.ts']));
  });

  it.each(sources.map((f) => [path.relative(ROOT, f), f]))('%s', (_, file) => {
    const text = readFileSync(file, 'utf8');
    // ../shared/data, path.join(…, 'shared', …) and the modules that locate the shared datasets
    const offenders = text
      .split('\n')
      .map((line, i) => [i + 1, line] as const)
      .filter(([, line]) => /\.\.\/shared\b|['"`]shared['"`]|SHARED_DATA|DEFAULT_DATA_DIR|nab-visible/.test(line))
      .map(([n, line]) => `${n}: ${line.trim()}`);
    expect(offenders).toEqual([]);
  });

  it('the browser specs are served the fixtures, not the shared datasets', () => {
    expect(readFileSync(path.join(ROOT, 'playwright.config.ts'), 'utf8')).toMatch(
      /serve\.mjs --port \$\{PORT\} --data fixtures`/
    );
  });
});
