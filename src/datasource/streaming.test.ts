import { createDetector } from '../detect';
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
});
