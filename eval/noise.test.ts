import { LENGTHS, noiseRate, noiseSeries, SHAPES } from './noise';

const mean = (xs: Float64Array) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: Float64Array) => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
};

describe('eval:noise series', () => {
  it('are reproducible from their seed, differ between seeds and shapes, one value a minute', () => {
    for (const shape of SHAPES) {
      const a = noiseSeries(shape, 500, 3);
      expect(noiseSeries(shape, 500, 3).values).toEqual(a.values);
      expect(noiseSeries(shape, 500, 4).values).not.toEqual(a.values);
      expect(a.times[1] - a.times[0]).toBe(60_000);
      expect(a.times[499] - a.times[0]).toBe(499 * 60_000);
    }
    expect(noiseSeries('gaussian', 500, 3).values).not.toEqual(noiseSeries('laplace', 500, 3).values);
  });

  // the sampling error of a mean of 40,000 values is sd/200; of a variance about sd²·√(κ−1)/200 (κ = 6 for Laplace)
  it.each([
    ['gaussian', 100, 100],
    ['laplace', 100, 100],
    ['uniform', 100, 100],
    ['poisson', 2, 2],
  ] as const)('%s has mean %d and variance %d', (shape, m, v) => {
    const { values } = noiseSeries(shape, 40_000, 1);
    expect(Math.abs(mean(values) - m)).toBeLessThan(5 * Math.sqrt(v / 40_000));
    expect(Math.abs(variance(values) / v - 1)).toBeLessThan(0.05);
  });

  it('have the tails of their shape: Laplace reaches 5 sd about 1e-3 of the time, Gaussian about 6e-7, uniform never', () => {
    const beyond = (shape: (typeof SHAPES)[number]) =>
      noiseSeries(shape, 40_000, 2).values.filter((x) => Math.abs(x - 100) > 50).length;
    // P(|X − μ| > 5 sd) = exp(−5·√2) = 8.5e-4 for Laplace: 34 of 40,000 expected
    expect(beyond('laplace')).toBeGreaterThan(15);
    expect(beyond('laplace')).toBeLessThan(60);
    expect(beyond('gaussian')).toBeLessThanOrEqual(1);
    expect(beyond('uniform')).toBe(0);
  });

  it('are integers ≥ 0 for the Poisson counts', () => {
    const { values } = noiseSeries('poisson', 5_000, 5);
    expect(values.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
  });
});

describe('eval:noise rates', () => {
  it('add up per series, and the new-level check stays silent on bounded noise', () => {
    const day = LENGTHS[1].points;
    const laplace = noiseRate('ewma', {}, 'laplace', day, 10);
    expect(laplace.points).toBe(10 * day);
    expect(laplace.series).toBe(10);
    expect(laplace.flaggedSeries).toBeLessThanOrEqual(Math.min(10, laplace.detections));
    expect(laplace.flaggedSeries > 0).toBe(laplace.detections > 0);
    expect(laplace.atNewExtreme).toBeLessThanOrEqual(laplace.detections);
    // after 100 uniform values the range misses about 1 % of the support at each end: no room to exceed it by 5 %
    expect(noiseRate('ewma', {}, 'uniform', day, 10).atNewExtreme).toBe(0);
  });

  it('a day of Gaussian noise: the likelihood channels (detections not at a new extreme) keep their 1e-5 tail', () => {
    // each of the two channels is held to p = 1e-5 per point at the default threshold: about 1.4 false alarms in
    // these 72,000 points; the bound leaves room for the estimates' own noise on short series
    const r = noiseRate('ewma', {}, 'gaussian', LENGTHS[1].points, 50);
    expect(((r.detections - r.atNewExtreme) / r.points) * 1e5).toBeLessThanOrEqual(10);
  });
});
