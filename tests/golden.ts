// The seed-notebook golden files (tests/fixtures/seed-notebook): the NAB series and settings each was
// computed from, the flags it holds, and how far a run's bands are from it. Used by the detector's unit
// test (src/detect/golden.test.ts) and by the datasource's browser spec; each keeps its own expects.
import * as path from 'path';

import type { DetectorParams } from '../src/detect/types';
import { readNumericColumns } from './fixture-data';

export interface Golden {
  /** The input series, under nab/data. */
  nab: string;
  /** The golden file, under seed-notebook: timestamp, value, predicted, low, high, anomaly. */
  golden: string;
  params: Partial<DetectorParams>;
  /** Anomaly flags in the golden file. */
  flags: number;
}

export const GOLDEN: Golden[] = [
  {
    nab: 'realKnownCause/machine_temperature_system_failure.csv',
    golden: 'machine_temperature_system_failure.notebook.csv',
    params: {},
    flags: 695,
  },
  {
    nab: 'artificialWithAnomaly/art_daily_jumpsup.csv',
    golden: 'art_daily_jumpsup.notebook.csv',
    params: {},
    flags: 264,
  },
  {
    nab: 'realKnownCause/nyc_taxi.csv',
    golden: 'nyc_taxi.M30-alpha0.1-k0.4-gamma0.05-warm200.notebook.csv',
    params: { window: 30, alpha: 0.1, k: 0.4, gamma: 0.05, warmup: 200 },
    flags: 474,
  },
];

/** A golden file's columns: [time (epoch ms), value, predicted, low, high, anomaly]. */
export function readGolden(file: string): number[][] {
  return readNumericColumns(path.join('seed-notebook', file));
}

const relErr = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

/** The worst relative error, over every row, between computed columns and the golden ones (same order, e.g. predicted, low, high). */
export function worstRelErr(got: Array<ArrayLike<number>>, want: Array<ArrayLike<number>>): number {
  let worst = 0;
  for (let i = 0; i < want[0].length; i++) {
    for (let c = 0; c < want.length; c++) {
      worst = Math.max(worst, relErr(got[c][i], want[c][i]));
    }
  }
  return worst;
}
