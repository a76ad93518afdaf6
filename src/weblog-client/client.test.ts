import { aggregateWeblog, runOnMainThread } from './client';
import { transferables } from './protocol';
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
