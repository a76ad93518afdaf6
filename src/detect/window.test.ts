// The window preset's rule semantics, against a plain reference written from the PromQL documentation
// (the bit-exact comparison with Prometheus itself is src/rules/promtool.test.ts).
import fc from 'fast-check';

import { allocOutputs } from './kernel';
import { LOOKBACK_MS, WindowKernel, type WindowSettings } from './presets/window';
import type { RangeStart } from './types';
import { scoreOf } from './severity';

const MIN = 60_000;
const BASE: WindowSettings = {
  k: 3,
  range: 10 * MIN,
  season: 0,
  interval: MIN,
  phase: 0,
  rangeStart: 'exclusive',
  warmup: 0,
  threshold: 50,
};

function run(settings: Partial<WindowSettings>, times: number[], values: number[]) {
  const out = allocOutputs(times.length);
  new WindowKernel({ ...BASE, ...settings }).process(times, values, times.length, out);
  return out;
}

/** What the rules record at evaluation e, computed the obvious way (sum/n, two-pass variance). */
function reference(s: WindowSettings, times: number[], values: number[], e: number) {
  // one sample per timestamp, the first (a TSDB rejects the duplicate); missing values are not samples
  const samples: Array<[number, number]> = [];
  times.forEach((t, i) => {
    if (Number.isFinite(values[i]) && t <= e && !(samples.length > 0 && samples[samples.length - 1][0] === t)) {
      samples.push([t, values[i]]);
    }
  });
  const inRange = (t: number, end: number) =>
    t <= end && (s.rangeStart === 'exclusive' ? t > end - s.range : t >= end - s.range);
  const win = (end: number) => samples.filter(([t]) => inRange(t, end)).map(([, x]) => x);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const level = win(e - s.interval);
  if (level.length === 0) {
    return undefined;
  }
  let predicted = mean(level);
  if (s.season > 0) {
    const then = win(e - s.interval - s.season);
    const around = win(e - s.season + s.range / 2);
    if (then.length === 0 || around.length === 0) {
      return undefined;
    }
    predicted = predicted - mean(then) + mean(around);
  }
  const m = mean(level);
  const sigma = Math.sqrt(level.reduce((a, x) => a + (x - m) ** 2, 0) / level.length);
  const fresh = samples.filter(([t]) => (s.rangeStart === 'exclusive' ? t > e - LOOKBACK_MS : t >= e - LOOKBACK_MS));
  const x = fresh.length > 0 ? fresh[fresh.length - 1][1] : undefined;
  const score =
    x === undefined || level.length < s.warmup
      ? 0
      : scoreOf(Math.abs(x - predicted) / Math.max(s.k * sigma, Number.MIN_VALUE));
  return { predicted, low: predicted - s.k * sigma, high: predicted + s.k * sigma, score };
}

describe('window preset: the range selector boundary', () => {
  // samples every minute; the value 100 sits exactly on the left edge of the 10-minute window at t = 12 min
  const times = Array.from({ length: 13 }, (_, i) => i * MIN);
  const values = times.map((_, i) => (i === 1 ? 100 : 1 + (i % 2)));
  const at = 12; // evaluation at 12 min reads (1 min, 11 min] or [1 min, 11 min]

  it('exclusive (Prometheus 3.x, Mimir) leaves out the sample exactly `range` old', () => {
    const out = run({ rangeStart: 'exclusive' }, times, values);
    // minutes 2..11: 1 + (i % 2) → five 1s and five 2s
    expect(out.predicted[at]).toBe(1.5);
    expect(out.high[at] - out.predicted[at]).toBeCloseTo(3 * 0.5, 12);
  });

  it('inclusive (Prometheus 2.x) counts it', () => {
    const out = run({ rangeStart: 'inclusive' }, times, values);
    expect(out.predicted[at]).toBeCloseTo(115 / 11, 12);
  });

  it('one millisecond older, both leave it out', () => {
    const shifted = times.map((t, i) => (i === 1 ? t - 1 : t));
    for (const rangeStart of ['exclusive', 'inclusive'] as const) {
      expect(run({ rangeStart }, shifted, values).predicted[at]).toBe(1.5);
    }
  });
});

describe('window preset: evaluation times and the lookback', () => {
  it('a point reports the evaluation at or before it: the window ends one interval before that', () => {
    // 5-minute interval, points every minute: points 10..14 min all report the evaluation at 10 min
    const times = Array.from({ length: 20 }, (_, i) => i * MIN);
    const values = times.map((t) => t / MIN);
    const out = run({ interval: 5 * MIN, range: 5 * MIN }, times, values);
    // evaluation at 10 min: window (0, 5 min] = values 1..5, mean 3; x(10 min) = 10
    for (let i = 10; i < 15; i++) {
      expect(out.predicted[i]).toBe(3);
    }
    expect(out.predicted[15]).toBe(8); // evaluation at 15 min: (5, 10] → 6..10
  });

  it('the value scored is the newest sample within 5 minutes of the evaluation, else the score is 0', () => {
    // samples at 0..9 min, then a gap: the point at 16 min reports evaluation 16 min, whose newest sample is
    // the point itself; the point at 16.5 min with a 5-min interval reports evaluation 15 min, whose newest
    // sample (9 min) is 6 minutes old: stale, so score 0 though the band exists
    const times = [...Array.from({ length: 10 }, (_, i) => i * MIN), 16.5 * MIN];
    const values = [...times.slice(0, 10).map((t) => (t / MIN) % 3), 50];
    const out = run({ interval: 5 * MIN, range: 20 * MIN }, times, values);
    expect(Number.isNaN(out.predicted[10])).toBe(false);
    expect(out.score[10]).toBe(0);
    // with the lookback met (evaluation 15 min, newest sample 10.5 min) the same value scores
    const times2 = [...times.slice(0, 10), 10.5 * MIN, 16.5 * MIN];
    const out2 = run({ interval: 5 * MIN, range: 20 * MIN }, times2, [...values.slice(0, 10), 50, 50]);
    expect(out2.score[11]).toBeGreaterThan(90);
  });

  it('the lookback edge follows rangeStart: a sample exactly 5 minutes old is seen by 2.x only', () => {
    // the point at 10 min + 1 ms reports the evaluation at 10 min, whose newest sample (5 min) is exactly
    // LOOKBACK_MS old; the band (window up to 5 min) exists either way
    const t = [0, MIN, 5 * MIN, 10 * MIN + 1];
    const x = [1, 2, 3, 9];
    const s = { interval: 5 * MIN, range: 20 * MIN };
    const excl = run({ ...s, rangeStart: 'exclusive' }, t, x);
    const incl = run({ ...s, rangeStart: 'inclusive' }, t, x);
    expect(excl.predicted[3]).toBe(2);
    expect(excl.score[3]).toBe(0);
    // x = 3 against mean 2, sigma √(2/3)
    expect(incl.score[3]).toBe(scoreOf(1 / (3 * Math.sqrt(2 / 3))));
  });
});

describe('window preset: the evaluation phase', () => {
  it('evaluations at k·interval + phase: a point reports the last one at or before it', () => {
    // samples every minute, value = minute; interval 5 min, phase 2 min: the point at 14 min reports the
    // evaluation at 12 min, whose window (12 − 5 − 5, 12 − 5] min = (2, 7] min holds 3..7
    const times = Array.from({ length: 20 }, (_, i) => i * MIN);
    const values = times.map((t) => t / MIN);
    const out = run({ interval: 5 * MIN, range: 5 * MIN, phase: 2 * MIN }, times, values);
    expect(out.predicted[14]).toBe(5);
    expect(out.predicted[11]).toBe(1); // evaluation at 7 min: (−3, 2] min → 0, 1, 2
  });

  it('with a phase off the sample grid, no sample sits on a window edge: both range starts agree', () => {
    const times = Array.from({ length: 60 }, (_, i) => i * MIN);
    const values = times.map((_, i) => (i * 7919) % 13);
    const s = { interval: MIN, range: 10 * MIN, phase: 30_000 };
    const excl = run({ ...s, rangeStart: 'exclusive' }, times, values);
    const incl = run({ ...s, rangeStart: 'inclusive' }, times, values);
    expect(Array.from(excl.predicted)).toEqual(Array.from(incl.predicted));
    expect(Array.from(excl.score)).toEqual(Array.from(incl.score));
  });
});

describe('window preset: score, flag, warm-up, season', () => {
  it('scores |x − mean| / (k·sigma) on the product scale and flags at the threshold', () => {
    const times = Array.from({ length: 12 }, (_, i) => i * MIN);
    const values = [...Array.from({ length: 11 }, (_, i) => (i % 2 === 0 ? 10 : 12)), 20];
    const out = run({ range: 10 * MIN, interval: MIN, k: 2 }, times, values);
    // evaluation 11 min: window (0, 10 min] = 12,10,12,…,10 (five 12s, five 10s): mean 11, sigma 1
    expect(out.predicted[11]).toBe(11);
    expect(out.low[11]).toBe(9);
    expect(out.high[11]).toBe(13);
    expect(out.score[11]).toBe(scoreOf(9 / 2)); // r = |20 − 11| / (2·1)
    expect(out.anomaly[11]).toBe(1);
    expect(run({ range: 10 * MIN, interval: MIN, k: 2, threshold: 90 }, times, values).anomaly[11]).toBe(0);
  });

  it('a flat window scores its own value 0 and anything else 100 (never 0/0)', () => {
    const times = Array.from({ length: 12 }, (_, i) => i * MIN);
    const out = run({}, times, [...Array(11).fill(7), 7]);
    expect(out.score[11]).toBe(0);
    expect(run({}, times, [...Array(11).fill(7), 7.000001]).score[11]).toBe(100);
  });

  it('warm-up: score 0 until the window holds `warmup` samples; no band before the first sample', () => {
    // evaluation at 7 min reads (−4 min, 6 min]: the seven samples 1,2,1,2,1,2,1 — mean 10/7, sigma √12/7
    const times = Array.from({ length: 8 }, (_, i) => i * MIN);
    const values = [1, 2, 1, 2, 1, 2, 1, 30];
    const expected = scoreOf((30 - 10 / 7) / (3 * (Math.sqrt(12) / 7)));
    expect(run({ warmup: 7 }, times, values).score[7]).toBeCloseTo(expected, 12);
    expect(expected).toBeGreaterThan(75);
    const early = run({ warmup: 8 }, times, values);
    expect(early.score[7]).toBe(0);
    expect(early.predicted[7]).toBeCloseTo(10 / 7, 14);
    expect(Number.isNaN(early.predicted[0])).toBe(true);
    expect(Number.isNaN(early.score[0])).toBe(true);
  });

  it('a seasonal baseline adds yesterday’s shape around now to the level', () => {
    const day = 24 * 60 * MIN;
    const step = 10 * MIN;
    const times = Array.from({ length: 2 * 144 + 10 }, (_, i) => i * step);
    const shape = (t: number) => 10 * Math.sin((2 * Math.PI * (t % day)) / day);
    const values = times.map((t) => 100 + shape(t) + (t >= day ? 5 : 0));
    const s = { range: 60 * MIN, interval: step, season: day, rangeStart: 'inclusive' as RangeStart };
    const out = run(s, times, values);
    const i = 144 + 100; // a point in the second day
    const ref = reference({ ...BASE, ...s }, times, values, times[i])!;
    expect(out.predicted[i]).toBeCloseTo(ref.predicted, 9);
    // level shift of +5 learnt through the level window, the shape through yesterday: close to the truth
    expect(Math.abs(out.predicted[i] - values[i])).toBeLessThan(1.5);
    expect(Number.isNaN(out.predicted[100])).toBe(true); // the first day has no yesterday
  });
});

describe('window preset equals the reference at every point', () => {
  const settings = fc.record({
    k: fc.constantFrom(1, 2.5, 3),
    range: fc.constantFrom(2, 3, 10).map((m) => m * MIN),
    season: fc.constantFrom(0, 30 * MIN),
    interval: fc.constantFrom(1, 2, 5).map((m) => m * MIN),
    phase: fc.constantFrom(0, 0, 30_000),
    rangeStart: fc.constantFrom<RangeStart>('exclusive', 'inclusive'),
    warmup: fc.constantFrom(0, 3),
    threshold: fc.constant(50),
  });
  // times on a 30-second grid (so samples often sit exactly on window and lookback edges), duplicates, gaps,
  // missing values
  const series = fc
    .array(
      fc.record({
        gap: fc.constantFrom(0, 1, 1, 1, 2, 4, 13),
        x: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.constant(NaN)),
      }),
      {
        minLength: 1,
        maxLength: 150,
      }
    )
    .map((pts) => {
      let t = 0;
      return { times: pts.map((p) => (t += p.gap * 30_000)), values: pts.map((p) => p.x) };
    });

  it('predicted, low, high, score (relative 1e-9: Prometheus sums with compensation, the reference plainly)', () => {
    fc.assert(
      fc.property(settings, series, (s, { times, values }) => {
        const out = run(s, times, values);
        times.forEach((t, i) => {
          const e = Math.floor((t - s.phase) / s.interval) * s.interval + s.phase;
          const ref = Number.isFinite(values[i]) ? reference(s, times.slice(0, i + 1), values, e) : undefined;
          if (!ref) {
            expect(Number.isNaN(out.predicted[i])).toBe(true);
            return;
          }
          for (const key of ['predicted', 'low', 'high'] as const) {
            expect(Math.abs(out[key][i] - ref[key])).toBeLessThanOrEqual(1e-9 * (1 + Math.abs(ref[key])));
          }
          expect(Math.abs(out.score[i] - ref.score)).toBeLessThanOrEqual(1e-6);
          expect(out.anomaly[i]).toBe(out.score[i] >= s.threshold ? 1 : 0);
        });
      }),
      { numRuns: 300 }
    );
  });

  it('one call ≡ point by point ≡ chunks', () => {
    fc.assert(
      fc.property(settings, series, fc.nat(), (s, { times, values }, cut) => {
        const whole = run(s, times, values);
        const k = new WindowKernel({ ...BASE, ...s });
        const one = allocOutputs(1);
        const at = cut % (times.length + 1);
        const chunked = allocOutputs(times.length);
        const kc = new WindowKernel({ ...BASE, ...s });
        kc.process(times.slice(0, at), values.slice(0, at), at, chunked);
        const rest = allocOutputs(times.length - at);
        kc.process(times.slice(at), values.slice(at), times.length - at, rest);
        times.forEach((t, i) => {
          k.process([t], [values[i]], 1, one);
          const c = i < at ? chunked : rest;
          const j = i < at ? i : i - at;
          for (const key of ['predicted', 'low', 'high', 'score', 'anomaly'] as const) {
            expect(one[key][0]).toBe(whole[key][i]);
            expect(c[key][j]).toBe(whole[key][i]);
          }
        });
      }),
      { numRuns: 200 }
    );
  });
});
