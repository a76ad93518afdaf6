import fc from 'fast-check';

import { readCounter } from '../../../tests/reads';
import { slideWindows } from '../../../tests/windows';

import { type DataFrame, FieldType, toDataFrame } from '@grafana/data';

import { createDetector, type PresetName } from '../../detect';
import { LiveReader } from '../../frames/read';
import type { SeriesDetectors } from '../../frames/streaming';
import { bandsStep } from '../../weblog-client/bands';
import type { DetectorOptions } from '../types';
import { PanelBands } from './liveBands';
import { detectorParams } from './params';
import { bandSeries, readSeries, type SeriesModel, toDetect } from './series';

const NAMES = ['a', 'b', 'c'] as const;
const ROLES = ['predicted', 'low', 'high', 'score', 'anomaly'] as const;

/** One refresh's frame: the rows [lo, hi) of the stream, a field for each series present. */
function windowFrame(t: Float64Array, x: Record<string, Float64Array>, lo: number, hi: number, present: string[]) {
  return toDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: Array.from(t.subarray(lo, hi)) },
      ...present.map((name) => ({
        name,
        type: FieldType.number,
        values: Array.from(x[name].subarray(lo, hi), (v) => (Number.isNaN(v) ? null : v)),
      })),
    ],
  });
}

type Path = 'main' | 'worker';

/** A mounted panel's refreshes through one path: the chart's model for each window's frames. */
function panel(path: Path) {
  const reader = new LiveReader();
  const bands = new PanelBands();
  const streams = new Map<number, SeriesDetectors>();
  let id = 0;
  return (frames: DataFrame[], options: DetectorOptions): { model: SeriesModel; processed: number } => {
    const read = readSeries(frames, reader);
    const sources = toDetect(read);
    const settings = JSON.stringify(options);
    const params = detectorParams(options);
    let detected;
    if (path === 'main') {
      detected = bands.onMain(sources, options.preset, params, settings);
    } else {
      const plan = bands.request(sources, settings);
      const msg = { type: 'bands' as const, id: id++, stream: 7, preset: options.preset, params, ...plan.request };
      detected = bands.absorb(plan, bandsStep(streams, msg)!)!;
    }
    return { model: bandSeries(read, options, (i) => detected[i]), processed: bands.processed };
  };
}

// A stream of points (times ascending, repeats allowed, values with gaps) for three series, cut into refresh windows
// (each starts at or before the previous one's end, at the first row of a repeated time) with the series present in
// each and the settings of each (two k values)
const streams = fc
  .record({
    steps: fc.array(
      fc.record({
        dt: fc.constantFrom(0, 1000, 1000, 1000, 60_000),
        x: fc.tuple(...NAMES.map(() => fc.option(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { freq: 8 }))),
      }),
      { minLength: 2, maxLength: 100 }
    ),
    cuts: fc.array(
      fc.record({
        grow: fc.nat(20),
        slide: fc.nat(20),
        present: fc.subarray([...NAMES], { minLength: 1 }),
        k: fc.constantFrom(2, 2, 2, 3),
      }),
      { minLength: 1, maxLength: 10 }
    ),
    preset: fc.constantFrom<PresetName>('ewma', 'robust', 'window'),
    path: fc.constantFrom<Path>('main', 'worker'),
  })
  .map(({ steps, cuts, preset, path }) => {
    const t = new Float64Array(steps.length);
    for (let i = 1; i < steps.length; i++) {
      t[i] = t[i - 1] + steps[i].dt;
    }
    const x = Object.fromEntries(NAMES.map((n, j) => [n, Float64Array.from(steps, (s) => s.x[j] ?? NaN)]));
    const windows = slideWindows(t, cuts).map(([lo, hi], i) => ({ lo, hi, present: cuts[i].present, k: cuts[i].k }));
    return { t, x, windows, preset, path };
  });

describe("a refreshing band chart's bands (PanelBands)", () => {
  it('any refreshes (sliding, gaps, NaN, repeated times, series joining and leaving, settings) equal the batch detector over every point since the (re)start', () => {
    fc.assert(
      fc.property(streams, ({ t, x, windows, preset, path }) => {
        const refresh = panel(path);
        /** Per series, the row its stream (re)started at; the previous window's series and settings. */
        const since = new Map<string, number>();
        let before: { drawn: string[]; k: number; hi: number } | undefined;
        for (const { lo, hi, present, k } of windows) {
          const options: DetectorOptions = { preset, warmup: 3, window: 5, k };
          const { model, processed } = refresh([windowFrame(t, x, lo, hi, present)], options);
          // a series is drawn from two points on
          const drawn = hi - lo >= 2 ? present : [];
          const sameSet = before?.drawn.join() === drawn.join();
          let expectProcessed = 0;
          for (const name of drawn) {
            // the worker restarts every series on a change of the series set, the main thread the ones that joined
            const restart =
              before?.k !== k || !before.drawn.includes(name) || (path === 'worker' && !sameSet) || !since.has(name);
            if (restart) {
              since.set(name, lo);
            }
            const from = since.get(name)!;
            // a continuing series processes only its new rows: after the previous window's end
            expectProcessed += restart ? hi - lo : hi - before!.hi;
            const batch = createDetector(preset, { warmup: 3, window: 5, k }).run(
              t.subarray(from, hi),
              x[name].subarray(from, hi)
            );
            const s = model.series.find((m) => m.name === name)!;
            // the live reader reads what a whole read reads
            expect(Array.from(s.times)).toEqual(Array.from(t.subarray(lo, hi)));
            expect(Array.from(s.values)).toEqual(Array.from(x[name].subarray(lo, hi)));
            for (const role of ROLES) {
              expect(Array.from(s[role])).toEqual(Array.from(batch[role].subarray(lo - from)));
            }
            expect(s.episodes).toEqual(batch.episodes.filter((e) => e.end >= t[lo]));
            // counted as rows came and went
            expect(s.anomalyCount).toBe(batch.anomaly.subarray(lo - from).reduce((a, v) => a + v, 0));
            expect(s.missing).toBe(x[name].subarray(lo, hi).filter((v) => Number.isNaN(v)).length);
          }
          for (const name of NAMES.filter((n) => !drawn.includes(n))) {
            since.delete(name);
          }
          expect(processed).toBe(expectProcessed);
          before = { drawn, k, hi };
        }
      }),
      { numRuns: 300 }
    );
  });
});

describe('PanelBands: restarts', () => {
  const t = Float64Array.from({ length: 60 }, (_, i) => i * 1000);
  const x = { a: Float64Array.from(t, (_, i) => 50 + 10 * Math.sin(i / 5) + (i === 40 ? 80 : 0)) };
  const options: DetectorOptions = { preset: 'ewma', warmup: 5 };

  it.each<Path>(['main', 'worker'])('a window that does not continue the previous one restarts (%s)', (path) => {
    const refresh = panel(path);
    refresh([windowFrame(t, x, 20, 50, ['a'])], options);
    const { model, processed } = refresh([windowFrame(t, x, 0, 30, ['a'])], options); // earlier data
    expect(processed).toBe(30);
    const batch = createDetector('ewma', { warmup: 5 }).run(t.subarray(0, 30), x.a.subarray(0, 30));
    expect(Array.from(model.series[0].predicted)).toEqual(Array.from(batch.predicted));
  });

  it('the worker having lost the stream answers null; the whole windows restart it', () => {
    const bands = new PanelBands();
    const reader = new LiveReader();
    const sources = () => toDetect(readSeries([windowFrame(t, x, 0, 30, ['a'])], reader));
    const first = bands.request(sources(), '{}');
    expect(first.request.restart).toBe(true);
    const streams = new Map<number, SeriesDetectors>();
    const msg = (plan: typeof first) => ({
      type: 'bands' as const,
      id: 1,
      stream: 3,
      preset: 'ewma' as const,
      params: {},
      ...plan.request,
    });
    bands.absorb(first, bandsStep(streams, msg(first))!);
    const next = bands.request(toDetect(readSeries([windowFrame(t, x, 1, 31, ['a'])], reader)), '{}');
    expect(next.request.restart).toBe(false);
    expect(next.request.packed.values.length).toBe(1);
    expect(bandsStep(new Map(), msg(next))).toBeNull();
    bands.lose();
    expect(bands.request(sources(), '{}').request.restart).toBe(true);
  });
});

describe('PanelBands: what a one-step refresh costs', () => {
  it("reads as many input cells and posts as many numbers for a week's window as for a day's", () => {
    const cost = (window: number) => {
      const series = 3;
      const span = window + 1;
      const t = Array.from({ length: span }, (_, i) => i * 60_000);
      const x = Array.from({ length: series }, (_, j) => Array.from(t, (_, i) => 50 + j + 10 * Math.sin(i / 30)));
      // the frames' arrays (what Grafana hands the panel), their element reads counted
      const { counted, take } = readCounter();
      const frames = (lo: number): DataFrame[] =>
        x.map((values, j) => ({
          name: `s${j}`,
          length: window,
          fields: [
            { name: 'time', type: FieldType.time, values: counted(t.slice(lo, lo + window)), config: {} },
            { name: 'value', type: FieldType.number, values: counted(values.slice(lo, lo + window)), config: {} },
          ],
        }));
      const reader = new LiveReader();
      const bands = new PanelBands();
      const streams = new Map<number, SeriesDetectors>();
      const refresh = (lo: number) => {
        const plan = bands.request(toDetect(readSeries(frames(lo), reader)), '{}');
        const msg = { type: 'bands' as const, id: 1, stream: 1, preset: 'ewma' as const, params: {}, ...plan.request };
        bands.absorb(plan, bandsStep(streams, msg)!);
        return plan.request.packed;
      };
      refresh(0);
      take();
      const packed = refresh(1);
      return { reads: take(), posted: packed.values.length + packed.times.length };
    };
    const day = cost(1440);
    const week = cost(10_080);
    expect(day.reads).toBe(week.reads);
    // per series the new row's time and value, the rows checked at the window's ends: a handful
    expect(day.reads).toBeLessThanOrEqual(3 * 10);
    // one new value per series, and the new step's time once (the series share it)
    expect(day.posted).toBe(4);
    expect(week.posted).toBe(4);
  });
});
