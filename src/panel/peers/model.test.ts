// The peers view's model: the same from the Bandscope datasource's peer frames as computed in the panel from
// plain frames, sorted by outlier score; what cannot be compared says why.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { createDataFrame, type DataFrame, FieldType } from '@grafana/data';

import { createPopulation, POPULATION_DEFAULTS } from '../../detect';
import { comparePeers, PeersError, requirePeers } from '../../frames/peers';
import { extractSeries } from '../../frames/read';
import { buildPeerFrame, buildPeersFrame } from '../../frames/write';
import { crowdModel, datasourcePeers, peersInput, peersModel } from './model';

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
