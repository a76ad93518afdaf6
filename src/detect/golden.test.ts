// The notebook preset against the seed-notebook golden files, and the flat-line fault it must keep alone.
import { GOLDEN, readGolden, worstRelErr } from '../../tests/golden';
import { readNumericColumns as readColumns } from '../../tests/fixture-data';
import { createDetector, PRESETS } from './index';

describe('notebook preset reproduces the notebook', () => {
  it.each(GOLDEN.map((g) => [g.golden, g.params, g.flags] as const))('%s', (file, params, flags) => {
    const [t, x, predicted, low, high, anomaly] = readGolden(file);
    const res = createDetector('notebook', params).run(t, x);
    const worst = worstRelErr([res.predicted, res.low, res.high], [predicted, low, high]);
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
      // NaN: no band yet (the window preset's first samples)
      expect(Math.max(...res.score.filter((s) => !Number.isNaN(s)))).toBe(0);
    }
  });
});
