// The peers view's model: the same from the Bandscope datasource's peer frames as computed in the panel from
// plain frames, sorted by outlier score; what cannot be compared says why.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';
import fc from 'fast-check';

import { createPopulation, POPULATION_DEFAULTS } from '../../detect';
import { comparePeers, PeersError, requirePeers } from '../../frames/peers';
import { extractSeries, LiveReader } from '../../frames/read';
import { buildPeerFrame, buildPeersFrame } from '../../frames/write';
import { readCounter } from '../../../tests/reads';
import { crowdModel, datasourcePeers, type PeersInput, peersInput, peersModel } from './model';

// The Apache sample's requests per hour by browser family (tests/fixtures/population), as one wide frame.
const [head, ...rows] = readFileSync(
  join(__dirname, '../../../tests/fixtures/population/apache-browser-1h.csv'),
  'utf8'
)
  .trim()
  .split('\n')
  .map((line) => line.split(','));
const wide = createDataFrame({
  refId: 'A',
  fields: [
    { name: 'time', type: FieldType.time, values: rows.map((r) => Date.parse(r[0])) },
    ...head.slice(1).map((name, i) => ({ name, type: FieldType.number, values: rows.map((r) => Number(r[i + 1])) })),
  ],
});

/** What the datasource returns for Compare = peers (its writers over the same comparison). */
function datasourceFrames(frames: DataFrame[]): DataFrame[] {
  const series = extractSeries(frames, { sort: true }).series;
  const { aligned, result, notices } = comparePeers(series, POPULATION_DEFAULTS);
  const meta = { params: POPULATION_DEFAULTS, series: series.length, refId: 'A' };
  return [
    ...series.map((s, i) =>
      buildPeerFrame(
        s,
        { peerScore: result.score[i], peerOutlier: result.anomaly[i] },
        { ...meta, outlierScore: result.outlierScore[i] }
      )
    ),
    buildPeersFrame(
      aligned.times,
      { peerCenter: result.center, peerLow: result.low, peerHigh: result.high, peerCount: result.peers },
      meta,
      notices.map((text) => ({ severity: 'warning', text }))
    ),
  ];
}

describe('peers model', () => {
  it('plain frames (computed here) and datasource frames give the same model, highest outlier score first', () => {
    const input = peersInput([wide]);
    requirePeers(input.series);
    const result = createPopulation(input.series.length).run(input.aligned.times, input.aligned.values);
    const panel = peersModel(input, result, []);
    const given = datasourcePeers(datasourceFrames([wide]))!;
    expect(panel.origin).toBe('panel');
    expect(given.origin).toBe('datasource');
    expect(given.series.map((s) => s.name)).toEqual(panel.series.map((s) => s.name));
    expect(given.series.map((s) => s.outlierScore)).toEqual(panel.series.map((s) => s.outlierScore));
    expect(given.series.map((s) => Array.from(s.score))).toEqual(panel.series.map((s) => Array.from(s.score)));
    expect(given.series.map((s) => s.outlierSteps)).toEqual(panel.series.map((s) => s.outlierSteps));
    expect(Array.from(given.center)).toEqual(Array.from(panel.center));
    expect(Array.from(given.high)).toEqual(Array.from(panel.high));
    const scores = panel.series.map((s) => s.outlierScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(panel.series[0].name).toBe('Chrome'); // the biggest family, unlike the others (see the datasource test)
  });

  it("reads each series' own value field; frames without a peer comparison give no datasource model", () => {
    const given = datasourcePeers(datasourceFrames([wide]))!;
    expect(given.series.map((s) => s.field.name).sort()).toEqual(head.slice(1).sort());
    expect(datasourcePeers([wide])).toBeUndefined();
  });

  it('what cannot be compared says why', () => {
    const text = createDataFrame({ fields: [{ name: 'msg', type: FieldType.string, values: ['a'] }] });
    expect(() => peersInput([text])).toThrow(new PeersError('the query returned no time series with numbers'));
    const two = peersInput([{ ...wide, fields: wide.fields.slice(0, 3) }]);
    expect(() => requirePeers(two.series)).toThrow(/at least 3 series on one time axis; there are 2/);
  });

  it('the crowd alone (drawn while the comparison runs): every series its values, by name with numbers in order, no comparison', () => {
    const times = [0, 60_000, 120_000];
    const names = ['pod-10', 'pod-2', 'pod-1', 'api'];
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        ...names.map((name, i) => ({ name, type: FieldType.number, values: times.map((_, t) => 10 * i + t) })),
      ],
    });
    const crowd = crowdModel(peersInput([frame]));
    expect(crowd.compared).toBe(false);
    expect(crowd.series.map((s) => s.name)).toEqual(['api', 'pod-1', 'pod-2', 'pod-10']);
    for (const s of crowd.series) {
      const i = names.indexOf(s.name);
      expect(Array.from(s.values)).toEqual([10 * i, 10 * i + 1, 10 * i + 2]);
      expect(s.outlierSteps).toBe(0);
      expect(Array.from(s.outlier)).toEqual([0, 0, 0]);
      expect(Array.from(s.score).every(Number.isNaN)).toBe(true);
    }
    for (const edge of [crowd.center, crowd.low, crowd.high]) {
      expect(Array.from(edge).every(Number.isNaN)).toBe(true); // no range drawn before the comparison
    }
    expect(Array.from(crowd.times)).toEqual(times);
  });
});

describe("a refreshing panel reads only the new rows (peersInput with the panel's LiveReader)", () => {
  const T0 = Date.UTC(2026, 0, 1);
  const MIN = 60_000;
  type Cell = number | string | null;
  /** One frame per series (as Prometheus answers), each its own rows [lo, hi). */
  const framesOf = (t: number[], cols: Cell[][], windows: Array<[number, number]>) =>
    cols.map((v, i) =>
      createDataFrame({
        name: `pod-${i}`,
        refId: 'A',
        fields: [
          { name: 'time', type: FieldType.time, values: t.slice(...windows[i]) },
          { name: 'value', type: FieldType.number, values: v.slice(...windows[i]) },
        ],
      })
    );
  const plain = ({ series, aligned }: PeersInput) => ({
    series: series.map((s) => ({
      key: s.key,
      name: s.name,
      times: Array.from(s.times),
      values: Array.from(s.values),
      notices: s.notices,
    })),
    times: Array.from(aligned.times),
    values: aligned.values.map((v) => Array.from(v)),
    steps: aligned.steps?.map((s) => Array.from(s)) ?? null,
    duplicates: aligned.duplicates,
  });
  const cell = fc.oneof(
    { weight: 8, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
    fc.constant(null),
    fc.constant('oops')
  );

  it('gives what a whole read gives, for any refresh cuts: sliding, growing, lagging series, jumps back, gaps', () => {
    const streams = fc.record({
      n: fc.integer({ min: 1, max: 4 }),
      steps: fc.array(
        fc.record({ dt: fc.constantFrom(MIN, MIN, 2 * MIN), cells: fc.array(cell, { minLength: 4, maxLength: 4 }) }),
        {
          minLength: 1,
          maxLength: 60,
        }
      ),
      // a refresh: rows added and dropped; `lag`: a series' answer ends a row or two early (another axis);
      // `back`: the window jumps back (a new time range: read whole)
      cuts: fc.array(
        fc.record({
          grow: fc.nat(8),
          slide: fc.nat(8),
          back: fc.nat(9),
          lag: fc.array(fc.nat(2), { minLength: 4, maxLength: 4 }),
        }),
        { maxLength: 10 }
      ),
    });
    fc.assert(
      fc.property(streams, ({ n, steps, cuts }) => {
        const t: number[] = [];
        steps.forEach((s, i) => t.push(i === 0 ? T0 : t[i - 1] + s.dt));
        const cols = Array.from({ length: n }, (_, i) => steps.map((s) => s.cells[i]));
        const live = new LiveReader();
        let [lo, hi] = [0, Math.min(t.length, 5)];
        const refreshes = [
          framesOf(
            t,
            cols,
            cols.map(() => [lo, hi])
          ),
        ];
        for (const c of cuts) {
          hi = Math.min(t.length, hi + c.grow);
          lo = c.back === 0 ? 0 : Math.min(lo + c.slide, hi);
          refreshes.push(
            framesOf(
              t,
              cols,
              cols.map((_, i) => [lo, Math.max(lo, hi - c.lag[i])])
            )
          );
        }
        for (const frames of refreshes) {
          let whole: PeersInput | Error;
          try {
            whole = peersInput(frames);
          } catch (e) {
            whole = e as Error;
          }
          if (whole instanceof Error) {
            expect(() => peersInput(frames, live)).toThrow(whole);
          } else {
            expect(plain(peersInput(frames, live))).toEqual(plain(whole));
          }
        }
      }),
      { numRuns: 300 }
    );
  });

  it("one new step reads O(series) cells of the answer, the same for a day's window as for a week's", () => {
    const SERIES = 20;
    const reads = (window: number) => {
      const t = Array.from({ length: window + 10 }, (_, i) => T0 + i * MIN);
      const cols = Array.from({ length: SERIES }, (_, s) => t.map((_, i) => s + Math.sin(i / 50)));
      const { counted, take } = readCounter();
      const live = new LiveReader();
      const frames = (lo: number) =>
        framesOf(
          t,
          cols,
          cols.map(() => [lo, lo + window])
        ).map((f) => ({
          ...f,
          fields: f.fields.map((x) => ({ ...x, values: counted(x.values) })),
        }));
      peersInput(frames(0), live);
      take();
      for (let lo = 1; lo <= 10; lo++) {
        const input = peersInput(frames(lo), live);
        expect(input.aligned.times[0]).toBe(t[lo]);
        expect(input.aligned.values[SERIES - 1].at(-1)).toBe(cols[SERIES - 1][lo + window - 1]);
      }
      expect(live.wholeReads).toBe(SERIES); // the first refresh; every later one continued
      return take() / 10;
    };
    const day = reads(1440);
    expect(day).toBe(reads(10_080));
    expect(day).toBeLessThanOrEqual(10 * SERIES);
  });
});
