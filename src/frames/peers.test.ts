// Putting series on one time axis before comparing them: the shared-axis fast path and the union agree, rows map
// back to their own times, and what cannot be compared is an error that says why.
import fc from 'fast-check';

import { createPopulation } from '../detect';
import { alignSeries, atRows, comparePeers, PeersError } from './peers';

const T0 = Date.UTC(2026, 0, 1);

describe('alignSeries', () => {
  it('series sharing their times stay as they are; the union puts each value at its own time', () => {
    const times = [T0, T0 + 60_000, T0 + 120_000];
    const same = alignSeries([
      { name: 'a', times, values: [1, 2, 3] },
      { name: 'b', times, values: [4, 5, 6] },
    ]);
    expect(same.steps).toBeNull();
    expect(Array.from(same.times)).toEqual(times);
    const union = alignSeries([
      { name: 'a', times: [times[0], times[2]], values: [1, 3] },
      { name: 'b', times: [times[2], times[1]], values: [6, 5] }, // out of order: placed by time
      { name: 'c', times: [times[1], times[1]], values: [7, 8] }, // a repeated time: the later value
    ]);
    expect(Array.from(union.times)).toEqual(times);
    expect(union.values.map((v) => Array.from(v))).toEqual([
      [1, NaN, 3],
      [NaN, 5, 6],
      [NaN, 8, NaN],
    ]);
    expect(union.duplicates).toBe(1);
    expect(Array.from(atRows(union, 1, Float64Array.of(10, 11, 12)))).toEqual([12, 11]);
  });

  it('any series with any times: every row lands on a step with its time, and the steps are distinct and sorted', () => {
    const rows = fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: -5, max: 5 })), {
      maxLength: 12,
    });
    fc.assert(
      fc.property(fc.array(rows, { minLength: 1, maxLength: 5 }), (series) => {
        const input = series.map((r, i) => ({
          name: `s${i}`,
          times: r.map(([t]) => T0 + t),
          values: r.map(([, v]) => v),
        }));
        const a = alignSeries(input);
        for (let t = 1; t < a.times.length; t++) {
          expect(a.times[t]).toBeGreaterThan(a.times[t - 1]);
        }
        input.forEach((s, i) => {
          const steps = a.steps ? Array.from(a.steps[i]) : s.times.map((_, r) => r);
          expect(steps.map((step) => a.times[step])).toEqual(s.times);
        });
      })
    );
  });
});

describe('comparePeers', () => {
  it('is the population detector on the aligned series; permuting the series permutes the scores', () => {
    const steps = 48;
    const times = Array.from({ length: steps }, (_, t) => T0 + t * 60_000);
    const input = Array.from({ length: 6 }, (_, i) => ({
      name: `s${i}`,
      times,
      values: times.map((_, t) => 100 + 3 * Math.sin(i * 2.3 + t) + (i === 2 && t > 20 && t < 30 ? 40 : 0)),
    }));
    const { result } = comparePeers(input);
    const direct = createPopulation(6).run(
      times,
      input.map((s) => s.values)
    );
    expect(result.score).toEqual(direct.score);
    expect(Array.from(result.anomaly[2]).slice(21, 30)).toContain(1);
    const order = [3, 5, 0, 2, 4, 1];
    const permuted = comparePeers(order.map((i) => input[i])).result;
    order.forEach((i, j) => expect(permuted.score[j]).toEqual(result.score[i]));
  });

  it('fewer than 3 series, or no step where 3 have a value: a PeersError that says so', () => {
    const s = (name: string, t: number) => ({ name, times: [T0 + t], values: [1] });
    expect(() => comparePeers([s('a', 0), s('b', 0)])).toThrow(PeersError);
    expect(() => comparePeers([s('a', 0), s('b', 0)])).toThrow(/at least 3 series.*there are 2 \("a", "b"\)/);
    expect(() => comparePeers([])).toThrow(/there are 0:/);
    expect(() => comparePeers([s('a', 0), s('b', 1), s('c', 2)])).toThrow(
      /no time step at which 3 of them have a value: they are not on one time axis/
    );
  });
});
