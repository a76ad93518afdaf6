import fc from 'fast-check';

import { createDetector, DetectorError, PRESETS } from './index';
import { allocOutputs } from './kernel';
import type { BatchResult, DetectorParams, PresetName } from './types';

/** Non-decreasing times (duplicates included) and values with NaN, flat runs and spikes. */
const series = fc
  .array(
    fc.record({
      dt: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 600_000 })),
      x: fc.oneof(
        { weight: 6, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
        { weight: 1, arbitrary: fc.constant(NaN) },
        { weight: 1, arbitrary: fc.constant(5) },
        { weight: 1, arbitrary: fc.double({ min: -1e9, max: 1e9, noNaN: true }) }
      ),
    }),
    { maxLength: 300 }
  )
  .map((pts) => {
    let t = 1.7e12;
    return { times: pts.map((p) => (t += p.dt)), values: pts.map((p) => p.x) };
  });

const smallParams = fc
  .record({
    window: fc.integer({ min: 2, max: 12 }),
    warmup: fc.integer({ min: 0, max: 20 }),
    alpha: fc.double({ min: 0.01, max: 1, noNaN: true }),
    gamma: fc.double({ min: 0.01, max: 1, noNaN: true }),
    k: fc.double({ min: 0.5, max: 5, noNaN: true }),
    season: fc.integer({ min: 60_000, max: 3_600_000 }),
    episodeGap: fc.integer({ min: 0, max: 1_200_000 }),
    threshold: fc.integer({ min: 0, max: 100 }),
    range: fc.constantFrom(60_000, 600_000, 1_800_000),
    interval: fc.constantFrom(1_000, 60_000, 300_000),
    phase: fc.nat(),
    rangeStart: fc.constantFrom('exclusive' as const, 'inclusive' as const),
  })
  // the window preset's phase lies within its interval and its baseline is at least a window back
  .map((p) => ({ ...p, phase: p.phase % p.interval, season: Math.max(p.season, p.range) }));

function pushAll(preset: PresetName, params: Partial<DetectorParams>, times: number[], values: number[]) {
  const d = createDetector(preset, params);
  const rows = times.map((t, i) => d.push(t, values[i]));
  return { rows, episodes: d.episodes() };
}

function rowsOf(res: BatchResult) {
  return Array.from(res.score, (_, i) => ({
    predicted: res.predicted[i],
    low: res.low[i],
    high: res.high[i],
    score: res.score[i],
    anomaly: res.anomaly[i] === 1,
  }));
}

describe.each(PRESETS)('%s: streaming and batch give identical numbers', (preset) => {
  it('push in a loop ≡ run ≡ run in two chunks', () => {
    fc.assert(
      fc.property(series, smallParams, fc.nat(), ({ times, values }, params, cut) => {
        const pushed = pushAll(preset, params, times, values);
        const batch = createDetector(preset, params).run(times, values);
        expect(rowsOf(batch)).toEqual(pushed.rows);
        expect(batch.episodes).toEqual(pushed.episodes);

        const at = times.length === 0 ? 0 : cut % (times.length + 1);
        const d = createDetector(preset, params);
        const a = d.run(times.slice(0, at), values.slice(0, at));
        const b = d.run(times.slice(at), values.slice(at));
        expect([...rowsOf(a), ...rowsOf(b)]).toEqual(pushed.rows);
        expect(b.episodes).toEqual(pushed.episodes);
      }),
      { numRuns: 150 }
    );
  });

  it('NaN values give no flag, NaN outputs and leave the state untouched', () => {
    fc.assert(
      fc.property(series, smallParams, ({ times, values }, params) => {
        const clean = times.map((t, i) => [t, values[i]]).filter(([, x]) => !Number.isNaN(x));
        const expected = createDetector(preset, params).run(
          clean.map((p) => p[0]),
          clean.map((p) => p[1])
        );
        const res = createDetector(preset, params).run(times, values);
        let j = 0;
        values.forEach((x, i) => {
          if (Number.isNaN(x)) {
            expect([res.predicted[i], res.low[i], res.high[i], res.score[i], res.anomaly[i]]).toEqual([
              NaN,
              NaN,
              NaN,
              NaN,
              0,
            ]);
          } else {
            expect(res.score[i]).toBe(expected.score[j]);
            expect(res.predicted[i]).toBe(expected.predicted[j]);
            expect(res.anomaly[i]).toBe(expected.anomaly[j]);
            j++;
          }
        });
      }),
      { numRuns: 100 }
    );
  });

  it('run(…, into) writes into caller-owned arrays and returns the same numbers', () => {
    fc.assert(
      fc.property(series, smallParams, ({ times, values }, params) => {
        const into = {
          predicted: new Float64Array(times.length + 3),
          low: new Float64Array(times.length + 3),
          high: new Float64Array(times.length + 3),
          score: new Float64Array(times.length + 3),
          anomaly: new Uint8Array(times.length + 3),
        };
        const res = createDetector(preset, params).run(times, values, into);
        expect(res).toEqual(createDetector(preset, params).run(times, values));
        expect(res.score.buffer).toBe(into.score.buffer);
      }),
      { numRuns: 30 }
    );
    expect(() => createDetector(preset).run([1, 2], [1, 2], { ...allocOutputs(2), low: new Float64Array(1) })).toThrow(
      'every output array must hold at least 2 points'
    );
  });

  it('reset() starts over', () => {
    const d = createDetector(preset, { warmup: 2, window: 3 });
    const times = [1, 2, 3, 4, 5, 6, 7, 8];
    const values = [1, 2, 1, 2, 50, 1, 2, 1];
    const first = d.run(times, values);
    d.reset();
    expect(d.run(times, values)).toEqual(first);
  });
});

describe('timestamps', () => {
  it.each(['ewma', 'robust', 'seasonal'] as const)(
    '%s rejects a decreasing timestamp, naming the index and both times',
    (preset) => {
      const d = createDetector(preset);
      const times = [Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 0, 5), Date.UTC(2024, 0, 1, 0, 1)];
      expect(() => d.run(times, [1, 2, 3])).toThrow(DetectorError);
      expect(() => d.run(times, [1, 2, 3])).toThrow(
        'timestamps must not decrease: index 2 has 1704067260000 (2024-01-01T00:01:00.000Z), after 1704067500000 (2024-01-01T00:05:00.000Z)'
      );
      // the failed run left no trace: the same points are accepted once sorted
      expect(d.run([times[0], times[2], times[1]], [1, 3, 2]).score).toHaveLength(3);
      expect(() => d.push(times[0], 1)).toThrow('index 3 has 1704067200000');
    }
  );

  it('accepts equal timestamps as separate points', () => {
    const res = createDetector('ewma', { warmup: 0 }).run([5, 5, 5], [1, 2, 3]);
    expect(Array.from(res.predicted)).toEqual([NaN, 1, 1.1]);
  });

  it('the notebook preset reads only the order of arrival, like the notebook', () => {
    expect(createDetector('notebook').run([10, 5], [1, 2]).anomaly).toHaveLength(2);
  });

  it('rejects non-finite timestamps and mismatched lengths', () => {
    expect(() => createDetector('notebook').push(NaN, 1)).toThrow(
      'timestamp at index 0 must be a finite number of milliseconds, got NaN'
    );
    expect(() => createDetector('ewma').run([1, 2], [1])).toThrow(
      'times and values must have the same length, got 2 and 1'
    );
  });
});

describe('ewma', () => {
  it('flags a spike once warmed up, once per incident, and scores it critical', () => {
    const n = 400;
    const times = Array.from({ length: n }, (_, i) => i * 60_000);
    const values = times.map((_, i) => 10 + Math.sin(i) * 0.5 + (i >= 300 && i < 305 ? 20 : 0));
    const res = createDetector('ewma').run(times, values);
    // 20 is far beyond every value seen: the first point of the spike is a detection (critical)
    expect(Array.from(res.anomaly.slice(295, 310))).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(res.score[300]).toBeGreaterThanOrEqual(75);
    // the rest of the incident stays below the threshold (capped at 0.6 of it), so it pages once
    expect(Math.max(...res.score.slice(301, 305))).toBeLessThanOrEqual(30);
    expect(res.episodes).toEqual([
      {
        start: times[300],
        end: times[300],
        peakTime: times[300],
        peakScore: res.score[300],
        severity: 'critical',
        points: 1,
      },
    ]);
  });

  it('the threshold is the flag: a lower one flags more of the same scores, 0 flags every scored point', () => {
    const times = Array.from({ length: 2000 }, (_, i) => i * 60_000);
    const values = times.map((_, i) => 10 + Math.sin(i * 0.3) + (i % 250 === 0 ? 5 : 0));
    const at = (threshold: number) => createDetector('ewma', { threshold }).run(times, values);
    const [low, mid] = [at(20), at(50)];
    for (let i = 0; i < times.length; i++) {
      expect(low.anomaly[i]).toBe(low.score[i] >= 20 ? 1 : 0);
      expect(mid.anomaly[i]).toBe(mid.score[i] >= 50 ? 1 : 0);
    }
    expect(mid.anomaly.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(low.anomaly.reduce((a, b) => a + b, 0)).toBeGreaterThan(mid.anomaly.reduce((a, b) => a + b, 0));
    expect(() => createDetector('ewma', { threshold: 101 })).toThrow('threshold must be in [0, 100], got 101');
  });

  it('does not alarm on one quantum of an integer series', () => {
    const values = Array.from({ length: 500 }, (_, i) => (i % 97 === 0 ? 101 : 100));
    const res = createDetector('ewma').run(
      values.map((_, i) => i),
      values
    );
    expect(res.anomaly.reduce((a, b) => a + b, 0)).toBe(0);
  });
});

describe('robust', () => {
  it('predicts the median of the previous window values, with 1.4826·MAD bands', () => {
    const median = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const h = s.length >> 1;
      return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
    };
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 2, max: 15 }),
        (values, window) => {
          const k = 2;
          const res = createDetector('robust', { window, k }).run(
            values.map((_, i) => i),
            values
          );
          for (let i = 1; i < values.length; i++) {
            const prev = values.slice(Math.max(0, i - window), i);
            const med = median(prev);
            const spread = 1.4826 * median(prev.map((x) => Math.abs(x - med)));
            // the sigma floor: half the smallest non-zero step among the points seen before this one
            const steps = values
              .slice(1, i)
              .map((x, j) => Math.abs(x - values[j]))
              .filter((d) => d > 0);
            const floor = steps.length > 0 ? 0.5 * Math.min(...steps) : 0;
            expect(res.predicted[i]).toBe(med);
            if (Math.max(spread, floor) > 0) {
              expect(res.high[i]).toBeCloseTo(med + k * Math.max(spread, floor), 9);
            }
          }
        }
      )
    );
  });

  it('an outlier does not move the band', () => {
    const values = Array.from({ length: 200 }, (_, i) => 50 + (i % 5) - 2);
    values[150] = 1e6;
    const res = createDetector('robust', { window: 20, warmup: 20 }).run(
      values.map((_, i) => i),
      values
    );
    expect(res.anomaly[150]).toBe(1);
    expect(res.predicted[151]).toBe(res.predicted[146]);
    expect(res.high[151]).toBe(res.high[146]);
    expect(res.anomaly.reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe.each(['seasonal', 'ewma'] as const)('%s', (preset) => {
  it('learns a daily ramp so it is not an anomaly, and flags the same ramp at the wrong time', () => {
    const step = 300_000;
    const day = 288;
    const days = 10;
    const times = Array.from({ length: day * days }, (_, i) => i * step);
    const shape = (i: number) => (i % day >= 96 && i % day < 192 ? 80 : 20) + Math.sin(i * 0.7);
    const values = times.map((_, i) => shape(i));
    const normal = createDetector(preset).run(times, values);
    expect(normal.anomaly.slice(3 * day).reduce((a, b) => a + b, 0)).toBe(0);

    const shifted = values.slice();
    for (let i = 8 * day + 60; i < 8 * day + 96; i++) {
      shifted[i] = 80; // the morning ramp, three hours early
    }
    const res = createDetector(preset).run(times, shifted);
    // the errors are averaged over 10 points: detected within them, and once
    const early = Array.from(res.anomaly.slice(8 * day + 60, 8 * day + 96));
    expect(early.slice(0, 10)).toContain(1);
    expect(early.reduce((a, b) => a + b, 0)).toBe(1);
  });
});

describe('ewma seasonality', () => {
  it('uses a cycle only where it predicts better: the plain EWMA on noise, the profile on a daily ramp', () => {
    const step = 300_000;
    const n = 288 * 10;
    const times = Array.from({ length: n }, (_, i) => i * step);
    let seed = 2463534242;
    const noise = times.map(() => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 31 - 1; // uniform in [−1, 1): never beyond a 4-sigma band, so never clipped
    });
    const plain = createDetector('ewma').run(times, noise);
    let level = noise[0];
    for (let i = 1; i < n; i++) {
      expect(plain.predicted[i]).toBeCloseTo(level, 9);
      level += 0.1 * (noise[i] - level);
    }
    const daily = noise.map((x, i) => x + (i % 288 >= 96 && i % 288 < 192 ? 60 : 0));
    const res = createDetector('ewma').run(times, daily);
    expect(res.predicted[5 * 288 + 100] - res.predicted[5 * 288 + 90]).toBeCloseTo(60, 0);
    expect(res.anomaly.slice(2 * 288).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('push ≡ run in chunks over 9 days with gaps, missing values and a step finer than a minute', () => {
    // the property test's series are shorter than a day; this one reaches both cycles' first periods
    fc.assert(
      fc.property(
        fc.constantFrom(30_000, 300_000, 3_600_000),
        fc.array(fc.nat(20_000), { minLength: 1, maxLength: 3 }),
        (step, cuts) => {
          const times: number[] = [];
          const values: number[] = [];
          for (let i = 0, t = 0; t < 9 * 86_400_000; i++) {
            t += i % 997 === 996 ? 17 * step : i % 13 === 0 ? 0 : step; // a gap now and then, some repeated times
            times.push(t);
            values.push(
              i % 389 === 0 ? NaN : 50 + 30 * Math.sin(t / 13_751_000) + Math.sin(i * 1.3) + (i % 2000 === 7 ? 40 : 0)
            );
          }
          const pushed = pushAll('ewma', {}, times, values).rows;
          const d = createDetector('ewma');
          const parts = [...cuts.map((c) => c % times.length), times.length].sort((x, y) => x - y);
          let from = 0;
          const chunked = parts.flatMap((to) => {
            const rows = rowsOf(d.run(times.slice(from, to), values.slice(from, to)));
            from = to;
            return rows;
          });
          expect(chunked).toEqual(pushed);
        }
      ),
      { numRuns: 6 }
    );
  });

  it('keeps the time of day across a gap', () => {
    const step = 300_000;
    const day = 288;
    const times: number[] = [];
    for (let i = 0; i < 6 * day; i++) {
      if (i < 3 * day || i >= 4 * day + 17) {
        times.push(i * step); // a day and 17 points missing
      }
    }
    const values = times.map((t) => ((t / step) % day >= 96 && (t / step) % day < 192 ? 80 : 20) + Math.sin(t));
    const res = createDetector('ewma').run(times, values);
    expect(res.anomaly.slice(3 * day).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
