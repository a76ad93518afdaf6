// A mounted panel's peer comparison across refreshes (PanelPeers): for any sequence of refresh windows it draws
// what StreamingPeers draws fed the same windows read whole and checked row by row ('all'), while a continuing
// window costs only its new rows — on the main thread, and with the detector in a worker (here in-process, through
// the worker's own message handler).
import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';
import fc from 'fast-check';

import { POPULATION_DEFAULTS, type PopulationParams } from '../../detect';
import { alignmentNotices, type PeerDetector, PeersError, requirePeers, StreamingPeers } from '../../frames/peers';
import { LiveReader } from '../../frames/read';
import { answerPeers, packSteps, stepsTransferables, unpackRun } from '../../weblog-client/peers';
import { readCounter } from '../../../tests/reads';
import { panelSeries, type PeersModel, peersModel } from './model';
import { type PanelComparison, PanelPeers, type PanelSeries, type RemotePeers } from './stream';

const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
type Cell = number | string | null;

/** One frame per series (as Prometheus answers), each its own rows [lo, hi); `only`: the series present. */
const framesOf = (t: number[], cols: Cell[][], windows: Array<[number, number]>, only?: number[]): DataFrame[] =>
  (only ?? cols.map((_, i) => i)).map((i) =>
    createDataFrame({
      name: `pod-${i}`,
      refId: 'A',
      fields: [
        { name: 'time', type: FieldType.time, values: t.slice(...windows[i]) },
        { name: 'value', type: FieldType.number, values: cols[i].slice(...windows[i]) },
      ],
    })
  );

/** The model as plain arrays (NaN kept: toEqual treats NaN as equal to NaN). */
const plain = (m: PeersModel) => ({
  times: Array.from(m.times),
  center: Array.from(m.center),
  low: Array.from(m.low),
  high: Array.from(m.high),
  notices: m.notices,
  series: m.series.map((s) => ({
    key: s.key,
    name: s.name,
    values: Array.from(s.values),
    score: Array.from(s.score),
    outlier: Array.from(s.outlier),
    outlierScore: s.outlierScore,
    outlierSteps: s.outlierSteps,
    episodes: s.episodes,
  })),
});

type Outcome = ReturnType<typeof plain> | string;

/** What the panel draws from its comparison, or the PeersError its notices throw (no step with 3 peers). */
function drawn(input: PanelSeries, { analysis }: PanelComparison): Outcome {
  try {
    const notices = alignmentNotices(input.series, analysis.axis);
    const aligned = analysis.aligned;
    return plain(peersModel({ series: input.series, aligned }, analysis.result, notices, analysis.flagged));
  } catch (e) {
    if (e instanceof PeersError) {
      return e.message;
    }
    throw e;
  }
}

/**
 * The reference, the panel's path before: the frames read by a LiveReader of its own (a rewritten middle value is
 * the reader's documented limit, the same for both), StreamingPeers checking every earlier row, the model counted.
 */
function reference(stream: StreamingPeers, { series }: PanelSeries, params: PopulationParams): Outcome {
  try {
    const a = stream.update(
      series,
      params,
      series.map((s) => s.key),
      'all'
    );
    return plain(peersModel({ series, aligned: a.aligned }, a.result, a.notices));
  } catch (e) {
    if (e instanceof PeersError) {
      return e.message;
    }
    throw e;
  }
}

const noWorker: RemotePeers = { available: () => false, run: () => Promise.resolve(undefined) };

/** The worker in-process: its handler on its own detectors, the messages packed as posted; `sent`: their bytes. */
function inProcessWorker(): RemotePeers & { detectors: Map<number, PeerDetector>; sent: number[] } {
  const detectors = new Map<number, PeerDetector>();
  const sent: number[] = [];
  return {
    detectors,
    sent,
    available: () => true,
    run: (steps) => {
      const msg = packSteps(steps);
      sent.push(stepsTransferables(msg).reduce((n, b) => n + b.byteLength, 0));
      const answer = answerPeers(detectors, 1, msg);
      return Promise.resolve(answer && unpackRun(answer));
    },
  };
}

const cell = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -20, max: 20 }) },
  { weight: 1, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
  fc.constant(null),
  fc.constant('oops')
);

/**
 * Refresh windows: rows added (`grow`) and dropped (`slide`), the range jumping back (`back` 0: read whole), a
 * series' answer ending early (`lag`: union axes), a series missing (`leave` 0: series 0 left, or joins again),
 * another k (an option change), a late sample rewriting a value (`late`); steps 0 apart repeat times, 2 minutes apart leave gaps, null and text cells.
 */
const scenarios = fc.record({
  n: fc.integer({ min: 3, max: 5 }),
  steps: fc.array(
    fc.record({
      dt: fc.constantFrom(MIN, MIN, MIN, MIN, 2 * MIN, 0),
      cells: fc.array(cell, { minLength: 5, maxLength: 5 }),
    }),
    { minLength: 1, maxLength: 40 }
  ),
  cuts: fc.array(
    fc.record({
      grow: fc.nat(4),
      slide: fc.nat(4),
      back: fc.nat(12),
      lag: fc.array(fc.nat(2), { minLength: 5, maxLength: 5 }),
      leave: fc.nat(12),
      k: fc.constantFrom(3, 3, 3, 3, 3, 2),
      late: fc.option(fc.record({ series: fc.nat(4), step: fc.nat(40), value: cell }), { freq: 3 }),
    }),
    { maxLength: 14 }
  ),
});

type Scenario = typeof scenarios extends fc.Arbitrary<infer S> ? S : never;

/** The scenario's refreshes: frames and settings. */
function refreshes({ n, steps, cuts }: Scenario): Array<{ frames: DataFrame[]; params: PopulationParams }> {
  const t: number[] = [];
  steps.forEach((s, i) => t.push(i === 0 ? T0 : t[i - 1] + s.dt));
  const cols = Array.from({ length: n }, (_, i) => steps.map((s) => s.cells[i]));
  let [lo, hi] = [0, Math.min(t.length, 6)];
  const all = [
    {
      frames: framesOf(
        t,
        cols,
        cols.map(() => [lo, hi])
      ),
      params: { ...POPULATION_DEFAULTS },
    },
  ];
  for (const c of cuts) {
    if (c.late && c.late.series < n && c.late.step < t.length) {
      cols[c.late.series][c.late.step] = c.late.value;
    }
    hi = Math.min(t.length, hi + c.grow);
    lo = c.back === 0 ? 0 : Math.min(lo + c.slide, hi);
    const windows = cols.map((_, i): [number, number] => [lo, Math.max(lo, hi - c.lag[i])]);
    const only = cols.map((_, i) => i).filter((i) => i > 0 || c.leave > 0);
    all.push({ frames: framesOf(t, cols, windows, only), params: { ...POPULATION_DEFAULTS, k: c.k } });
  }
  return all;
}

describe('a refreshing panel compares only its new steps (PanelPeers)', () => {
  it('on the main thread: draws what StreamingPeers draws fed the windows read whole and checked row by row', () => {
    fc.assert(
      fc.property(scenarios, (scenario) => {
        const live = new LiveReader();
        const panel = new PanelPeers(noWorker, Infinity);
        const ref = new StreamingPeers();
        const refReader = new LiveReader();
        for (const { frames, params } of refreshes(scenario)) {
          const input = panelSeries(frames, live);
          const refInput = panelSeries(frames, refReader); // each refresh read by both, compared or not
          try {
            requirePeers(input.series);
          } catch {
            continue; // the view says so; neither compares
          }
          const out = panel.compare(input, params);
          if (out instanceof Promise) {
            throw new Error('the main thread compares synchronously');
          }
          expect(out.ranIn).toBe('main');
          expect(drawn(input, out)).toEqual(reference(ref, refInput, params));
        }
      }),
      { numRuns: 250 }
    );
  });

  it('checks every earlier row of a series its reader continued from a read the window never compared', () => {
    const t = Array.from({ length: 5 }, (_, j) => T0 + j * MIN);
    const cols: Cell[][] = [0, 1, 2].map((i) => t.map((_, j) => i + j));
    const live = new LiveReader();
    const panel = new PanelPeers(noWorker, Infinity);
    const ref = new StreamingPeers();
    const refReader = new LiveReader();
    const windows = (hi: number) => cols.map((): [number, number] => [0, hi]);
    const compared: boolean[] = [];
    let last: PanelComparison | undefined;
    const frames = [framesOf(t, cols, windows(4))];
    // a late sample rewrote pod-1's second value, and pod-1's answer ends a row early (its reader reads it whole);
    // pod-2 is missing, so that answer is not compared: the reader's next read continues from rows the window never
    // held, whose first and last rows are the window's
    cols[1][1] = 50;
    const early: Array<[number, number]> = [
      [0, 4],
      [0, 3],
      [0, 4],
    ];
    frames.push(framesOf(t, cols, early, [0, 1]), framesOf(t, cols, windows(5)));
    for (const f of frames) {
      const input = panelSeries(f, live);
      const refInput = panelSeries(f, refReader);
      compared.push(input.series.length >= 3);
      if (input.series.length >= 3) {
        last = panel.compare(input, POPULATION_DEFAULTS) as PanelComparison;
        expect(drawn(input, last)).toEqual(reference(ref, refInput, POPULATION_DEFAULTS));
        expect(input.series[1].continued).toBe(compared.length === 3);
        const pod1 = (drawn(input, last!) as Exclude<Outcome, string>).series.find((x) => x.name.startsWith('pod-1'));
        expect(pod1!.values[1]).toBe(compared.length === 3 ? 50 : 2); // the rewritten value is the one compared
      }
    }
    expect(compared).toEqual([true, false, true]);
  });

  it('with the detector in the worker: the same, each refresh posting only its new steps', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        const live = new LiveReader();
        const worker = inProcessWorker();
        const panel = new PanelPeers(worker, 0);
        const ref = new StreamingPeers();
        const refReader = new LiveReader();
        for (const { frames, params } of refreshes(scenario)) {
          const input = panelSeries(frames, live);
          const refInput = panelSeries(frames, refReader);
          if (input.series.length < 3) {
            continue;
          }
          const out = await panel.compare(input, params);
          expect(out.ranIn).toBe('worker');
          expect(drawn(input, out)).toEqual(reference(ref, refInput, params));
          // what was posted: the new steps' times and values (8 bytes each), the whole window after a restart
          const { processed } = out.analysis;
          expect(worker.sent.at(-1)).toBe(8 * processed * (1 + input.series.length));
        }
      }),
      { numRuns: 150 }
    );
  });

  it('a worker that lost the stream gets the whole window, and the comparison starts again from it', async () => {
    const t = Array.from({ length: 30 }, (_, j) => T0 + j * MIN);
    const cols: Cell[][] = [0, 1, 2, 3].map((i) => t.map((_, j) => (i === 2 && j > 20 ? 40 : i + (j % 3))));
    const frames = (lo: number, hi: number) =>
      framesOf(
        t,
        cols,
        cols.map((): [number, number] => [lo, hi])
      );
    const live = new LiveReader();
    const worker = inProcessWorker();
    const panel = new PanelPeers(worker, 0);
    expect((await panel.compare(panelSeries(frames(0, 20), live), POPULATION_DEFAULTS)).analysis.processed).toBe(20);
    worker.detectors.clear(); // the worker restarted
    const input = panelSeries(frames(5, 25), live);
    const out = await panel.compare(input, POPULATION_DEFAULTS);
    expect(out.analysis).toMatchObject({ processed: 20, restarted: true });
    expect(worker.sent.slice(1)).toEqual([8 * 5 * 5, 8 * 20 * 5]); // 5 new steps, then the whole window
    const fresh = new StreamingPeers().update(panelSeries(frames(5, 25)).series, POPULATION_DEFAULTS);
    expect(drawn(input, out)).toEqual(drawn(input, { analysis: fresh, ranIn: 'worker' }));
    expect(out.analysis.flagged[2]).toBeGreaterThan(0);
  });

  it("one new step reads, checks and posts the same for a day's window as for a week's", async () => {
    const SERIES = 20;
    const costs = async (window: number) => {
      const t = Array.from({ length: window + 4 }, (_, j) => T0 + j * MIN);
      const cols: Cell[][] = Array.from({ length: SERIES }, (_, i) => t.map((_, j) => i + Math.sin(j / 50)));
      const { counted, take } = readCounter();
      const frames = (lo: number) =>
        framesOf(
          t,
          cols,
          cols.map((): [number, number] => [lo, lo + window])
        ).map((f) => ({
          ...f,
          fields: f.fields.map((x) => ({ ...x, values: counted(x.values) })),
        }));
      const live = new LiveReader();
      const worker = inProcessWorker();
      const panel = new PanelPeers(worker, 0);
      await panel.compare(panelSeries(frames(0), live), POPULATION_DEFAULTS);
      take();
      const out = [];
      for (let lo = 1; lo <= 3; lo++) {
        const c = await panel.compare(panelSeries(frames(lo), live), POPULATION_DEFAULTS);
        out.push({ processed: c.analysis.processed, restarted: c.analysis.restarted, posted: worker.sent.at(-1) });
      }
      return { reads: take(), out };
    };
    const day = await costs(1440);
    expect(day.out).toEqual(Array(3).fill({ processed: 1, restarted: false, posted: 8 * (1 + SERIES) }));
    expect(await costs(10_080)).toEqual(day);
    expect(day.reads).toBeLessThanOrEqual(3 * 10 * SERIES);
  });
});
