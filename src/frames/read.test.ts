import { createDataFrame, FieldType, getFieldDisplayName } from '@grafana/data';
import fc from 'fast-check';

import { readCounter } from '../../tests/reads';
import { extractSeries, LiveReader, readNumbers, readTimes, toMillis, toNumber } from './read';

const T0 = Date.UTC(2026, 0, 1);
const wide = () =>
  createDataFrame({
    name: 'cpu',
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: [T0, T0 + 1000, T0 + 2000] },
      { name: 'a', type: FieldType.number, values: [1, 2, 3], labels: { host: 'x' }, config: { unit: 'percent' } },
      { name: 'b', type: FieldType.number, values: [4, 5, 6], config: { displayName: 'Bee' } },
    ],
  });

describe('extractSeries', () => {
  it('splits a wide frame into one series per number field, keeping fields untouched', () => {
    const frame = wide();
    const { series, passthrough } = extractSeries([frame], { sort: true });
    expect(passthrough).toEqual([]);
    expect(series.map((s) => s.name)).toEqual([getFieldDisplayName(frame.fields[1], frame, [frame]), 'Bee']);
    expect(series[0].valueField).toBe(frame.fields[1]);
    expect(series[0].timeField).toBe(frame.fields[0]);
    expect(Array.from(series[1].values)).toEqual([4, 5, 6]);
    expect(series[0].key).not.toEqual(series[1].key);
  });

  it('splits a long frame by its string columns into labelled series', () => {
    const frame = createDataFrame({
      refId: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: [T0, T0, T0 + 1000, T0 + 1000] },
        { name: 'host', type: FieldType.string, values: ['a', 'b', 'a', 'b'] },
        { name: 'value', type: FieldType.number, values: [1, 10, 2, 20] },
      ],
    });
    const { series } = extractSeries([frame], { sort: true });
    expect(series).toHaveLength(2);
    expect(series.map((s) => s.valueField.labels)).toEqual([{ host: 'a' }, { host: 'b' }]);
    expect(series.map((s) => Array.from(s.values))).toEqual([
      [1, 2],
      [10, 20],
    ]);
    expect(series[1].timeField.values).toEqual([T0, T0 + 1000]);
  });

  it('sorts out-of-order rows stably and says so; keeps arrival order when asked', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [3, 1, 2, 1] },
        { name: 'v', type: FieldType.number, values: [30, 10, 20, 11] },
      ],
    });
    const sorted = extractSeries([frame], { sort: true }).series[0];
    expect(Array.from(sorted.times)).toEqual([1, 1, 2, 3]);
    expect(Array.from(sorted.values)).toEqual([10, 11, 20, 30]);
    expect(sorted.valueField.values).toEqual([10, 11, 20, 30]);
    expect(sorted.notices.map((n) => n.text).join()).toMatch(/sorted/);
    const arrival = extractSeries([frame], { sort: false }).series[0];
    expect(Array.from(arrival.values)).toEqual([30, 10, 20, 11]);
    expect(arrival.notices.map((n) => n.text).join()).toMatch(/arrival order/);
  });

  it('treats null, NaN and text values as missing, with notices', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 2, 3, 4, 5] },
        { name: 'v', type: FieldType.number, values: [1, null, NaN, 'oops', '7'] },
      ],
    });
    const s = extractSeries([frame], { sort: true }).series[0];
    expect(Array.from(s.values)).toEqual([1, NaN, NaN, NaN, 7]);
    const text = s.notices.map((n) => n.text).join(' ');
    expect(text).toMatch(/2 point\(s\) have no value/);
    expect(text).toMatch(/1 value\(s\) are text/);
  });

  it('drops rows without a timestamp', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1, null, 3] },
        { name: 'v', type: FieldType.number, values: [1, 2, 3] },
      ],
    });
    const s = extractSeries([frame], { sort: true }).series[0];
    expect(Array.from(s.times)).toEqual([1, 3]);
    expect(s.valueField.values).toEqual([1, 3]);
  });

  it('passes frames without time or numbers through with a reason', () => {
    const logs = createDataFrame({ name: 'logs', fields: [{ name: 'Line', type: FieldType.string, values: ['a'] }] });
    const text = createDataFrame({
      name: 'text',
      fields: [
        { name: 'time', type: FieldType.time, values: [1] },
        { name: 'v', type: FieldType.string, values: ['12'] },
      ],
    });
    const { series, passthrough } = extractSeries([logs, text], { sort: true });
    expect(series).toEqual([]);
    expect(passthrough[0].meta?.notices?.[0].text).toMatch(/no time field/);
    expect(passthrough[1].meta?.notices?.[0].text).toMatch(/"v" hold text/);
  });

  it('makes display names unique across queries', () => {
    const a = { ...wide(), refId: 'A' };
    const b = { ...wide(), refId: 'B' };
    const names = extractSeries([a, b], { sort: true }).series.map((s) => s.name);
    expect(new Set(names).size).toBe(4);
  });
});

describe('time and number conversion', () => {
  it('reads times and numbers from common shapes', () => {
    expect(toMillis(5)).toBe(5);
    expect(toMillis('2026-01-01T00:00:00Z')).toBe(T0);
    expect(toMillis(new Date(T0))).toBe(T0);
    expect(toMillis(null)).toBeNaN();
    expect(toNumber('3.5')).toBe(3.5);
    expect(toNumber(null)).toBeNaN();
    expect(toNumber('')).toBeNaN();
  });
});

describe('readTimes / readNumbers (both adapters read frames through them)', () => {
  const ms = [T0 + 2000, T0, T0 + 1000];
  it('reads epoch numbers, numeric strings, ISO strings and Dates alike', () => {
    const shapes: unknown[][] = [
      ms,
      ms.map(String),
      ms.map((t) => new Date(t).toISOString()),
      ms.map((t) => new Date(t)),
      ms.map((t) => ({ valueOf: () => t })), // DateTime-like
    ];
    for (const shape of shapes) {
      const r = readTimes(shape, true);
      expect(Array.from(r.times)).toEqual([T0, T0 + 1000, T0 + 2000]);
      expect(Array.from(r.rows!)).toEqual([1, 2, 0]);
      expect(r).toMatchObject({ dropped: 0, unsorted: true });
    }
  });

  it('drops rows without a finite time; sorts stably, or keeps arrival order when not asked to sort', () => {
    const entry = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(null), fc.constant('soon'), fc.constant(NaN));
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), fc.boolean(), (raw, sort) => {
        const r = readTimes(raw, sort);
        const valid = raw.flatMap((t, i) => (typeof t === 'number' && Number.isFinite(t) ? [i] : []));
        const rows = r.rows ? Array.from(r.rows) : raw.map((_, i) => i);
        expect(r.dropped).toBe(raw.length - valid.length);
        expect(rows.slice().sort((a, b) => a - b)).toEqual(valid);
        expect(Array.from(r.times)).toEqual(rows.map((i) => raw[i]));
        const expected = sort ? valid.slice().sort((a, b) => (raw[a] as number) - (raw[b] as number) || a - b) : valid;
        expect(rows).toEqual(expected);
        const inOrder = valid.every((i, j) => j === 0 || (raw[i] as number) >= (raw[valid[j - 1]] as number));
        expect(r.unsorted).toBe(!inOrder);
      })
    );
  });

  it('reads values for the chosen rows; missing and text are NaN', () => {
    expect(Array.from(readNumbers([1, '2', null, 'x', true], null, 5))).toEqual([1, 2, NaN, NaN, 1]);
    expect(Array.from(readNumbers([10, 20, 30], Uint32Array.from([2, 0]), 2))).toEqual([30, 10]);
    expect(Array.from(readNumbers(Float64Array.from([1, 2, 3]), null, 2))).toEqual([1, 2]);
  });
});

describe('LiveReader (a live query reads only the new rows of a continuing window)', () => {
  type Cell = number | string | null;
  /** A wide frame of the stream's rows [lo, hi): two numeric fields, times as numbers or ISO strings. */
  const frameOf = (t: number[], a: Cell[], b: Cell[], lo: number, hi: number, iso: boolean) =>
    createDataFrame({
      name: 'live',
      refId: 'A',
      fields: [
        {
          name: 'time',
          type: FieldType.time,
          values: t.slice(lo, hi).map((x) => (iso ? new Date(x).toISOString() : x)),
        },
        { name: 'a', type: FieldType.number, values: a.slice(lo, hi) },
        { name: 'b', type: FieldType.number, values: b.slice(lo, hi), labels: { pod: 'x' } },
      ],
    });
  const cell = fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
    fc.constant(null),
    fc.constant('oops'),
    fc.constant('7')
  );
  const plain = (s: ReturnType<typeof extractSeries>['series'][number]) => ({
    key: s.key,
    name: s.name,
    times: Array.from(s.times),
    values: Array.from(s.values),
    notices: s.notices,
    timeField: s.timeField,
    valueField: s.valueField,
  });

  it('gives what a whole read gives, for any emission cuts, repeated times, gaps, text and restarts', () => {
    const streams = fc.record({
      rows: fc.array(fc.record({ dt: fc.constantFrom(0, 1000, 1000, 60_000), a: cell, b: cell }), {
        minLength: 1,
        maxLength: 80,
      }),
      // a cut: rows added and dropped; `back`: the window jumps back (not a continuation: read whole)
      cuts: fc.array(fc.record({ grow: fc.nat(12), slide: fc.nat(12), back: fc.nat(9) }), { maxLength: 12 }),
      iso: fc.boolean(),
    });
    fc.assert(
      fc.property(streams, ({ rows, cuts, iso }) => {
        const t: number[] = [];
        rows.forEach((r, i) => t.push(i === 0 ? T0 : t[i - 1] + r.dt));
        const a = rows.map((r) => r.a);
        const b = rows.map((r) => r.b);
        const live = new LiveReader();
        let [lo, hi] = [0, Math.min(rows.length, 5)];
        const windows: Array<[number, number]> = [[lo, hi]];
        for (const c of cuts) {
          hi = Math.min(rows.length, hi + c.grow);
          lo = c.back === 0 ? 0 : Math.min(lo + c.slide, hi);
          while (lo > 0 && t[lo - 1] === t[lo]) {
            lo--; // a window starts at the first row of its time (else ambiguous: see KeptRows.read)
          }
          windows.push([lo, hi]);
        }
        for (const [l, h] of windows) {
          const frames = [frameOf(t, a, b, l, h, iso)];
          const whole = extractSeries(frames, { sort: true }).series.map(plain);
          const read = extractSeries(frames, { sort: true, live }).series.map(plain);
          expect(read).toEqual(whole);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('reads the new rows of a continuing window and its ends, not the rest: the same for a day and a week', () => {
    const reads = (window: number) => {
      const t = Array.from({ length: window + 10 }, (_, i) => T0 + i * 60_000);
      const v = t.map((_, i) => Math.sin(i / 50));
      const { counted, take } = readCounter();
      const live = new LiveReader();
      const frame = (lo: number) =>
        createDataFrame({
          fields: [
            { name: 'time', type: FieldType.time, values: counted(t.slice(lo, lo + window)) },
            { name: 'v', type: FieldType.number, values: counted(v.slice(lo, lo + window)) },
          ],
        });
      extractSeries([frame(0)], { sort: true, live });
      take();
      for (let lo = 1; lo <= 10; lo++) {
        const [s] = extractSeries([frame(lo)], { sort: true, live }).series;
        expect(Array.from(s.values.subarray(-2))).toEqual(v.slice(lo + window - 2, lo + window));
        expect(s.times[0]).toBe(t[lo]);
      }
      expect(live.wholeReads).toBe(1);
      return take() / 10;
    };
    const day = reads(1440);
    expect(day).toBe(reads(10_080));
    expect(day).toBeLessThanOrEqual(10);
  });

  it('reads a window whole when it does not continue: another last value, rows appended at the last time', () => {
    const live = new LiveReader();
    const at = (times: number[], values: number[]) =>
      extractSeries(
        [
          createDataFrame({
            fields: [
              { name: 'time', type: FieldType.time, values: times },
              { name: 'v', type: FieldType.number, values },
            ],
          }),
        ],
        { sort: true, live }
      ).series[0];
    at([1, 2, 3], [10, 20, 30]);
    expect(Array.from(at([2, 3, 4], [20, 30, 40]).values)).toEqual([20, 30, 40]);
    expect(live.wholeReads).toBe(1);
    expect(Array.from(at([2, 3, 4], [20, 30, 41]).values)).toEqual([20, 30, 41]); // the last kept value changed
    expect(live.wholeReads).toBe(2);
    expect(Array.from(at([3, 4, 4, 5], [30, 41, 41, 50]).values)).toEqual([30, 41, 41, 50]); // a row appended at 4
    expect(live.wholeReads).toBe(3);
    expect(Array.from(at([4, 4, 5, 3], [41, 41, 50, 30]).times)).toEqual([3, 4, 4, 5]); // out of order: sorted
    expect(live.wholeReads).toBe(4);
  });
});
