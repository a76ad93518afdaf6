// The data the tests read: small licensed files committed under tests/fixtures/ (listed in tests/README.md), the
// large ones gzip-compressed (read here as if plain). Nothing beside the repository: a fresh clone must pass alone.
import * as path from 'path';

import { parseTimestamp } from '../bin/timestamp';
import { readText } from '../scripts/datasets';

export const FIXTURES = path.join(__dirname, 'fixtures');

/** A fixture's text by its path under tests/fixtures (`nab/data/realKnownCause/nyc_taxi.csv`), plain or `.gz`. */
export function readFixture(file: string): string {
  return readText(path.join(FIXTURES, file));
}

/** The apache_logs sample (Elastic's examples, 10,000 lines) as lines, without the empty string after the last. */
export function readApacheLines(): string[] {
  const lines = readFixture('apache_logs/apache_logs').split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

/** A fixture CSV (header + rows) as columns of numbers; the first column (timestamp) becomes epoch ms (UTC). */
export function readNumericColumns(file: string): number[][] {
  const lines = readFixture(file).trim().split('\n').slice(1);
  const cols: number[][] = [];
  for (const line of lines) {
    line.split(',').forEach((cell, c) => {
      (cols[c] ??= []).push(c === 0 ? parseTimestamp(cell) : Number(cell));
    });
  }
  return cols;
}

/** A wide fixture CSV (timestamp, then one column per series): the series' names, the times (epoch ms), the columns. */
export function readWideFixture(file: string): { names: string[]; times: number[]; columns: number[][] } {
  const names = readFixture(file).split('\n', 1)[0].split(',').slice(1);
  const [times, ...columns] = readNumericColumns(file);
  return { names, times, columns };
}
