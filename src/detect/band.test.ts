import fc from 'fast-check';

import { sigmaFloor } from './band';
import { createDetector, outsideBand } from './index';

describe('sigmaFloor', () => {
  it('is half a quantum, or a relative 1e-9 of the level, never 0', () => {
    expect(sigmaFloor(2, 100)).toBe(1);
    expect(sigmaFloor(Infinity, 1e6)).toBe(1e-3);
    expect(sigmaFloor(Infinity, 0)).toBeGreaterThan(0);
  });
});

describe('band bounds', () => {
  const times = (n: number) => Array.from({ length: n }, (_, i) => i * 60_000);
  const values = (min: number) =>
    fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.double({ min, max: 1e3, noNaN: true }) },
        { weight: 1, arbitrary: fc.constant(min) },
        { weight: 1, arbitrary: fc.constant(NaN) }
      ),
      { maxLength: 300 }
    );

  it.each(['ewma', 'robust', 'seasonal'] as const)(
    '%s: a series never negative gets no band below 0; the prediction, score and flag do not move',
    (preset) => {
      fc.assert(
        fc.property(values(0), (xs) => {
          const t = times(xs.length);
          const clipped = createDetector(preset, { warmup: 5 }).run(t, xs);
          // min far below any value: the same detector with no effective lower bound
          const free = createDetector(preset, { warmup: 5, min: -1e300 }).run(t, xs);
          expect(clipped.predicted).toEqual(free.predicted);
          expect(clipped.score).toEqual(free.score);
          expect(clipped.anomaly).toEqual(free.anomaly);
          expect(clipped.high).toEqual(free.high.map((h) => Math.max(h, 0)));
          expect(clipped.low).toEqual(free.low.map((l) => Math.max(l, 0)));
        }),
        { numRuns: 50 }
      );
    }
  );

  it('stops clipping at 0 from the first negative value on, and clips to min/max when given', () => {
    const xs = [...Array.from({ length: 200 }, (_, i) => (i % 2) * 10), -1, 0, 10, 0, 10];
    const t = times(xs.length);
    const free = createDetector('ewma', { min: -1e300 }).run(t, xs);
    const res = createDetector('ewma').run(t, xs);
    expect(free.low[150]).toBeLessThan(0);
    expect(res.low[150]).toBe(0);
    expect(Array.from(res.low.slice(200))).toEqual(Array.from(free.low.slice(200)));

    const pct = createDetector('ewma', { min: 0, max: 10 }).run(t, xs);
    expect(Math.max(...pct.high.filter(Number.isFinite))).toBe(10);
    expect(pct.high[150]).toBe(10);
    expect(pct.low[201]).toBe(0);
  });

  it('rejects bounds that are not finite or not in order', () => {
    expect(() => createDetector('ewma', { min: 5, max: 5 })).toThrow(
      'max must be greater than min, got min 5 and max 5'
    );
    expect(() => createDetector('ewma', { max: Infinity })).toThrow('max must be a finite number, got Infinity');
  });

  it('outsideBand tells band exits (false without a band)', () => {
    expect(outsideBand(5, 0, 4)).toBe(true);
    expect(outsideBand(-1, 0, 4)).toBe(true);
    expect(outsideBand(4, 0, 4)).toBe(false);
    expect(outsideBand(5, NaN, NaN)).toBe(false);
  });
});

describe('count band (counts: true)', () => {
  const hours = (n: number) => Array.from({ length: n }, (_, i) => i * 3_600_000);

  it.each(['ewma', 'robust', 'seasonal'] as const)(
    '%s: the band is never narrower than the Poisson noise of the expected count, √(expected + 1)',
    (preset) => {
      fc.assert(
        fc.property(
          fc.array(fc.nat({ max: 40 }), { maxLength: 200 }),
          fc.double({ min: 1, max: 6, noNaN: true }),
          (xs, k) => {
            const r = createDetector(preset, { k, warmup: 12, counts: true }).run(hours(xs.length), xs);
            xs.forEach((_, i) => {
              const expected = r.predicted[i];
              if (expected === expected) {
                // the low side may be clipped at 0 (a count is never negative); the high side is not
                expect(r.high[i] - expected).toBeGreaterThanOrEqual(
                  k * Math.sqrt(Math.max(expected, 0) + 1) * (1 - 1e-12)
                );
              }
            });
          }
        )
      );
    }
  );

  it('leaves a series that is not counts as it was', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 40 }), { maxLength: 200 }), (xs) => {
        const plain = createDetector('ewma', { warmup: 12 }).run(hours(xs.length), xs);
        const notCounts = createDetector('ewma', { warmup: 12, counts: false }).run(hours(xs.length), xs);
        expect(notCounts).toEqual(plain);
      })
    );
  });

  it('rejects a counts setting that is not a boolean', () => {
    expect(() => createDetector('ewma', { counts: 'yes' as unknown as boolean })).toThrow(
      /counts must be true or false, got "yes"/
    );
  });
});
