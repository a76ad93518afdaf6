import fc from 'fast-check';

import { createDetector, PRESETS } from '.';
import { rowsOutOfOrder, runInInputOrder, sortOrder } from './order';

describe('rows out of time order', () => {
  it('sortOrder is undefined for sorted input, stable otherwise', () => {
    expect(sortOrder(Float64Array.from([1, 1, 2]))).toBeUndefined();
    expect(Array.from(sortOrder(Float64Array.from([2, 1, 2, 1]))!)).toEqual([1, 3, 0, 2]);
  });

  it('counts the rows earlier than a row above them', () => {
    expect(rowsOutOfOrder([1, 1, 2])).toEqual({ count: 0, first: -1 });
    expect(rowsOutOfOrder([2, 1, 2, 1])).toEqual({ count: 2, first: 1 });
    // one step back in time followed by rows catching up (NAB's machine temperature file: 02:55, then 02:00…)
    expect(rowsOutOfOrder([50, 55, 0, 5, 10, 55, 60])).toEqual({ count: 3, first: 2 });
  });

  const rows = fc.array(
    fc.record({ t: fc.integer({ min: 0, max: 40 }), x: fc.double({ min: -1e3, max: 1e3, noNaN: true }) }),
    {
      maxLength: 120,
    }
  );

  it('a sorting preset sees the rows sorted stably; results come back in input order', () => {
    fc.assert(
      fc.property(rows, fc.constantFrom(...PRESETS.filter((p) => p !== 'notebook')), (input, preset) => {
        const times = input.map((r) => r.t * 60_000);
        const values = input.map((r) => r.x);
        const got = runInInputOrder(createDetector(preset, { warmup: 3 }), times, values);
        // Independently: sort (index as tie-break), run, and look each input row up by its sorted position.
        const sorted = input.map((r, i) => ({ ...r, i })).sort((a, b) => a.t - b.t || a.i - b.i);
        const want = createDetector(preset, { warmup: 3 }).run(
          sorted.map((r) => r.t * 60_000),
          sorted.map((r) => r.x)
        );
        expect(got.score).toHaveLength(input.length);
        sorted.forEach((r, j) => {
          expect([got.predicted[r.i], got.low[r.i], got.high[r.i], got.score[r.i], got.anomaly[r.i]]).toEqual([
            want.predicted[j],
            want.low[j],
            want.high[j],
            want.score[j],
            want.anomaly[j],
          ]);
        });
        expect(got.episodes).toEqual(want.episodes);
      }),
      { numRuns: 60 }
    );
  });

  it('the notebook preset reads arrival order, as the notebook did', () => {
    const times = [0, 60_000, 30_000, 90_000, 120_000];
    const values = [1, 2, 3, 4, 5];
    expect(runInInputOrder(createDetector('notebook'), times, values)).toEqual(
      createDetector('notebook').run(times, values)
    );
  });
});
