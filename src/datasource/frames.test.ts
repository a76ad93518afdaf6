import { FieldType, createDataFrame, getFieldDisplayName, toDataFrame } from '@grafana/data';

import { bandTag, bandscopeMeta, EPISODE_FIELDS, EPISODES_FRAME_NAME, hasBands } from '../contract';
import { createDetector, defaultParams } from '../detect';
import { buildBandFrame, buildEpisodesFrame, extractSeries, toMillis, toNumber } from './frames';

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

describe('buildBandFrame', () => {
  const frame = wide();
  const s = extractSeries([frame], { sort: true }).series[0];
  const res = createDetector('ewma', { warmup: 0 }).run(s.times, s.values);
  const params = defaultParams('ewma');

  it('keeps the source fields and adds the contract fields with tags and Time series styling', () => {
    const out = buildBandFrame(s, res, { meta: { preset: 'ewma', params } });
    const df = toDataFrame(out);
    expect(df.fields.map((f) => f.name)).toEqual(['time', 'a', 'predicted', 'low', 'high', 'score', 'anomaly']);
    expect(df.fields[1]).toBe(frame.fields[1]);
    expect(hasBands(df)).toBe(true);
    expect(bandscopeMeta(df)).toMatchObject({ preset: 'ewma', params, series: s.name, refId: 'A' });
    const high = df.fields[4];
    const low = df.fields[3];
    expect(bandTag(high)).toEqual({ role: 'high', source: 'a' });
    expect(high.config.custom.fillBelowTo).toBe(low.config.displayNameFromDS);
    expect(low.labels).toEqual({ host: 'x' });
    expect(low.config.unit).toBe('percent');
    expect(high.config.color?.fixedColor).not.toBe(df.fields[2].config.color?.fixedColor);
    // no estimate → null, never NaN
    expect(df.fields[2].values.some((v: unknown) => typeof v === 'number' && Number.isNaN(v))).toBe(false);
  });

  it('adds only the selected outputs', () => {
    const out = buildBandFrame(s, res, {
      meta: { preset: 'ewma', params },
      outputs: { predicted: false, score: false },
    });
    expect(out.fields.map((f) => f.name)).toEqual(['time', 'a', 'low', 'high', 'anomaly']);
  });
});

describe('buildEpisodesFrame', () => {
  it('has the contract fields, sorted by start, with annotation title and text', () => {
    const ep = (start: number, peakScore: number) => ({
      start,
      end: start + 10,
      peakTime: start + 5,
      peakScore,
      severity: 'major' as const,
      points: 2,
      series: 'cpu',
    });
    const f = buildEpisodesFrame([ep(100, 60), ep(10, 55)], 'A');
    expect(f.name).toBe(EPISODES_FRAME_NAME);
    expect(f.fields.slice(0, EPISODE_FIELDS.length).map((x) => x.name)).toEqual([...EPISODE_FIELDS]);
    expect(f.fields[0].values).toEqual([10, 100]);
    expect(f.fields.find((x) => x.name === 'title')!.values[0]).toBe('cpu: major anomaly');
  });
});
