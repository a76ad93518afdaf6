import { createTheme, FieldType, toDataFrame, type DataFrame } from '@grafana/data';

import { createDetector, defaultParams, POPULATION_DEFAULTS } from '../../detect';
import { comparePeers } from '../../frames/peers';
import { extractSeries } from '../../frames/read';
import { buildPeerFrame, buildPeersFrame } from '../../frames/write';
import { alignedData, buildConfig } from '../bands/config';
import { DEFAULT_OPTIONS } from '../types';
import { alignSeries, visibleRange } from './align';
import { decimate } from './decimate';
import { detectorParams, paramProblem, paramProblems } from './params';
import { framesToSeries } from './series';

function series(n: number, spikeEvery = 0) {
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    times.push(1_600_000_000_000 + i * 60_000);
    values.push(10 + Math.sin(i / 20) + (spikeEvery && i > 200 && i % spikeEvery === 0 ? 30 : 0));
  }
  return { times, values };
}

function frame(n: number, spikeEvery = 0, name = 'cpu'): DataFrame {
  const { times, values } = series(n, spikeEvery);
  return toDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: times },
      { name, type: FieldType.number, values },
    ],
  });
}

function datasourceFrame(n: number): DataFrame {
  const { times, values } = series(n, 97);
  const r = createDetector('ewma').run(times, values);
  const tag = (role: string) => ({ custom: { bandscope: { role, source: 'value' } } });
  return toDataFrame({
    meta: { custom: { bandscope: { preset: 'ewma', params: defaultParams('ewma') } } },
    fields: [
      { name: 'time', type: FieldType.time, values: times },
      { name: 'value', type: FieldType.number, values },
      { name: 'predicted', type: FieldType.number, values: Array.from(r.predicted), config: tag('predicted') },
      { name: 'low', type: FieldType.number, values: Array.from(r.low), config: tag('low') },
      { name: 'high', type: FieldType.number, values: Array.from(r.high), config: tag('high') },
      { name: 'score', type: FieldType.number, values: Array.from(r.score), config: tag('score') },
      { name: 'anomaly', type: FieldType.number, values: Array.from(r.anomaly), config: tag('anomaly') },
    ],
  });
}

/** A Bandscope datasource frame with a forecast (contract FORECAST_ROLE): `future` one-minute steps ahead. */
function forecastFrame(n: number, future: number): DataFrame {
  const { times, values } = series(n, 97);
  const detector = createDetector('ewma');
  const r = detector.run(times, values);
  const ahead = detector.forecast(future * 60_000);
  const nulls = new Array(future).fill(null);
  const tag = (role: string) => ({ custom: { bandscope: { role, source: 'value' } } });
  const band = (role: 'predicted' | 'low' | 'high') => ({
    name: role,
    type: FieldType.number,
    values: [...Array.from(r[role]), ...Array.from(ahead[role])],
    config: tag(role),
  });
  return toDataFrame({
    meta: { custom: { bandscope: { preset: 'ewma', params: defaultParams('ewma') } } },
    fields: [
      { name: 'time', type: FieldType.time, values: [...times, ...Array.from(ahead.times)] },
      { name: 'value', type: FieldType.number, values: [...values, ...nulls] },
      band('predicted'),
      band('low'),
      band('high'),
      { name: 'score', type: FieldType.number, values: [...Array.from(r.score), ...nulls], config: tag('score') },
      { name: 'anomaly', type: FieldType.number, values: [...Array.from(r.anomaly), ...nulls], config: tag('anomaly') },
      {
        name: 'forecast',
        type: FieldType.number,
        values: [...new Array(n).fill(0), ...new Array(future).fill(1)],
        config: tag('forecast'),
      },
    ],
  });
}

describe('framesToSeries', () => {
  it('computes bands in the panel for plain frames, equal to the detector', () => {
    const f = frame(2000, 97);
    const m = framesToSeries([f], { preset: 'ewma', k: 3 });
    expect(m.problems).toEqual([]);
    expect(m.series).toHaveLength(1);
    const s = m.series[0];
    expect(s.origin).toBe('panel');
    const { times, values } = series(2000, 97);
    const r = createDetector('ewma', { k: 3 }).run(times, values);
    expect(Array.from(s.high)).toEqual(Array.from(r.high));
    expect(s.anomalyCount).toBe(r.anomaly.reduce((a, b) => a + b, 0));
    expect(s.anomalyCount).toBeGreaterThan(0);
    expect(s.episodes.length).toBe(r.episodes.length);
  });

  it('a higher threshold flags fewer points', () => {
    const f = frame(3000, 53);
    const lo = framesToSeries([f], { preset: 'ewma', threshold: 5 }).series[0].anomalyCount;
    const hi = framesToSeries([f], { preset: 'ewma', threshold: 90 }).series[0].anomalyCount;
    expect(hi).toBeLessThan(lo);
  });

  it('reads Bandscope datasource fields as they are, without recomputing', () => {
    const f = datasourceFrame(1500);
    const m = framesToSeries([f], { preset: 'robust', k: 99 });
    expect(m.series).toHaveLength(1);
    const s = m.series[0];
    expect(s.origin).toBe('datasource');
    expect(s.preset).toBe('ewma');
    expect(Array.from(s.low)).toEqual(f.fields[3].values);
    expect(s.anomalyCount).toBe((f.fields[6].values as number[]).filter((v) => v === 1).length);
  });

  it('sorts unsorted times and reads nulls as gaps', () => {
    const f = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [3000, 1000, 2000, 4000] },
        { name: 'v', type: FieldType.number, values: [3, 1, null, 4] },
      ],
    });
    const s = framesToSeries([f], { preset: 'ewma' }).series[0];
    expect(Array.from(s.times)).toEqual([1000, 2000, 3000, 4000]);
    expect(Array.from(s.values)).toEqual([1, NaN, 3, 4]);
    expect(s.missing).toBe(1);
  });

  it('reads string, number and ISO times as the datasource does (one frame reader)', () => {
    const { times, values } = series(300, 37);
    const as = (t: unknown[]) =>
      toDataFrame({
        fields: [
          { name: 'time', type: FieldType.time, values: t },
          { name: 'cpu', type: FieldType.number, values },
        ],
      });
    const shapes = [times, times.map(String), times.map((t) => new Date(t).toISOString())];
    const opts = { preset: 'ewma' as const, warmup: 20 };
    const panel = shapes.map((t) => framesToSeries([as(t)], opts).series[0]);
    const datasource = shapes.map((t) => extractSeries([as(t)], { sort: true }).series[0]);
    for (let i = 0; i < shapes.length; i++) {
      // ISO strings were NaN to the panel before (Number('2020-…') is NaN): no point survived.
      expect(Array.from(panel[i].times)).toEqual(times);
      expect(Array.from(datasource[i].times)).toEqual(times);
      expect(Array.from(panel[i].score)).toEqual(Array.from(panel[0].score));
    }
    expect(panel[0].anomalyCount).toBeGreaterThan(0);
  });

  it('names problems: empty frame, no time, text field, single point, no frames', () => {
    const empty = toDataFrame({ name: 'E', fields: [] });
    const noTime = toDataFrame({ name: 'N', fields: [{ name: 'v', type: FieldType.number, values: [1, 2] }] });
    const text = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 2] },
        { name: 'host', type: FieldType.string, values: ['a', 'b'] },
      ],
    });
    const single = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1] },
        { name: 'v', type: FieldType.number, values: [1] },
      ],
    });
    const m = framesToSeries([empty, noTime, text, single], { preset: 'ewma' });
    expect(m.series).toEqual([]);
    expect(m.problems.map((p) => p.kind)).toEqual(['empty-frame', 'no-time', 'text-field', 'single-point']);
    expect(m.problems[2].message).toBe('Field "host" is text; Bandscope needs numbers.');
    expect(framesToSeries([], { preset: 'ewma' }).problems[0].kind).toBe('no-data');
  });

  it('invalid options: no bands, one message per parameter from validateParams', () => {
    const m = framesToSeries([frame(100)], { preset: 'ewma', alpha: 2, k: -1 });
    expect(m.series).toEqual([]);
    expect(m.paramProblems.map((p) => p.param)).toEqual(['alpha', 'k']);
    expect(m.paramProblems[0].message).toMatch(/alpha must be in \(0, 1\]/);
  });

  it('a percentage field gets no band beyond 0–100 (its unit); the score is the same', () => {
    // Utilisation near its ceiling: the band's upper half would reach past 100 %.
    const times = Array.from({ length: 600 }, (_, i) => i * 60_000);
    const values = times.map((_, i) => 97 + 3 * Math.sin(i / 7) * Math.sin(i / 31));
    const field = (unit?: string) =>
      toDataFrame({
        fields: [
          { name: 'time', type: FieldType.time, values: times },
          { name: 'cpu', type: FieldType.number, values, config: { unit } },
        ],
      });
    const plain = framesToSeries([field()], { preset: 'ewma' }).series[0];
    const percent = framesToSeries([field('percent')], { preset: 'ewma' }).series[0];
    expect(Math.max(...plain.high.filter((h) => h === h))).toBeGreaterThan(100); // else this proves nothing
    expect(Math.max(...percent.high.filter((h) => h === h))).toBe(100);
    expect(Array.from(percent.score)).toEqual(Array.from(plain.score));
    const ratio = framesToSeries([field('percentunit')], { preset: 'ewma' }).series[0];
    expect(Math.max(...ratio.high.filter((h) => h === h))).toBe(1);
  });

  it('invalid options do not stop datasource bands', () => {
    const m = framesToSeries([datasourceFrame(300)], { preset: 'ewma', alpha: 2 });
    expect(m.series).toHaveLength(1);
    expect(m.paramProblems).toEqual([]);
  });
  it("the datasource's peer fields and cluster-range frame are not drawn as series of their own", () => {
    const source = toDataFrame({
      refId: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: series(50).times },
        ...['a', 'b', 'c'].map((name, i) => ({
          name,
          type: FieldType.number,
          values: series(50).values.map((v) => v + i),
        })),
      ],
    });
    const input = extractSeries([source], { sort: true }).series;
    const { aligned, result } = comparePeers(input);
    const meta = { params: POPULATION_DEFAULTS, series: 3, refId: 'A' };
    const frames = [
      ...input.map((s, i) => buildPeerFrame(s, { peerScore: result.score[i], peerOutlier: result.anomaly[i] }, meta)),
      buildPeersFrame(
        aligned.times,
        { peerCenter: result.center, peerLow: result.low, peerHigh: result.high, peerCount: result.peers },
        meta
      ),
    ];
    const model = framesToSeries(frames, DEFAULT_OPTIONS);
    expect(model.problems).toEqual([]);
    expect(model.series.map((s) => s.name)).toEqual(['a', 'b', 'c']);
  });
});

describe('params', () => {
  it('undefined/empty mean the preset default', () => {
    expect(detectorParams({ preset: 'ewma', k: 3, alpha: undefined })).toEqual({ k: 3 });
    expect(paramProblems({ preset: 'ewma' })).toEqual([]);
    expect(paramProblem('ewma', 'window', 1.5)).toMatch(/integer/);
    expect(paramProblem('ewma', 'window', undefined)).toBeUndefined();
  });
});

describe('decimate', () => {
  const n = 200_000;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  const anomaly = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    times[i] = i * 1000;
    values[i] = Math.sin(i / 500) + (i % 1234 === 0 ? 5 : 0);
    anomaly[i] = i % 1234 === 0 ? 1 : 0;
  }
  values[5000] = NaN;

  it('keeps every anomaly, the extremes per column and a gap; ascending, unique', () => {
    const idx = decimate({ times, values, anomaly }, 0, times[n - 1], 800);
    expect(idx.length).toBeLessThan(800 * 7 + 200);
    for (let i = 1; i < idx.length; i++) {
      expect(idx[i]).toBeGreaterThan(idx[i - 1]);
    }
    const kept = new Set(idx);
    for (let i = 0; i < n; i++) {
      if (anomaly[i]) {
        expect(kept.has(i)).toBe(true);
      }
    }
    expect(kept.has(5000)).toBe(true);
    let max = -Infinity;
    let maxAt = -1;
    for (let i = 0; i < n; i++) {
      if (values[i] > max) {
        max = values[i];
        maxAt = i;
      }
    }
    expect(kept.has(maxAt)).toBe(true);
  });

  it('keeps all anomalies even when they outnumber the columns', () => {
    const all = new Uint8Array(n).fill(1);
    expect(decimate({ times, values, anomaly: all }, 0, times[n - 1], 100)).toHaveLength(n);
  });

  it('random irregular series: ascending unique, every anomaly, the extremes, a gap, first and last', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 20; round++) {
      const m = 5000 + Math.floor(rand() * 20000);
      const t = new Float64Array(m);
      const v = new Float64Array(m);
      const lo = new Float64Array(m);
      const hi = new Float64Array(m);
      const an = new Uint8Array(m);
      let time = 0;
      for (let i = 0; i < m; i++) {
        time += rand() < 0.1 ? 0 : Math.floor(rand() * 5000); // duplicates and uneven steps
        t[i] = time;
        v[i] = rand() < 0.01 ? NaN : rand() * 100;
        lo[i] = v[i] - 5;
        hi[i] = v[i] + 5;
        an[i] = rand() < 0.02 ? 1 : 0;
      }
      const cols = 50 + Math.floor(rand() * 500);
      const idx = decimate({ times: t, values: v, low: lo, high: hi, anomaly: an }, t[0], t[m - 1], cols);
      const kept = new Set(idx);
      for (let i = 1; i < idx.length; i++) {
        expect(idx[i]).toBeGreaterThan(idx[i - 1]);
      }
      expect(kept.has(0) && kept.has(m - 1)).toBe(true);
      let min = 0;
      let max = 0;
      for (let i = 0; i < m; i++) {
        if (an[i]) {
          expect(kept.has(i)).toBe(true);
        }
        if (!(v[min] <= v[i])) {
          min = v[i] === v[i] ? i : min;
        }
        if (!(v[max] >= v[i])) {
          max = v[i] === v[i] ? i : max;
        }
      }
      expect(v[idx.find((i) => v[i] === v[min])!]).toBe(v[min]);
      expect(v[idx.find((i) => v[i] === v[max])!]).toBe(v[max]);
      expect(Array.from(idx).some((i) => Number.isNaN(v[i]))).toBe(Array.from(v).some((x) => Number.isNaN(x)));
    }
  });

  it('leaves small series alone', () => {
    expect(Array.from(decimate({ times: times.subarray(0, 10), values }, 0, 9000, 800))).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });
});

describe('alignSeries', () => {
  it('shares one x for series with the same times; markers = anomalies; nulls for gaps', () => {
    const f = frame(50_000, 97);
    const g = frame(50_000, 101, 'mem');
    const m = framesToSeries([f, g], { preset: 'ewma', k: 3 });
    const d = alignSeries(m.series, 600)!;
    expect(d.x.length).toBeLessThan(2 * 600 * 7);
    expect(d.columns[0].markers).toHaveLength(m.series[0].anomalyCount);
    expect(d.columns[1].markers).toHaveLength(m.series[1].anomalyCount);
    for (const p of d.columns[0].markers) {
      const i = d.columns[0].index[p];
      expect(d.x[p]).toBe(m.series[0].times[i]);
      expect(d.columns[0].value[p]).toBe(m.series[0].values[i]);
    }
  });

  it('band exits that are not anomalies are kept apart, drawn quietly (exits)', () => {
    const m = framesToSeries([frame(5000, 97)], { preset: 'ewma', k: 1 });
    const s = m.series[0];
    const d = alignSeries(m.series, 10_000)!; // no decimation: every point drawn
    let exits = 0;
    for (let i = 0; i < s.times.length; i++) {
      exits += s.anomaly[i] === 0 && (s.values[i] < s.low[i] || s.values[i] > s.high[i]) ? 1 : 0;
    }
    expect(exits).toBeGreaterThan(s.anomalyCount); // k = 1: many exits, few detections
    expect(d.columns[0].exits).toHaveLength(exits);
    expect(d.columns[0].markers).toHaveLength(s.anomalyCount);
    expect(d.columns[0].exits.some((p) => d.columns[0].markers.includes(p))).toBe(false);
  });

  it('merges different timestamps with undefined holes', () => {
    const a = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [0, 2, 4] },
        { name: 'a', type: FieldType.number, values: [1, 2, 3] },
      ],
    });
    const b = toDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [1, 3] },
        { name: 'b', type: FieldType.number, values: [5, null] },
      ],
    });
    const d = alignSeries(framesToSeries([a, b], { preset: 'ewma' }).series, 100)!;
    expect(d.x).toEqual([0, 1, 2, 3, 4]);
    expect(d.columns[1].value).toEqual([undefined, 5, undefined, null, undefined]);
  });

  it('a zoomed range narrows the drawn data', () => {
    const m = framesToSeries([frame(1000)], { preset: 'ewma' });
    const t = m.series[0].times;
    expect(visibleRange(m.series, { from: t[100], to: t[200] })).toEqual({ from: t[100], to: t[200] });
    expect(visibleRange(m.series, { from: 0, to: 1 })).toEqual({ from: t[0], to: t[999] });
    expect(visibleRange(m.series, { from: t[900], to: t[999] + 3_600_000 })).toEqual({
      from: t[900],
      to: t[999] + 3_600_000,
    });
    const d = alignSeries(m.series, 1000, { from: t[100], to: t[200] })!;
    expect(d.x[0]).toBe(t[99]);
    expect(d.x[d.x.length - 1]).toBe(t[201]);
  });
});

describe('forecast', () => {
  const n = 1000;
  const future = 120;
  const m = framesToSeries([forecastFrame(n, future)], { preset: 'ewma' });
  const s = m.series[0];
  const now = s.times[n - 1];

  it('reads the forecast rows: where they start, not counted as gaps or anomalies', () => {
    expect(m.problems).toEqual([]);
    expect(s.times.length).toBe(n + future);
    expect(s.forecastFrom).toBe(n);
    expect(s.missing).toBe(0);
    const observed = framesToSeries([datasourceFrame(n)], { preset: 'ewma' }).series[0];
    expect(s.anomalyCount).toBe(observed.anomalyCount);
    expect(framesToSeries([datasourceFrame(n)], { preset: 'ewma' }).series[0].forecastFrom).toBe(n);
  });

  it('a range that ends at "now" extends to the horizon; one that ends earlier does not', () => {
    const last = s.times[n + future - 1];
    expect(visibleRange(m.series, { from: s.times[0], to: now })).toEqual({ from: s.times[0], to: last });
    expect(visibleRange(m.series, { from: s.times[0], to: now + 30_000 })).toEqual({ from: s.times[0], to: last });
    expect(visibleRange(m.series, { from: s.times[0], to: s.times[500] })).toEqual({
      from: s.times[0],
      to: s.times[500],
    });
  });

  it('the chart splits the prediction at "now": the forecast line starts at the last observed point', () => {
    const d = alignSeries(m.series, 2000, { from: s.times[0], to: now })!;
    expect(d.now).toBe(now);
    expect(d.to).toBe(s.times[n + future - 1]);
    const c = d.columns[0];
    const band = c.band!;
    const at = Array.from(d.x).indexOf(now);
    const predicted = Array.from(band.predicted);
    expect(band.forecast![at]).toBe(s.predicted[n - 1]);
    expect(predicted[at]).toBe(s.predicted[n - 1]);
    expect(band.forecast!.slice(0, at).every((v) => v === null)).toBe(true);
    expect(predicted.slice(at + 1).every((v) => v === null)).toBe(true);
    expect(band.forecast!.slice(at + 1)).toEqual(Array.from(s.predicted.subarray(n)));
    expect(
      Array.from(c.value)
        .slice(at + 1)
        .every((v) => v === null)
    ).toBe(true);
    expect(Array.from(band.high).slice(at + 1)).toEqual(Array.from(s.high.subarray(n)));
    // without a forecast, no split
    expect(alignSeries(framesToSeries([frame(n)], { preset: 'ewma' }).series, 2000)!.now).toBeUndefined();
  });

  it('uPlot gets a fifth series per column for the forecast: dashed, drawn even without the past prediction', () => {
    const d = alignSeries(m.series, 2000, { from: s.times[0], to: now })!;
    const draw = { ...DEFAULT_OPTIONS, showPrediction: false };
    const config = buildConfig(d, ['#3274d9'], createTheme(), 'utc', draw, {}).getConfig();
    expect(config.series).toHaveLength(1 + 5);
    expect(config.series[2].width).toBe(0); // the past prediction, off
    expect(config.series[5]).toMatchObject({ width: 1.5, dash: [8, 5], stroke: '#3274d9' });
    expect(alignedData(d)[5]).toBe(d.columns[0].band!.forecast);
    expect(config.bands![0].series).toEqual([3, 4]);
    const plain = alignSeries(framesToSeries([frame(n)], { preset: 'ewma' }).series, 2000)!;
    expect(buildConfig(plain, ['#3274d9'], createTheme(), 'utc', draw, {}).getConfig().series).toHaveLength(1 + 4);
  });
});
