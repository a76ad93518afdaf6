import { createDataFrame, FieldType, toDataFrame } from '@grafana/data';

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
