// The shared datasets beside the repository (../shared/data), read in place by tests and benchmarks:
// one place for their location and for reading their timestamp,value CSV files.
import { readFileSync } from 'fs';
import * as path from 'path';

import { parseTimestamp } from '../bin/timestamp';

export const SHARED_DATA = path.resolve(__dirname, '..', '..', 'shared', 'data');
export const APACHE_LOGS = path.join(SHARED_DATA, 'apache_logs', 'apache_logs');

/** The apache_logs sample as lines, without their newlines (and without the empty string after the last). */
export function readApacheLines(): string[] {
  const lines = readFileSync(APACHE_LOGS, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}

/** CSV (header + rows) under SHARED_DATA → columns of numbers; the first column (timestamp) becomes epoch ms (UTC). */
export function readNumericColumns(file: string): number[][] {
  const lines = readFileSync(path.join(SHARED_DATA, file), 'utf8').trim().split('\n').slice(1);
  const cols: number[][] = [];
  for (const line of lines) {
    line.split(',').forEach((cell, c) => {
      (cols[c] ??= []).push(c === 0 ? parseTimestamp(cell) : Number(cell));
    });
  }
  return cols;
}
