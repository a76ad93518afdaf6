import { createDataFrame, FieldType, getFieldDisplayName } from '@grafana/data';
import fc from 'fast-check';

import { extractSeries, readNumbers, readTimes, toMillis, toNumber } from './read';

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
