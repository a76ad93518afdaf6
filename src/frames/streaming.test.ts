import fc from 'fast-check';

import { readCounter } from '../../tests/reads';
import { slideWindows } from '../../tests/windows';
import { createDetector, type PresetName } from '../detect';
import { newPointsFrom, StreamingBands } from './streaming';

const signal = (i: number) => 50 + 10 * Math.sin(i / 7) + (i % 53 === 52 ? 40 : 0);

/** A TestData-like sliding window: `per` new points per emission, at most `capacity` kept. */
function windows(emissions: number, per: number, capacity: number) {
  const out: Array<{ t: Float64Array; x: Float64Array }> = [];
  const t: number[] = [];
  const x: number[] = [];
  for (let e = 0, n = 0; e < emissions; e++) {
    for (let j = 0; j < per; j++, n++) {
      t.push(n * 1000);
      x.push(signal(n));
    }
    if (t.length > capacity) {
      t.splice(0, t.length - capacity);
      x.splice(0, x.length - capacity);
    }
    out.push({ t: Float64Array.from(t), x: Float64Array.from(x) });
  }
  return out;
}

describe('newPointsFrom', () => {
  it('finds the first point after the last processed timestamp, counting duplicates', () => {
    expect(newPointsFrom([1, 2, 3, 4], 2, 1)).toBe(2);
    expect(newPointsFrom([1, 2, 2, 3], 2, 1)).toBe(2); // the second 2 is new
    expect(newPointsFrom([1, 2, 2, 3], 2, 2)).toBe(3);
    expect(newPointsFrom([5, 6], 2, 1)).toBe(0);
    expect(newPointsFrom([1, 2], 2, 1)).toBe(2);
  });
});

describe('StreamingBands', () => {
  it('sliding windows give the same bands as one batch run, processing only new points', () => {
    const ws = windows(60, 10, 200);
    const bands = new StreamingBands('ewma', { warmup: 10 });
    const all = windows(60, 10, 1e9).at(-1)!;
    const batch = createDetector('ewma', { warmup: 10 }).run(all.t, all.x);
    let processed = 0;
    for (const w of ws) {
      const upd = bands.update('s', w.t, w.x);
      expect(upd.restarted).toBe(false);
      processed += upd.processed;
      const off = w.t[0] / 1000;
      for (let i = 0; i < w.t.length; i++) {
        expect(upd.columns.predicted[i]).toBe(batch.predicted[off + i]);
        expect(upd.columns.high[i]).toBe(batch.high[off + i]);
        expect(upd.columns.anomaly[i]).toBe(batch.anomaly[off + i]);
      }
    }
    expect(processed).toBe(600);
    expect(bands.processedTotal).toBe(600);
  });

  it('accepts emissions holding only the new points', () => {
    const bands = new StreamingBands('robust', {});
    const all = windows(1, 300, 1e9)[0];
    const batch = createDetector('robust', {}).run(all.t, all.x);
    for (let i = 0; i < 300; i += 30) {
      const upd = bands.update('s', all.t.subarray(i, i + 30), all.x.subarray(i, i + 30));
      expect(Array.from(upd.columns.score)).toEqual(Array.from(batch.score.subarray(i, i + 30)));
    }
  });

  it('restarts when the window does not continue the previous one', () => {
    const bands = new StreamingBands('ewma', {});
    const w = windows(2, 50, 1000);
    bands.update('s', w[1].t, w[1].x);
    const again = bands.update('s', w[0].t, w[0].x); // older data: not a continuation
    expect(again.restarted).toBe(true);
    expect(again.processed).toBe(50);
  });

  it('keeps one state per key and forgets keys that disappear', () => {
    const bands = new StreamingBands('ewma', {});
    const [w] = windows(1, 20, 100);
    bands.update('a', w.t, w.x);
    bands.update('b', w.t, w.x);
    expect(bands.seriesCount).toBe(2);
    bands.retain(new Set(['a']));
    expect(bands.seriesCount).toBe(1);
  });

  // the notebook preset flags every band exit (the spikes here): many episodes to keep or forget
  it('reports only episodes that reach into the current window', () => {
    const bands = new StreamingBands('notebook', { warmup: 10 });
    const ws = windows(100, 10, 100);
    let upd;
    for (const w of ws) {
      upd = bands.update('s', w.t, w.x);
    }
    expect(upd!.episodes.length).toBeGreaterThan(0);
    for (const e of upd!.episodes) {
      expect(e.end).toBeGreaterThanOrEqual(ws.at(-1)!.t[0]);
    }
  });

  it("keeps a long stream's episode memory to the window, reporting what a batch run finds in it", () => {
    const bands = new StreamingBands('notebook', { warmup: 10 });
    const ws = windows(2000, 10, 100);
    let held = 0;
    let upd;
    for (const w of ws) {
      upd = bands.update('s', w.t, w.x);
      held = Math.max(held, bands.episodesHeld);
    }
    const last = ws.at(-1)!;
    const all: number[] = [];
    for (const w of ws) {
      all.push(...w.t.subarray(w.t.length - 10));
    }
    const batch = createDetector('notebook', { warmup: 10 }).run(
      Float64Array.from(all),
      Float64Array.from(all, (_, i) => signal(i))
    );
    expect(upd!.episodes).toEqual(batch.episodes.filter((e) => e.end >= last.t[0]));
    // 100-point windows with a spike every 53 points: at most 4 episodes held at any time over 20,000 points
    // (the whole stream has hundreds)
    expect(batch.episodes.length).toBeGreaterThan(100);
    expect(held).toBeLessThanOrEqual(4);
  });

  // a stream's points (times ascending, repeats allowed, values with gaps) cut into emissions: each window starts
  // at or before the previous one's end (nothing skipped) and at the first row of a repeated time (where a window
  // starting in the middle of repeats would be ambiguous: see `continues`); ends may split repeats
  const streams = fc
    .record({
      steps: fc.array(
        fc.record({
          dt: fc.constantFrom(0, 1000, 1000, 1000, 60_000),
          x: fc.option(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { freq: 8 }),
        }),
        {
          minLength: 1,
          maxLength: 120,
        }
      ),
      cuts: fc.array(fc.record({ grow: fc.nat(25), slide: fc.nat(25) }), { minLength: 1, maxLength: 12 }),
      preset: fc.constantFrom<PresetName>('ewma', 'robust', 'window'),
    })
    .map(({ steps, cuts, preset }) => {
      const t = Float64Array.from({ length: steps.length }, () => 0);
      for (let i = 1; i < steps.length; i++) {
        t[i] = t[i - 1] + steps[i].dt;
      }
      const x = Float64Array.from(steps, (s) => s.x ?? NaN);
      return { t, x, windows: slideWindows(t, cuts), preset };
    });

  it('any emission cuts (sliding windows, repeated times, gaps) give what one batch run gives', () => {
    fc.assert(
      fc.property(streams, ({ t, x, windows, preset }) => {
        const params = { warmup: 3, window: 5 };
        const bands = new StreamingBands(preset, params);
        const batch = createDetector(preset, params).run(t, x);
        for (const [lo, hi] of windows) {
          const upd = bands.update('s', t.subarray(lo, hi), x.subarray(lo, hi));
          expect(upd.restarted).toBe(false);
          for (const role of ['predicted', 'low', 'high', 'score', 'anomaly'] as const) {
            expect(Array.from(upd.columns[role])).toEqual(Array.from(batch[role].subarray(lo, hi)));
            expect(upd.gaps[role]).toBe(upd.columns[role].some((v) => Number.isNaN(v)));
          }
        }
      }),
      { numRuns: 300 }
    );
  });

  it('reads O(1) rows of a window per new point, whatever its length, and keeps the earlier results in place', () => {
    const cost = (window: number) => {
      const span = window + 200;
      const t = Array.from({ length: span }, (_, i) => i * 1000);
      const x = Array.from({ length: span }, (_, i) => signal(i));
      // the emission's arrays (what the upstream frame's fields would be), their element reads counted
      const { counted, take } = readCounter();
      const at = (a: number[], lo: number) => counted(a.slice(lo, lo + window));
      const bands = new StreamingBands('ewma', {});
      bands.update('s', t.slice(0, window), x.slice(0, window));
      const buffers = new Set<ArrayBufferLike>();
      take();
      for (let lo = 1; lo <= 200; lo++) {
        const upd = bands.update('s', at(t, lo), at(x, lo));
        expect(upd.processed).toBe(1);
        buffers.add(upd.columns.predicted.buffer);
      }
      return { readsPerEmission: take() / 200, buffers: buffers.size };
    };
    const day = cost(1440);
    const week = cost(10_080);
    // per emission: the new row's time (found from the end, then copied) and value, the rows before it at the last
    // time and the one before that (the new-points scan, the continuity check), the first row (continuity, episodes)
    // — the same count for a day's window as for a week's
    expect(day.readsPerEmission).toBe(week.readsPerEmission);
    expect(day.readsPerEmission).toBeLessThanOrEqual(10);
    // 200 emissions of one new row: the results move to a new buffer at most once per window's worth of rows
    expect(day.buffers).toBeLessThanOrEqual(2);
    expect(week.buffers).toBeLessThanOrEqual(2);
  });
});
