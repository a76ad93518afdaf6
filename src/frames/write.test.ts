import {
  createDataFrame,
  createTheme,
  dataFrameFromJSON,
  dataFrameToJSON,
  FieldType,
  getDisplayProcessor,
  toDataFrame,
} from '@grafana/data';

import { bandTag, bandscopeMeta, EPISODE_FIELDS, EPISODES_FRAME_NAME, hasBands } from '../contract';
import { createDetector, defaultParams } from '../detect';
import { extractSeries } from './read';
import { buildBandFrame, buildEpisodesFrame } from './write';

const T0 = Date.UTC(2026, 0, 1);

describe('buildBandFrame', () => {
  // One labelled series with a unit: what the added fields must carry over.
  const frame = createDataFrame({
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: [T0, T0 + 1000, T0 + 2000] },
      { name: 'a', type: FieldType.number, values: [1, 2, 3], labels: { host: 'x' }, config: { unit: 'percent' } },
    ],
  });
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

  it('band fields handed out as typed views serialise as arrays (a dashboard snapshot, the inspector)', () => {
    const anomaly = Uint8Array.from(res.anomaly);
    const predicted = Float64Array.from(res.predicted, (v) => (v === v ? v : 0));
    const columns = { ...res, predicted, anomaly, gaps: { predicted: false } };
    const out = buildBandFrame(s, columns, { meta: { preset: 'ewma', params } });
    const field = (df: { fields: Array<{ name: string; values: unknown }> }, name: string) =>
      df.fields.find((f) => f.name === name)!.values;
    // handed out as they are: no copy per emission
    expect(field(out, 'predicted')).toBe(predicted);
    expect(field(out, 'anomaly')).toBe(anomaly);
    const back = dataFrameFromJSON(JSON.parse(JSON.stringify(dataFrameToJSON(out))));
    expect(field(back, 'predicted')).toEqual(Array.from(predicted));
    expect(field(back, 'anomaly')).toEqual(Array.from(anomaly));
    expect(back.length).toBe(3);
  });

  it('a forecast: future rows after the source rows at its step, band fields filled, marked by a last field', () => {
    const n = 300;
    const step = 60_000;
    const source = createDataFrame({
      name: 'cpu',
      refId: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: Array.from({ length: n }, (_, i) => T0 + i * step) },
        { name: 'v', type: FieldType.number, values: Array.from({ length: n }, (_, i) => 10 + Math.sin(i / 9)) },
      ],
    });
    const series = extractSeries([source], { sort: true }).series[0];
    const detector = createDetector('ewma', { warmup: 0 });
    const past = detector.run(series.times, series.values);
    const ahead = detector.forecast(3_600_000);
    const df = toDataFrame(
      buildBandFrame(series, past, {
        meta: { preset: 'ewma', params },
        forecast: { horizonMs: 3_600_000, points: ahead },
      })
    );
    const future = 60; // one hour at one-minute steps
    expect(df.length).toBe(n + future);
    expect(df.fields.map((f) => f.name)).toEqual([
      'time',
      'v',
      'predicted',
      'low',
      'high',
      'score',
      'anomaly',
      'forecast',
    ]);
    const col = (name: string) => df.fields.find((f) => f.name === name)!.values as Array<number | null>;
    expect(col('time').slice(n)).toEqual(Array.from({ length: future }, (_, h) => T0 + (n + h) * step));
    expect(col('v').slice(0, n)).toEqual(source.fields[1].values);
    expect(
      col('v')
        .slice(n)
        .every((v) => v === null)
    ).toBe(true);
    expect(
      col('score')
        .slice(n)
        .every((v) => v === null)
    ).toBe(true);
    expect(
      col('anomaly')
        .slice(n)
        .every((v) => v === null)
    ).toBe(true);
    expect(col('predicted').slice(n)).toEqual(Array.from(ahead.predicted));
    // the band widens with the horizon (forecast.ts)
    const width = col('high').map((h, i) => h! - col('low')[i]!);
    for (let i = n + 1; i < n + future; i++) {
      expect(width[i]).toBeGreaterThanOrEqual(width[i - 1] - 1e-9);
    }
    expect(width[n + future - 1]).toBeGreaterThan(width[n]);
    const mark = df.fields[7];
    expect(bandTag(mark)).toEqual({ role: 'forecast', source: 'v' });
    expect(mark.values).toEqual([...new Array(n).fill(0), ...new Array(future).fill(1)]);
    expect(mark.config.custom.hideFrom).toEqual({ legend: true, tooltip: false, viz: true });
    // Grafana's own tooltip shows the row as "forecast"
    const display = getDisplayProcessor({ field: mark, theme: createTheme() });
    expect(display(1).text).toBe('forecast');
    expect(display(0).text).toBe('observed');
    expect(bandscopeMeta(df)).toMatchObject({ forecast: { horizonMs: 3_600_000, from: T0 + (n - 1) * step } });
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
