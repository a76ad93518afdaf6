// Population outliers: the definition (cluster range, persistence), its invariants, streaming, bad input, and real
// groups of series (NAB's artificial daily series; the Apache sample's requests per country) from small fixtures.
import { readFileSync } from 'fs';
import * as path from 'path';
import fc from 'fast-check';

import { parseTimestamp } from '../../bin/timestamp';
import { createPopulation, DetectorError, POPULATION_DEFAULTS, validatePopulationParams } from './index';
import { medianInPlace, selectInPlace } from './select';

const FIXTURES = path.resolve(__dirname, '..', '..', 'tests', 'fixtures', 'population');

/** A wide CSV fixture: timestamp, then one column per series. */
function readWide(file: string): { names: string[]; times: number[]; series: Float64Array[] } {
  const [head, ...rows] = readFileSync(path.join(FIXTURES, file), 'utf8').trim().split('\n');
  const cells = rows.map((r) => r.split(','));
  const names = head.split(',').slice(1);
  return {
    names,
    times: cells.map((c) => parseTimestamp(c[0])),
    series: names.map((_, i) => Float64Array.from(cells, (c) => Number(c[i + 1]))),
  };
}

const minute = (i: number) => Date.UTC(2024, 0, 1) + i * 60_000;
const timesOf = (n: number) => Array.from({ length: n }, (_, i) => minute(i));
const count = (a: Uint8Array) => a.reduce((s, v) => s + v, 0);

/** A crowd of `n` series around 100 with deterministic noise in [−2, 2]. */
function crowd(n: number, steps: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) =>
    Float64Array.from({ length: steps }, (_, t) => 100 + 2 * Math.sin(i * 7.1 + t * 1.3))
  );
}

describe('selection', () => {
  it('selectInPlace and medianInPlace agree with sorting', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 40 }), fc.nat(), (xs, k) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const kth = k % xs.length;
        expect(selectInPlace(Float64Array.from(xs), xs.length, kth)).toBe(sorted[kth]);
        const n = xs.length;
        const median = n % 2 ? sorted[n >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        expect(medianInPlace(Float64Array.from(xs), n)).toBe(median);
      })
    );
  });
});

describe('population outliers', () => {
  it('one odd point is not an outlier; odd for more than half the window is', () => {
    const steps = 40;
    const series = crowd(10, steps);
    series[0][10] += 100; // one point
    for (let t = 20; t < 30; t++) {
      series[1][t] += 100; // ten steps
    }
    const res = createPopulation(10).run(timesOf(steps), series);
    expect(count(res.anomaly[0])).toBe(0);
    // window 6: the 4th odd step makes 4 of the last 6 outside
    const first = res.anomaly[1].indexOf(1);
    expect(first).toBe(20 + Math.floor(POPULATION_DEFAULTS.window / 2));
    expect(res.score[1][first]).toBeGreaterThanOrEqual(25);
    // the others stay inside the cluster range
    res.anomaly.slice(2).forEach((a) => expect(count(a)).toBe(0));
    expect(res.episodes[1]).toHaveLength(1);
    expect(res.outlierScore[1]).toBe(Math.max(...res.score[1]));
    // the cluster range is about the crowd: its median ± 3 robust sd
    expect(res.center[25]).toBeGreaterThan(97);
    expect(res.center[25]).toBeLessThan(103);
    expect(res.high[25] - res.center[25]).toBeCloseTo(res.center[25] - res.low[25], 9);
  });

  const matrix = fc.integer({ min: 3, max: 9 }).chain((n) =>
    fc.integer({ min: 1, max: 30 }).chain((steps) =>
      fc.tuple(
        fc.array(
          fc.array(
            fc.oneof(
              { weight: 9, arbitrary: fc.integer({ min: -50, max: 50 }) },
              { weight: 1, arbitrary: fc.constant(NaN) }
            ),
            {
              minLength: steps,
              maxLength: steps,
            }
          ),
          { minLength: n, maxLength: n }
        ),
        fc.integer({ min: 1, max: 3 })
      )
    )
  );

  it('permuting the series permutes the results', () => {
    fc.assert(
      fc.property(matrix, fc.integer(), ([rows, window], seed) => {
        const times = timesOf(rows[0].length);
        const series = rows.map((r) => Float64Array.from(r));
        const order = series
          .map((_, i) => i)
          .sort((a, b) => Math.sin(a * 12.9898 + seed) - Math.sin(b * 12.9898 + seed));
        const a = createPopulation(series.length, { window: window * 2 }).run(times, series);
        const b = createPopulation(series.length, { window: window * 2 }).run(
          times,
          order.map((i) => series[i])
        );
        order.forEach((from, to) => {
          expect(Array.from(b.score[to])).toEqual(Array.from(a.score[from]));
          expect(Array.from(b.anomaly[to])).toEqual(Array.from(a.anomaly[from]));
        });
        expect(Array.from(b.center)).toEqual(Array.from(a.center));
        expect(Array.from(b.high)).toEqual(Array.from(a.high));
      })
    );
  });

  it('a constant added to every series, or every series scaled by one factor, changes no score or flag', () => {
    fc.assert(
      fc.property(
        matrix,
        fc.integer({ min: -1e6, max: 1e6 }),
        fc.integer({ min: -3, max: 3 }),
        ([rows], offset, power) => {
          // integers and powers of two: the arithmetic is exact, so equality is exact
          const times = timesOf(rows[0].length);
          const series = rows.map((r) => Float64Array.from(r));
          const run = (f: (x: number) => number) =>
            createPopulation(series.length).run(
              times,
              series.map((s) => s.map(f))
            );
          const base = run((x) => x);
          for (const moved of [run((x) => x + offset), run((x) => x * 2 ** power)]) {
            moved.score.forEach((s, i) => expect(Array.from(s)).toEqual(Array.from(base.score[i])));
            moved.anomaly.forEach((s, i) => expect(Array.from(s)).toEqual(Array.from(base.anomaly[i])));
          }
        }
      )
    );
  });

  it('streaming in pieces gives the batch result', () => {
    fc.assert(
      fc.property(matrix, fc.integer({ min: 1, max: 29 }), ([rows], cut) => {
        const steps = rows[0].length;
        const at = Math.min(cut, steps);
        const times = timesOf(steps);
        const series = rows.map((r) => Float64Array.from(r));
        const batch = createPopulation(series.length).run(times, series);
        const stream = createPopulation(series.length);
        const first = stream.run(
          times.slice(0, at),
          series.map((s) => s.subarray(0, at))
        );
        const second = stream.run(
          times.slice(at),
          series.map((s) => s.subarray(at))
        );
        series.forEach((_, i) => {
          expect([...first.score[i], ...second.score[i]]).toEqual(Array.from(batch.score[i]));
          expect([...first.anomaly[i], ...second.anomaly[i]]).toEqual(Array.from(batch.anomaly[i]));
        });
        expect(second.episodes).toEqual(batch.episodes);
        expect(Array.from(second.outlierScore)).toEqual(Array.from(batch.outlierScore));
        expect([...first.low, ...second.low]).toEqual(Array.from(batch.low));
        expect([...first.high, ...second.high]).toEqual(Array.from(batch.high));
      })
    );
  });

  it("the cluster range is clipped at 0 while no series has been negative (the per-series band's rule), nothing else moves", () => {
    fc.assert(
      fc.property(matrix, ([rows]) => {
        const times = timesOf(rows[0].length);
        const series = rows.map((r) => Float64Array.from(r));
        const res = createPopulation(series.length).run(times, series);
        // the same series moved far below 0 are never clipped: their range, moved back, is the unclipped one
        const below = createPopulation(series.length).run(
          times,
          series.map((s) => s.map((x) => x - 1e6))
        );
        const close = (a: number, b: number) => (b === b ? expect(a).toBeCloseTo(b, 6) : expect(a).toBeNaN());
        let negative = false;
        res.low.forEach((low, t) => {
          negative ||= series.some((s) => s[t] < 0);
          const unclipped = below.low[t] + 1e6;
          close(low, negative ? unclipped : Math.max(0, unclipped));
          close(res.high[t], below.high[t] + 1e6);
        });
        res.score.forEach((s, i) => expect(Array.from(s)).toEqual(Array.from(below.score[i])));
      })
    );
  });

  it('needs three peers at a step; a missing value has no score and does not count as odd', () => {
    const series = crowd(4, 20);
    series[3].fill(500); // odd all along
    series[2].fill(NaN, 5, 10);
    series[1].fill(NaN, 5, 10); // steps 5–9: two peers with a value
    const res = createPopulation(4).run(timesOf(20), series);
    for (let t = 5; t < 10; t++) {
      expect(res.peers[t]).toBe(2);
      expect(res.center[t]).toBeNaN();
      expect(res.score[3][t]).toBeNaN();
      expect(res.score[2][t]).toBeNaN();
      expect(res.anomaly[3][t]).toBe(0);
    }
    expect(res.anomaly[3][4]).toBe(1);
    expect(res.anomaly[3][19]).toBe(1);
  });

  it('rejects bad settings and input with clear errors, leaving the state untouched', () => {
    expect(validatePopulationParams({ k: 0, window: 1 }).map((e) => e.message)).toEqual([
      'k must be a finite number > 0, got 0',
      'window must be an integer in [2, 1000000], got 1',
    ]);
    expect(() => createPopulation(3, { k: -1 })).toThrow(
      'invalid population settings: k must be a finite number > 0, got -1'
    );
    expect(() => createPopulation(-1)).toThrow('series count must be an integer ≥ 0, got -1');
    const p = createPopulation(3);
    expect(() =>
      p.run(
        [1, 2],
        [
          [1, 2],
          [1, 2],
        ]
      )
    ).toThrow('expected 3 series, got 2');
    expect(() => p.run([1, 2], [[1, 2], [1, 2], [1]])).toThrow('series 2 has 1 values for 2 times');
    expect(() =>
      p.run(
        [2, 1],
        [
          [1, 2],
          [1, 2],
          [1, 2],
        ]
      )
    ).toThrow(DetectorError);
    expect(() =>
      p.run(
        [2, NaN],
        [
          [1, 2],
          [1, 2],
          [1, 2],
        ]
      )
    ).toThrow('timestamp at index 1 must be a finite number');
    p.run([5], [[1], [1], [1]]);
    expect(() => p.run([4], [[1], [1], [1]])).toThrow('timestamps must not decrease: index 0 has 4, after 5');
  });
});

describe('population outliers on real groups', () => {
  const art = readWide('nab-art-daily.csv');
  const normal = ['art_daily_no_noise', 'art_daily_small_noise', 'art_daily_perfect_square_wave'];
  // NAB's labelled windows (labels/combined_windows.json): the day each series departs from the daily shape
  const windows: Record<string, [string, string]> = {
    art_daily_jumpsup: ['2014-04-10 16:15:00', '2014-04-12 01:45:00'],
    art_daily_jumpsdown: ['2014-04-10 16:15:00', '2014-04-12 01:45:00'],
    art_daily_nojump: ['2014-04-10 16:15:00', '2014-04-12 01:45:00'],
    art_daily_flatmiddle: ['2014-04-10 07:15:00', '2014-04-11 16:45:00'],
  };

  it.each(Object.keys(windows))(
    '%s departs from three normal peers: flagged in its window, the sine peers for at most an hour',
    (name) => {
      const names = [...normal, name];
      const res = createPopulation(4).run(
        art.times,
        names.map((n) => art.series[art.names.indexOf(n)])
      );
      const [from, to] = windows[name].map(parseTimestamp);
      const inside = art.times.filter((t, j) => t >= from && t <= to && res.anomaly[3][j] === 1).length;
      expect(inside).toBeGreaterThan(12); // an hour of 5-minute steps at least
      expect(res.outlierScore[3]).toBeGreaterThanOrEqual(50);
      expect(count(res.anomaly[0]) + count(res.anomaly[1])).toBeLessThanOrEqual(12);
    }
  );

  it('the Apache sample by country: the dominant country is the outlier; one odd hour of a small one is not, six are', () => {
    const byCountry = readWide('apache-country-1h.csv');
    const n = byCountry.series.length;
    const res = createPopulation(n).run(byCountry.times, byCountry.series);
    const ranked = byCountry.names.map((c, i) => [c, res.outlierScore[i]] as const).sort((a, b) => b[1] - a[1]);
    const totals = byCountry.series.map((s) => s.reduce((a, b) => a + b, 0));
    expect(ranked[0][0]).toBe(byCountry.names[totals.indexOf(Math.max(...totals))]);
    // a country that is never an outlier gets one hour, then six hours, of the dominant country's traffic
    const quiet = byCountry.names.findIndex((_, i) => count(res.anomaly[i]) === 0);
    expect(quiet).toBeGreaterThanOrEqual(0);
    const boost = (hours: number) => {
      const s = byCountry.series.map((x) => x.slice());
      for (let h = 40; h < 40 + hours; h++) {
        s[quiet][h] += 200;
      }
      return createPopulation(n).run(byCountry.times, s).anomaly[quiet];
    };
    expect(count(boost(1))).toBe(0);
    expect(count(boost(6).subarray(40, 48))).toBeGreaterThan(0);
  });
});
