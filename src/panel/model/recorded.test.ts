// Recorded bands drawn without a detector: frames shaped as Grafana's Prometheus datasource returns a range query
// (one frame per series, Time + a value field carrying the series' labels, __name__ included).
import { readFileSync } from 'fs';
import * as path from 'path';

import { createDataFrame, type DataFrame, FieldType, type Labels } from '@grafana/data';

import { parseCsv } from '../../../bin/commands/detect';
import { createDetector } from '../../detect';
import { scoreOf } from '../../detect/severity';
import { recordName } from '../../rules/rules';
import { framesToSeries } from './series';

/** One series as a frame; `valueName` 'Value' is the older Prometheus datasource's field name, else the metric's. */
function promFrame(labels: Labels, times: number[], values: number[], valueName = labels.__name__ ?? 'Value') {
  return createDataFrame({
    meta: { type: 'timeseries-multi' as never },
    fields: [
      { name: 'Time', type: FieldType.time, values: times },
      { name: valueName, type: FieldType.number, labels, values, config: { displayNameFromDS: valueName } },
    ],
  });
}

/** Only the times where the value is a number: Prometheus returns no point where a rule recorded nothing. */
function recorded(labels: Labels, times: number[], values: ArrayLike<number>, valueName?: string) {
  const keep = times.map((_, i) => i).filter((i) => !Number.isNaN(values[i]));
  return promFrame(
    labels,
    keep.map((i) => times[i]),
    keep.map((i) => values[i]),
    valueName
  );
}

const table = parseCsv(
  readFileSync(path.resolve(__dirname, '../../../tests/fixtures/prometheus/art_daily_jumpsup.csv'), 'utf8')
);
const times = Array.from(table.times);
const values = Array.from(table.values);
const WINDOW = { k: 3, range: 6 * 3_600_000, interval: 300_000, warmup: 6, rangeStart: 'inclusive' as const };
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).map((x, i) => Object.is(x, b[i]));

describe('recorded bands (bandscope rules)', () => {
  const band = createDetector('window', WINDOW).run(times, values);
  const labels = { file: 'art_daily_jumpsup', job: 'nab' };
  const bandFrames = (['predicted', 'low', 'high', 'score'] as const).map((s) =>
    recorded({ __name__: recordName('jumpsup', s), ...labels }, times, band[s])
  );

  it.each(['metric name', 'Value'])(
    'pairs bandscope:NAME:* with the series of the same labels and draws the recorded numbers (value field named by %s)',
    (naming) => {
      const source = promFrame(
        { __name__: 'nab_value', ...labels },
        times,
        values,
        naming === 'Value' ? 'Value' : undefined
      );
      const other = promFrame(
        { __name__: 'nab_value', file: 'other', job: 'nab' },
        times,
        values.map((v) => v * 2)
      );
      // invalid panel options: a detector would refuse them, so a band drawn proves none ran for the paired series
      const model = framesToSeries([...bandFrames, other, source], { preset: 'window', k: -1 });
      expect(model.problems).toEqual([]);
      const drawn = model.series.find((s) => s.origin === 'recorded')!;
      expect(model.series.map((s) => s.origin)).toEqual(['recorded']); // `other` needs the invalid options
      expect(model.paramProblems.map((p) => p.param)).toEqual(['k']);
      expect(drawn.preset).toBe('bandscope:jumpsup');
      expect(Array.from(drawn.times)).toEqual(times);
      expect(Array.from(drawn.values)).toEqual(values);
      for (const s of ['predicted', 'low', 'high', 'score'] as const) {
        expect(same(drawn[s], band[s]).every(Boolean)).toBe(true);
      }
      expect(band.predicted.some(Number.isNaN)).toBe(true); // warm-up: nothing recorded, nothing drawn
      // the alert's condition at the rule preset's default threshold, 50
      expect(Array.from(drawn.anomaly)).toEqual(Array.from(band.score, (s) => (s >= 50 ? 1 : 0)));
      expect(drawn.anomalyCount).toBeGreaterThan(0);
      expect(drawn.episodes.length).toBeGreaterThan(0);
    }
  );

  it('flags at the panel threshold', () => {
    const source = promFrame({ __name__: 'nab_value', ...labels }, times, values);
    const at = (threshold: number) =>
      framesToSeries([source, ...bandFrames], { preset: 'window', threshold }).series[0];
    const strict = at(90);
    const loose = at(10);
    expect(strict.anomalyCount).toBe(Array.from(band.score).filter((s) => s >= 90).length);
    expect(loose.anomalyCount).toBe(Array.from(band.score).filter((s) => s >= 10).length);
    expect(loose.anomalyCount).toBeGreaterThan(strict.anomalyCount);
  });

  it('beside the Bandscope datasource’s own frame for the same series: both drawn, each with its band', () => {
    const source = promFrame({ __name__: 'nab_value', ...labels }, times, values);
    const tag = (role: string) => ({ custom: { bandscope: { role, source: 'nab_value' } } });
    const computed = createDataFrame({
      meta: { custom: { bandscope: { preset: 'window', params: {} } } },
      fields: [
        { name: 'Time', type: FieldType.time, values: times },
        { name: 'nab_value', type: FieldType.number, labels: { __name__: 'nab_value', ...labels }, values },
        ...(['predicted', 'low', 'high', 'score', 'anomaly'] as const).map((role) => ({
          name: role,
          type: FieldType.number,
          values: Array.from(band[role]),
          config: tag(role),
        })),
      ],
    });
    const model = framesToSeries([computed, source, ...bandFrames], { preset: 'ewma' });
    expect(model.problems).toEqual([]);
    expect(model.series.map((s) => s.origin)).toEqual(['datasource', 'recorded']);
    expect(same(model.series[0].high, model.series[1].high).every(Boolean)).toBe(true);
  });

  it('pairs each recorded band with its own source when several series are queried', () => {
    const a = { file: 'a' };
    const b = { file: 'b' };
    const t = [0, 60_000, 120_000];
    const frames = [
      promFrame({ __name__: 'm', ...a }, t, [1, 2, 3]),
      promFrame({ __name__: 'm', ...b }, t, [10, 20, 30]),
      promFrame({ __name__: recordName('x', 'high'), ...b }, t, [25, 25, 25]),
      promFrame({ __name__: recordName('x', 'low'), ...b }, t, [15, 15, 15]),
      promFrame({ __name__: recordName('x', 'high'), ...a }, t, [2.5, 2.5, 2.5]),
      promFrame({ __name__: recordName('x', 'low'), ...a }, t, [1.5, 1.5, 1.5]),
    ];
    const model = framesToSeries(frames, { preset: 'ewma' });
    const byName = Object.fromEntries(model.series.map((s) => [s.field.labels?.file, s]));
    expect(model.series.map((s) => s.origin)).toEqual(['recorded', 'recorded']);
    expect(Array.from(byName.a.high)).toEqual([2.5, 2.5, 2.5]);
    expect(Array.from(byName.b.low)).toEqual([15, 15, 15]);
    // no recorded score and prediction: the band says where the value is (the promql-anomaly-detection rule)
    expect(Array.from(byName.a.predicted).every(Number.isNaN)).toBe(true);
    expect(Array.from(byName.a.anomaly)).toEqual([1, 0, 1]);
    expect(Array.from(byName.b.anomaly)).toEqual([1, 0, 1]);
  });

  it('says which recorded band has no source, or several, and never draws it as a series of its own', () => {
    const t = [0, 60_000];
    const lone = framesToSeries([promFrame({ __name__: recordName('x', 'low'), job: 'j' }, t, [1, 2])], {
      preset: 'ewma',
    });
    expect(lone.series).toEqual([]);
    expect(lone.problems).toEqual([
      {
        kind: 'unpaired-band',
        message:
          'The recorded band bandscope:x:* {job="j"} has no source series with the same labels in the query: add the expression it was recorded from.',
      },
    ]);
    const twice = framesToSeries(
      [
        promFrame({ __name__: 'up', job: 'j' }, t, [1, 1]),
        promFrame({ __name__: 'down', job: 'j' }, t, [0, 0]),
        promFrame({ __name__: recordName('x', 'score'), job: 'j' }, t, [0, 0]),
      ],
      { preset: 'ewma', window: 2, warmup: 0 }
    );
    expect(twice.problems.map((p) => p.message)).toEqual([
      'The recorded band bandscope:x:* {job="j"} matches 2 series with the same labels (up, down): query only one of them.',
    ]);
    // the two plain series still get the panel's own bands
    expect(twice.series.map((s) => s.origin)).toEqual(['panel', 'panel']);
  });
});

describe('recorded bands (grafana/promql-anomaly-detection)', () => {
  const labels = {
    anomaly_name: 'api_rps',
    anomaly_type: 'requests',
    anomaly_select: '1',
    anomaly_strategy: 'adaptive',
  };
  const t = [0, 60_000, 120_000, 180_000, 240_000, 300_000];
  const frames: DataFrame[] = [
    promFrame({ __name__: 'anomaly:level', ...labels }, t, [5, 7.5, 20, -5, 10, 4]),
    promFrame({ __name__: 'anomaly:upper_band', ...labels }, t, [10, 10, 10, 10, 10, 4]),
    // nothing recorded at the last time: no band, no score there
    promFrame({ __name__: 'anomaly:lower_band', ...labels }, t.slice(0, 5), [0, 0, 0, 0, 0]),
  ];

  it('draws anomaly:upper_band/lower_band around anomaly:level, flags values outside, scores the distance', () => {
    const model = framesToSeries(frames, { preset: 'ewma' });
    expect(model.problems).toEqual([]);
    expect(model.series).toHaveLength(1);
    const [s] = model.series;
    expect(s.origin).toBe('recorded');
    expect(s.preset).toBe('anomaly');
    expect(s.name).toBe('anomaly:level');
    expect(Array.from(s.high)).toEqual([10, 10, 10, 10, 10, 4]);
    expect(Array.from(s.low)).toEqual([0, 0, 0, 0, 0, NaN]);
    // band middle 5, half-width 5: r = 0, 0.5, 3, 2, 1
    expect(Array.from(s.score)).toEqual([0, scoreOf(0.5), 75, 62.5, 25, NaN]);
    expect(Array.from(s.score).slice(0, 5)).toEqual([0, 25 * 0.5 ** 4, 100 - 75 / 3, 100 - 75 / 2, 100 - 75]);
    // outside the band, as the framework's own alert (level < lower or level > upper); the edge is inside
    expect(Array.from(s.anomaly)).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('anomaly:level alone is an ordinary series', () => {
    const model = framesToSeries([frames[0]], { preset: 'ewma', window: 2, warmup: 0 });
    expect(model.series.map((s) => s.origin)).toEqual(['panel']);
    expect(model.problems).toEqual([]);
  });
});
