// The notebook preset against the seed-notebook golden files, and the flat-line fault it must keep alone.
import * as path from 'path';

import { readNumericColumns as readColumns } from '../../tests/shared-data';
import { createDetector, PRESETS } from './index';
import type { DetectorParams } from './types';

const GOLDEN: Array<[string, Partial<DetectorParams>, number]> = [
  ['machine_temperature_system_failure.notebook.csv', {}, 695],
  ['art_daily_jumpsup.notebook.csv', {}, 264],
  [
    'nyc_taxi.M30-alpha0.1-k0.4-gamma0.05-warm200.notebook.csv',
    { window: 30, alpha: 0.1, k: 0.4, gamma: 0.05, warmup: 200 },
    474,
  ],
];

const relErr = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)));

describe('notebook preset reproduces the notebook', () => {
  it.each(GOLDEN)('%s', (file, params, flags) => {
    const [t, x, predicted, low, high, anomaly] = readColumns(path.join('seed-notebook', file));
    const res = createDetector('notebook', params).run(t, x);
    let worst = 0;
    for (let i = 0; i < t.length; i++) {
      worst = Math.max(
        worst,
        relErr(res.predicted[i], predicted[i]),
        relErr(res.low[i], low[i]),
        relErr(res.high[i], high[i])
      );
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
    expect(Array.from(res.anomaly)).toEqual(anomaly);
    expect(res.anomaly.reduce((a, b) => a + b, 0)).toBe(flags);
  });
});

describe('art_flatline', () => {
  const [t, x] = readColumns('nab/data/artificialNoAnomaly/art_flatline.csv');

  it.each(PRESETS.map((p) => [p, p === 'notebook' ? 3031 : 0] as const))('%s flags %d points', (preset, flags) => {
    const res = createDetector(preset).run(t, x);
    expect(res.anomaly.reduce((a, b) => a + b, 0)).toBe(flags);
    if (preset !== 'notebook') {
      expect(Math.max(...res.score)).toBe(0);
    }
  });
});
