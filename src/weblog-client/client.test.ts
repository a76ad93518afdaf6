import { packSeries, unpackSeries } from '../detect';
import { StreamingPeers } from '../frames/peers';
import { aggregateWeblog, runOnMainThread } from './client';
import { packPopulation, peersTransferables, transferables, unpackPopulation } from './protocol';
import { WEBLOG_DETECTOR } from './requests';

const T = Date.UTC(2015, 4, 17, 10);
const H = 3600e3;

describe('web-log client (main-thread path: no Worker in jsdom)', () => {
  const counts = { kind: 'counts' as const, time: [T, T, T + H], country: ['US', 'DE', 'US'], count: [3, 1, 2] };

  it('counts aggregated input without parsing or geo lookups', async () => {
    const r = await aggregateWeblog(counts, { bucket: '1h' });
    expect(r.where).toBe('main');
    expect(r.geo).toBeNull();
    expect(Array.from(r.aggregate.total)).toEqual([4, 2]);
    expect(r.aggregate.by.country.map((b) => [b.key, b.total])).toEqual([
      ['US', 5],
      ['DE', 1],
    ]);
  });

  it('yields between slices and stops when aborted', async () => {
    const n = 20_000;
    const big = {
      kind: 'counts' as const,
      time: new Array(n).fill(T),
      country: new Array(n).fill('US'),
      count: new Array(n).fill(1),
    };
    const ctrl = new AbortController();
    const run = runOnMainThread({ ...big, time: Float64Array.from(big.time) }, { signal: ctrl.signal, bucket: '1h' });
    ctrl.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const whole = await runOnMainThread(big, { bucket: '1h' });
    expect(whole.aggregate.total[0]).toBe(n);
  });

  it('bands every country only when asked (the map anomaly mode), and transfers every band array to the page', async () => {
    expect((await aggregateWeblog(counts, { bucket: '1h' })).anomalies).toBeUndefined();
    const r = await aggregateWeblog(counts, { bucket: '1h', countryBands: WEBLOG_DETECTOR });
    const a = r.anomalies!;
    expect(a.keys).toEqual(['US', 'DE']);
    expect(a.score[0].length).toBe(2);
    const sent = new Set(transferables(r));
    for (const x of [a.peak, ...a.predicted, ...a.low, ...a.high, ...a.score, ...a.anomaly]) {
      expect(sent.has(x.buffer as ArrayBuffer)).toBe(true);
    }
  });
});

describe('the peers messages', () => {
  it("the worker's packed answer unpacks to the comparison it packed, in buffers of its own (the stream keeps its window)", () => {
    const times = Float64Array.from({ length: 30 }, (_, t) => T + t * 60_000);
    const values = Array.from({ length: 5 }, (_, i) =>
      Float64Array.from(times, (_, t) => (i === 3 && t > 10 ? 90 : 10 + ((i + t) % 3)))
    );
    const stream = new StreamingPeers();
    const { result } = stream.advance(
      unpackSeries(packSeries(values.map((v) => ({ times, values: v })))),
      {},
      ['a', 'b', 'c', 'd', 'e'],
      'all'
    );
    expect(result.anomaly[3].some((a) => a === 1)).toBe(true); // a comparison with an outlier, not all zeros
    const packed = packPopulation(result);
    const back = unpackPopulation(packed);
    expect(back.score.map((s) => Array.from(s))).toEqual(result.score.map((s) => Array.from(s)));
    expect(back.anomaly.map((a) => Array.from(a))).toEqual(result.anomaly.map((a) => Array.from(a)));
    expect(Array.from(back.center)).toEqual(Array.from(result.center));
    expect(Array.from(back.outlierScore)).toEqual(Array.from(result.outlierScore));
    // what is transferred is not the stream's: no buffer of the result the stream keeps
    const kept = new Set(
      [result.center, result.low, result.high, result.peers, ...result.score, ...result.anomaly].map((a) => a.buffer)
    );
    const sent = peersTransferables(packed);
    expect(sent).toHaveLength(7);
    expect(sent.some((b) => kept.has(b))).toBe(false);
  });
});
