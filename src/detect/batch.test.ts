import fc from 'fast-check';

import { createDetector, detectPacked, packSeries, sameNumbers, unpackResult } from './index';

/** A series of `n` points at 1-minute steps from `t0`, values from `values` (NaN = missing). */
const series = (t0: number, values: number[]) => ({
  times: Float64Array.from(values, (_, i) => t0 + i * 60_000),
  values: Float64Array.from(values),
});

describe('detectPacked', () => {
  it('gives every series exactly what its own detector run gives (shared and distinct time axes, bounds)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            values: fc.array(fc.oneof(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.constant(NaN)), {
              minLength: 2,
              maxLength: 60,
            }),
            shift: fc.constantFrom(0, 0, 60_000),
            percent: fc.boolean(),
          }),
          { minLength: 1, maxLength: 6 }
        ),
        fc.constantFrom('ewma' as const, 'robust' as const, 'window' as const),
        (specs, preset) => {
          const input = specs.map((s) => ({
            ...series(1e12 + s.shift, s.values),
            ...(s.percent ? { min: 0, max: 100 } : {}),
          }));
          const packed = packSeries(input);
          const params = { warmup: 3 };
          const result = detectPacked(preset, params, packed);
          input.forEach((s, i) => {
            const bounds = s.min === undefined ? {} : { min: s.min, max: s.max };
            const own = createDetector(preset, { ...params, ...bounds }).run(s.times, s.values);
            const got = unpackResult(result, packed, i);
            expect(Array.from(got.predicted)).toEqual(Array.from(own.predicted));
            expect(Array.from(got.low)).toEqual(Array.from(own.low));
            expect(Array.from(got.high)).toEqual(Array.from(own.high));
            expect(Array.from(got.score)).toEqual(Array.from(own.score));
            expect(Array.from(got.anomaly)).toEqual(Array.from(own.anomaly));
            expect(got.episodes).toEqual(own.episodes);
          });
        }
      ),
      { numRuns: 60 }
    );
  });

  it('stores a time axis once for series that share it', () => {
    const a = series(0, [1, 2, 3]);
    const b = { ...series(0, [4, 5, 6]) }; // equal numbers, another array
    const c = series(60_000, [7, 8, 9]);
    const packed = packSeries([a, b, { times: a.times, values: c.values }, c]);
    expect(Array.from(packed.timesStart)).toEqual([0, 0, 0, 3]);
    expect(packed.times).toHaveLength(6);
    expect(Array.from(packed.start)).toEqual([0, 3, 6, 9, 12]);
  });

  it('reports invalid settings with the detector’s own error', () => {
    const packed = packSeries([series(0, [1, 2, 3])]);
    expect(() => detectPacked('ewma', { alpha: 2 }, packed)).toThrow(/alpha/);
  });
});

describe('sameNumbers', () => {
  it('compares values in order, NaN equal to NaN, null different from undefined', () => {
    expect(sameNumbers([1, null, NaN], new Float64Array([1, NaN, NaN]))).toBe(false);
    expect(sameNumbers([1, null, NaN], [1, null, NaN])).toBe(true);
    expect(sameNumbers([1, null], [1, undefined])).toBe(false);
    expect(sameNumbers([1, 2], [1, 2, 3])).toBe(false);
    expect(sameNumbers([2, 1], [1, 2])).toBe(false);
  });
});
