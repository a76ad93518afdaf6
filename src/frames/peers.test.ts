// Putting series on one time axis before comparing them: the shared-axis fast path and the union agree, rows map
// back to their own times, and what cannot be compared is an error that says why.
import fc from 'fast-check';

import { createPopulation, PopulationDetector } from '../detect';
import { alignSeries, atRows, comparePeers, PeersError, type PeerInput, StreamingPeers } from './peers';

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

describe('StreamingPeers', () => {
  const minute = (t: number) => T0 + t * 60_000;
  /** N series × T steps of small integers and gaps, and the cuts where emissions end. */
  const streams = fc.integer({ min: 3, max: 7 }).chain((n) =>
    fc.integer({ min: 1, max: 60 }).chain((steps) =>
      fc.record({
        rows: fc.array(
          fc.array(
            fc.oneof(
              { weight: 9, arbitrary: fc.integer({ min: -20, max: 60 }) },
              { weight: 1, arbitrary: fc.constant(NaN) }
            ),
            { minLength: steps, maxLength: steps }
          ),
          { minLength: n, maxLength: n }
        ),
        cuts: fc.uniqueArray(fc.integer({ min: 1, max: steps }), { maxLength: 8 }),
        capacity: fc.integer({ min: 1, max: steps + 5 }),
        window: fc.integer({ min: 2, max: 8 }),
      })
    )
  );
  /** Steps lo..hi−1 of every series: an emission holding that window. */
  const emission = (rows: number[][], lo: number, hi: number): PeerInput[] =>
    rows.map((r, i) => ({
      name: `s${i}`,
      times: Array.from({ length: hi - lo }, (_, t) => minute(lo + t)),
      values: r.slice(lo, hi),
    }));
  const sliced = (a: ArrayLike<number>, lo: number, hi: number) => Array.from(a).slice(lo, hi);

  it('emissions of a sliding window (any cuts, any capacity, only the new rows) give the batch run over every step, processing each step once', () => {
    fc.assert(
      fc.property(streams, ({ rows, cuts, capacity, window }) => {
        const steps = rows[0].length;
        const params = { window };
        // the batch run over the steps up to `hi` (the episodes so far)
        const upTo = (hi: number) =>
          createPopulation(rows.length, params).run(
            Array.from({ length: hi }, (_, t) => minute(t)),
            rows.map((r) => r.slice(0, hi))
          );
        const batch = upTo(steps);
        const stream = new StreamingPeers();
        const ends = [...cuts.sort((a, b) => a - b).filter((c) => c < steps), steps];
        let processed = 0;
        let sent = 0;
        for (const hi of ends) {
          // the window drops its oldest steps beyond `capacity`, never steps not sent yet (a live stream's rows)
          const lo = Math.min(sent, Math.max(0, hi - capacity));
          sent = hi;
          let upd;
          try {
            upd = stream.update(emission(rows, lo, hi), params);
          } catch (e) {
            // a window without a step where 3 series have a value says so; the stream goes on
            expect(e).toBeInstanceOf(PeersError);
            expect(sliced(batch.peers, lo, hi).every((p) => p < 3)).toBe(true);
            continue;
          }
          expect(upd.restarted).toBe(false);
          processed += upd.processed;
          const r = upd.result;
          expect(Array.from(r.center)).toEqual(sliced(batch.center, lo, hi));
          expect(Array.from(r.low)).toEqual(sliced(batch.low, lo, hi));
          expect(Array.from(r.high)).toEqual(sliced(batch.high, lo, hi));
          expect(Array.from(r.peers)).toEqual(sliced(batch.peers, lo, hi));
          rows.forEach((_, i) => {
            expect(Array.from(r.score[i])).toEqual(sliced(batch.score[i], lo, hi));
            expect(Array.from(r.anomaly[i])).toEqual(sliced(batch.anomaly[i], lo, hi));
            expect(r.outlierScore[i]).toBe(Math.max(0, ...sliced(batch.score[i], lo, hi).filter((x) => x === x)));
            expect(r.episodes[i]).toEqual(upTo(hi).episodes[i].filter((e) => e.end >= minute(lo)));
          });
        }
        // every step reached the detector exactly once (a window that failed still ran its new steps)
        expect(stream.processedTotal).toBe(steps);
        expect(processed).toBeLessThanOrEqual(steps);
      })
    );
  });

  it('a new time step costs the population detector one step, however long the window', () => {
    const run = jest.spyOn(PopulationDetector.prototype, 'run');
    try {
      const rows = Array.from({ length: 50 }, (_, i) =>
        Array.from({ length: 1441 }, (_, t) => 100 + ((i * 7 + t * 13) % 11))
      );
      const stream = new StreamingPeers();
      stream.update(emission(rows, 0, 1440));
      const stepsRun = () => run.mock.calls.reduce((n, [times]) => n + times.length, 0);
      expect(stepsRun()).toBe(1440);
      const next = stream.update(emission(rows, 1, 1441)); // the window slides by one minute
      expect(next.processed).toBe(1);
      expect(stepsRun()).toBe(1441);
      expect(run).toHaveBeenCalledTimes(2);
      // nothing new: nothing run
      stream.update(emission(rows, 1, 1441));
      expect(stepsRun()).toBe(1441);
    } finally {
      run.mockRestore();
    }
  });

  it("series with their own timestamps (gaps, windows that slide off old rows, both checks): the window equals the batch over the union of every row seen, at each series' rows", () => {
    const ragged = fc.integer({ min: 3, max: 6 }).chain((n) =>
      fc.integer({ min: 1, max: 40 }).chain((steps) =>
        fc.record({
          rows: fc.array(
            fc.array(fc.option(fc.integer({ min: -5, max: 30 }), { nil: undefined, freq: 4 }), {
              minLength: steps,
              maxLength: steps,
            }),
            { minLength: n, maxLength: n }
          ),
          cuts: fc.uniqueArray(fc.integer({ min: 1, max: steps }), { maxLength: 6 }),
          capacity: fc.integer({ min: 1, max: steps + 3 }),
          check: fc.constantFrom('ends' as const, 'all' as const),
        })
      )
    );
    /** Series i's rows in minutes lo..hi−1 (undefined = no row). */
    const rowsOf = (rows: Array<Array<number | undefined>>, lo: number, hi: number): PeerInput[] =>
      rows.map((r, i) => {
        const at = r.map((_, t) => t).filter((t) => t >= lo && t < hi && r[t] !== undefined);
        return { name: `s${i}`, times: at.map(minute), values: at.map((t) => r[t]!) };
      });
    fc.assert(
      fc.property(ragged, ({ rows, cuts, capacity, check }) => {
        const steps = rows[0].length;
        const params = { window: 4 };
        // the batch: the engine over the union axis of every row (an independent alignment)
        const whole = alignSeries(rowsOf(rows, 0, steps));
        const batch = createPopulation(rows.length, params).run(whole.times, whole.values);
        const stream = new StreamingPeers();
        let sent = 0;
        for (const hi of [...cuts.sort((a, b) => a - b).filter((c) => c < steps), steps]) {
          const lo = Math.min(sent, Math.max(0, hi - capacity));
          sent = hi;
          const emission = rowsOf(rows, lo, hi);
          let upd;
          try {
            upd = stream.update(emission, params, undefined, check);
          } catch (e) {
            expect(e).toBeInstanceOf(PeersError);
            continue;
          }
          expect(upd.restarted).toBe(false);
          const inWindow = Array.from(whole.times.keys()).filter(
            (t) => whole.times[t] >= minute(lo) && whole.times[t] < minute(hi)
          );
          const pick = (a: ArrayLike<number>) => inWindow.map((t) => a[t]);
          expect(Array.from(upd.aligned.times)).toEqual(pick(whole.times));
          expect(Array.from(upd.result.center)).toEqual(pick(batch.center));
          expect(Array.from(upd.result.high)).toEqual(pick(batch.high));
          expect(Array.from(upd.result.peers)).toEqual(pick(batch.peers));
          rows.forEach((_, i) => {
            expect(Array.from(upd.result.score[i])).toEqual(pick(batch.score[i]));
            // at the series' own rows, as the datasource writes them
            const own = Array.from(whole.times).filter((t) => (emission[i].times as number[]).includes(t));
            const batchAtRows = own.map((t) => batch.score[i][whole.times.indexOf(t)]);
            expect(Array.from(atRows(upd.aligned, i, upd.result.score[i]))).toEqual(batchAtRows);
          });
        }
        expect(stream.processedTotal).toBe(whole.times.length);
      })
    );
  });

  it('one new step reads O(series) input values, however long the window (counted reads, not timings)', () => {
    /** The input as arrays whose element reads are counted. */
    let reads = 0;
    const counted = (a: number[]) =>
      new Proxy(a, {
        get(target, prop, receiver) {
          if (typeof prop === 'string' && /^\d+$/.test(prop)) {
            reads++;
          }
          return Reflect.get(target, prop, receiver);
        },
      });
    const n = 40;
    const readsForOneStep = (window: number, check: 'ends' | 'all') => {
      const rows = Array.from({ length: n }, (_, i) => Array.from({ length: window + 1 }, (_, t) => (i * 7 + t) % 13));
      const at = (lo: number, hi: number): PeerInput[] =>
        rows.map((r, i) => ({
          name: `s${i}`,
          times: counted(Array.from({ length: hi - lo }, (_, t) => minute(lo + t))),
          values: counted(r.slice(lo, hi)),
        }));
      const stream = new StreamingPeers();
      stream.update(at(0, window), {}, undefined, check);
      reads = 0;
      const next = stream.update(at(1, window + 1), {}, undefined, check);
      expect(next).toMatchObject({ restarted: false, processed: 1 });
      return reads;
    };
    const day = readsForOneStep(1440, 'ends');
    expect(readsForOneStep(10_080, 'ends')).toBe(day);
    // the new row's time and value, the scan's stop, the first and last earlier row: a handful per series
    expect(day).toBeLessThanOrEqual(10 * n);
    // the check of every earlier row reads the window (the spy sees it)
    expect(readsForOneStep(1440, 'all')).toBeGreaterThan(2 * n * 1439);
  });

  it('starts again when the window does not continue the previous one: a changed value, a late row, other series, other settings', () => {
    const rows = Array.from({ length: 5 }, (_, i) => Array.from({ length: 40 }, (_, t) => 10 + ((i + t) % 4)));
    const stream = new StreamingPeers();
    stream.update(emission(rows, 0, 20));
    const changedLast = rows.map((r) => [...r]);
    changedLast[2][19] = 500; // the last value processed changed
    const a = stream.update(emission(changedLast, 0, 25));
    expect(a).toMatchObject({ restarted: true, processed: 25 });
    expect(a.result.score).toEqual(comparePeers(emission(changedLast, 0, 25)).result.score);
    // a late row: one series has a row more before the last time processed
    const late = emission(changedLast, 0, 26);
    const insert = <T>(a: ArrayLike<T>, at: number, x: T) => [
      ...Array.from(a).slice(0, at),
      x,
      ...Array.from(a).slice(at),
    ];
    late[1] = { ...late[1], times: insert(late[1].times, 10, minute(9.5)), values: insert(late[1].values, 10, 7) };
    expect(stream.update(late)).toMatchObject({ restarted: true, processed: 27 });
    // a value changed in the middle: not read by 'ends' (a live query's appending frames), found by 'all'
    const middle = changedLast.map((r) => [...r]);
    middle[3][5] = 900;
    const ends = new StreamingPeers();
    ends.update(emission(changedLast, 0, 20));
    expect(ends.update(emission(middle, 0, 21))).toMatchObject({ restarted: false, processed: 1 });
    const all = new StreamingPeers();
    all.update(emission(changedLast, 0, 20), {}, undefined, 'all');
    expect(all.update(emission(middle, 0, 21), {}, undefined, 'all')).toMatchObject({ restarted: true, processed: 21 });
    expect(all.update(emission(middle, 0, 22), {}, undefined, 'all')).toMatchObject({ restarted: false, processed: 1 });
    // other series, other settings
    expect(stream.update(emission(middle.slice(1), 0, 28))).toMatchObject({ restarted: true, processed: 28 });
    expect(stream.update(emission(middle.slice(1), 0, 29), { k: 4 })).toMatchObject({ restarted: true, processed: 29 });
    expect(stream.update(emission(middle.slice(1), 0, 30), { k: 4 })).toMatchObject({ restarted: false, processed: 1 });
  });
});
