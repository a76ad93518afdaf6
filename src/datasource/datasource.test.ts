import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { lastValueFrom, map, Observable, of, throwError, toArray } from 'rxjs';

import {
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  FieldType,
  LoadingState,
  createDataFrame,
  createTheme,
  type DataFrame,
  dateTime,
} from '@grafana/data';
import { setDataSourceSrv, setTemplateSrv } from '@grafana/runtime';
import { type DataQuery } from '@grafana/schema';

import { readCounter } from '../../tests/reads';
import { hasBands, isPeersFrame, PEERS_FRAME_NAME, peersMeta, peerTag } from '../contract';
import { SCHEMA_VERSION } from '../schema';
import { episodesToAnnotations } from './annotations';
import { BandscopeDatasource } from './datasource';
import { migrateQuery } from './migrations';
import type { BandscopeJsonData, BandscopeQuery } from './types';

const T0 = Date.UTC(2026, 0, 1);
const value = (i: number) => 10 + Math.sin(i / 5) + (i === 150 ? 30 : 0);

const settings = (uid: string, type: string, jsonData: object = {}) =>
  ({
    uid,
    name: uid,
    type,
    jsonData,
    meta: { id: type },
    access: 'proxy',
    readOnly: false,
    id: 1,
  }) as unknown as DataSourceInstanceSettings;

/** What the upstream answers to a `fixture` query (set by the test). */
let served: DataFrame[] = [];
/** What the upstream streams to a `packets` query: one emission per entry (set by the test). */
let streamed: DataFrame[][] = [];

const requests: Array<DataQueryRequest<DataQuery & { n?: number; mode?: string }>> = [];

class Upstream extends DataSourceApi<DataQuery & { n?: number; mode?: string }> {
  query(
    req: DataQueryRequest<DataQuery & { n?: number; mode?: string }>
  ): Observable<DataQueryResponse> | Promise<DataQueryResponse> {
    requests.push(req);
    const q = req.targets[0];
    if (q.mode === 'throw') {
      return throwError(() => ({ message: 'upstream says: connection refused', status: 502 }));
    }
    if (q.mode === 'hiccup') {
      const frame = (n: number) =>
        createDataFrame({
          refId: q.refId,
          fields: [
            { name: 'time', type: FieldType.time, values: Array.from({ length: n }, (_, i) => T0 + i * 1000) },
            { name: 'value', type: FieldType.number, values: Array.from({ length: n }, (_, i) => value(i)) },
          ],
        });
      return of(
        { key: 'live', state: LoadingState.Streaming, data: [frame(50)] },
        { key: 'live', state: LoadingState.Streaming, data: [], errors: [{ message: 'blip' }] },
        { key: 'live', state: LoadingState.Done, data: [frame(60)] }
      );
    }
    if (q.mode === 'stream') {
      return new Observable((s) => {
        for (let e = 1; e <= 5; e++) {
          const n = e * 40;
          const start = Math.max(0, n - 100);
          const idx = Array.from({ length: n - start }, (_, i) => start + i);
          s.next({
            key: 'live',
            state: e < 5 ? LoadingState.Streaming : LoadingState.Done,
            data: [
              createDataFrame({
                refId: q.refId,
                fields: [
                  { name: 'time', type: FieldType.time, values: idx.map((i) => T0 + i * 1000) },
                  { name: 'value', type: FieldType.number, values: idx.map(value) },
                ],
              }),
            ],
          });
        }
        s.complete();
      });
    }
    if (q.mode === 'packets') {
      const last = streamed.length - 1;
      return of(
        ...streamed.map((data, i) => ({
          key: 'live',
          state: i < last ? LoadingState.Streaming : LoadingState.Done,
          data: data.map((f) => ({ ...f, refId: q.refId })),
        }))
      );
    }
    if (q.mode === 'fixture') {
      return Promise.resolve({ data: served.map((f) => ({ ...f, refId: q.refId })) });
    }
    if (q.mode === 'percent') {
      // Utilisation near its ceiling, once as a percentage and once without a unit.
      const times = Array.from({ length: 600 }, (_, i) => T0 + i * 1000);
      const values = times.map((_, i) => 97 + 3 * Math.sin(i / 7) * Math.sin(i / 31));
      const frame = (name: string, unit?: string) =>
        createDataFrame({
          refId: q.refId,
          name,
          fields: [
            { name: 'time', type: FieldType.time, values: times },
            { name: 'value', type: FieldType.number, values, config: { unit } },
          ],
        });
      return Promise.resolve({ data: [frame('plain'), frame('percent', 'percent')] });
    }
    const n = q.n ?? 200;
    return Promise.resolve({
      data: [
        createDataFrame({
          refId: q.refId,
          name: `series-${q.refId}`,
          fields: [
            { name: 'time', type: FieldType.time, values: Array.from({ length: n }, (_, i) => T0 + i * 1000) },
            { name: 'value', type: FieldType.number, values: Array.from({ length: n }, (_, i) => value(i)) },
          ],
        }),
      ],
    });
  }
  async testDatasource() {
    return { status: 'success', message: 'fine' };
  }
}

const upstream = new Upstream(settings('up', 'up-type'));
const all: Record<string, DataSourceApi> = { up: upstream };

beforeAll(() => {
  setDataSourceSrv({
    get: async (ref: { uid?: string } | string | null | undefined) => {
      const uid = typeof ref === 'string' ? ref : ref?.uid;
      if (!uid || !all[uid]) {
        throw new Error(`Datasource ${uid} was not found`);
      }
      return all[uid];
    },
    getInstanceSettings: (ref: { uid?: string } | string | null | undefined) => {
      const uid = typeof ref === 'string' ? ref : ref?.uid;
      return uid && all[uid] ? settings(uid, 'up-type') : undefined;
    },
    getList: () => [],
    reload: () => {},
    registerRuntimeDataSource: () => {},
  } as never);
  setTemplateSrv({
    replace: (t?: string) => (t ?? '').replace('$alpha', '0.3').replace('$bad', 'x'),
    getVariables: () => [],
    containsTemplate: () => false,
    updateTimeRange: () => {},
  } as never);
});

const ds = (jsonData: BandscopeJsonData = {}) =>
  new BandscopeDatasource(settings('bandscope', 'bandscope-datasource', jsonData) as never);

function request(targets: BandscopeQuery[]): DataQueryRequest<BandscopeQuery> {
  const to = dateTime(T0 + 3600_000);
  const from = dateTime(T0);
  return {
    requestId: 'r1',
    app: 'dashboard',
    interval: '1s',
    intervalMs: 1000,
    maxDataPoints: 500,
    range: { from, to, raw: { from, to } },
    scopedVars: { x: { text: 'x', value: 'x' } },
    targets,
    timezone: 'utc',
    startTime: 0,
  };
}

const run = (d: BandscopeDatasource, targets: BandscopeQuery[]) =>
  lastValueFrom(d.query(request(targets)).pipe(toArray()));
const up = { uid: 'up', type: 'up-type' };

describe('BandscopeDatasource.query', () => {
  it('forwards the upstream query with range, interval, maxDataPoints and scopedVars; returns bands', async () => {
    requests.length = 0;
    const [res] = await run(ds(), [
      { refId: 'A', upstream: up, upstreamQuery: { refId: 'X', n: 100 } as DataQuery, params: { alpha: '$alpha' } },
    ]);
    const sent = requests[0];
    expect(sent.targets).toEqual([{ refId: 'A', n: 100, datasource: { uid: 'up', type: 'up-type' } }]);
    expect(sent.maxDataPoints).toBe(500);
    expect(sent.intervalMs).toBe(1000);
    expect(sent.scopedVars).toEqual({ x: { text: 'x', value: 'x' } });
    expect(res.state).toBe(LoadingState.Done);
    expect(res.data).toHaveLength(1);
    expect(hasBands(res.data[0])).toBe(true);
    expect(res.data[0].meta.custom.bandscope.params.alpha).toBe(0.3);
  });

  it('clips the band of a percentage field to 0–100 (its unit), not its score', async () => {
    const [res] = await run(ds(), [
      { refId: 'A', upstream: up, upstreamQuery: { refId: 'X', mode: 'percent' } as DataQuery },
    ]);
    const field = (frame: DataFrame, role: string) =>
      (frame.fields.find((f) => f.config.custom?.bandscope?.role === role)!.values as Array<number | null>).filter(
        (v): v is number => v !== null
      );
    const [plain, percent] = res.data as DataFrame[];
    expect(Math.max(...field(plain, 'high'))).toBeGreaterThan(100); // else this proves nothing
    expect(Math.max(...field(percent, 'high'))).toBe(100);
    expect(field(percent, 'score')).toEqual(field(plain, 'score'));
  });

  it('gives every query its own detectors and state Loading until all are done', async () => {
    const res = await run(ds(), [
      { refId: 'A', upstream: up, upstreamQuery: { refId: 'A', n: 50 } as DataQuery },
      { refId: 'B', upstream: up, upstreamQuery: { refId: 'B', n: 80 } as DataQuery },
    ]);
    expect(res).toHaveLength(2);
    expect(res[0].state).toBe(LoadingState.Loading);
    expect(res[1].state).toBe(LoadingState.Done);
    expect(new Set(res.map((r) => r.key)).size).toBe(2);
    expect(res.map((r) => r.data[0].length).sort()).toEqual([50, 80]);
  });

  it('maps every streaming emission incrementally and keeps the upstream state', async () => {
    const res = await run(ds(), [
      { refId: 'S', upstream: up, upstreamQuery: { refId: 'S', mode: 'stream' } as DataQuery, preset: 'ewma' },
    ]);
    expect(res).toHaveLength(5);
    expect(res.slice(0, 4).every((r) => r.state === LoadingState.Streaming)).toBe(true);
    expect(res[4].state).toBe(LoadingState.Done);
    expect(res[4].data[0].length).toBe(100);
    expect(res[4].data[0].meta.notices ?? []).toEqual([]);
  });

  it('an empty error packet mid-stream passes the error on and keeps the detectors', async () => {
    const res = await run(ds(), [
      { refId: 'H', upstream: up, upstreamQuery: { refId: 'H', mode: 'hiccup' } as DataQuery },
    ]);
    expect(res).toHaveLength(3);
    expect(res[1].errors![0]).toMatchObject({ refId: 'H', message: 'blip' });
    const processed = res[2].data[0].meta.stats.find(
      (s: { displayName: string }) => s.displayName === 'Bandscope points processed'
    );
    expect(processed.value).toBe(10);
    expect(res[2].data[0].meta.notices ?? []).toEqual([]);
  });

  it('returns a clear Bandscope error for invalid settings and a missing upstream', async () => {
    const [bad] = await run(ds(), [{ refId: 'A', upstream: up, params: { alpha: '$bad', k: 0 } }]);
    expect(bad.state).toBe(LoadingState.Error);
    expect(bad.errors![0].message).toBe(
      'Bandscope query A: alpha must be a number, got "$bad" (= "x"); k must be a finite number > 0, got 0'
    );
    const [none] = await run(ds(), [{ refId: 'B' }]);
    expect(none.errors![0].message).toMatch(/^Bandscope query B: pick an upstream datasource/);
    const [missing] = await run(ds(), [{ refId: 'C', upstream: { uid: 'gone' } }]);
    expect(missing.errors![0].message).toBe('Bandscope query C: upstream datasource "gone" was not found');
  });

  it('forecast: future rows on every emission, after its last point; a preset that cannot forecast says so', async () => {
    const res = await run(ds(), [
      { refId: 'F', upstream: up, upstreamQuery: { refId: 'F', mode: 'stream' } as DataQuery, forecast: '10s' },
    ]);
    expect(res).toHaveLength(5);
    for (const r of res) {
      const frame = r.data[0];
      const times = frame.fields[0].values as number[];
      const mark = frame.fields.find((f: { name: string }) => f.name === 'forecast').values as number[];
      const observed = mark.indexOf(1);
      expect(frame.length - observed).toBe(10); // 10 s at the series' 1 s step
      expect(times.slice(observed)).toEqual(Array.from({ length: 10 }, (_, h) => times[observed - 1] + (h + 1) * 1000));
      expect(frame.meta.custom.bandscope.forecast).toEqual({ horizonMs: 10_000, from: times[observed - 1] });
    }
    // streaming still processes only the new points
    const processed = res[4].data[0].meta.stats.find(
      (s: { displayName: string }) => s.displayName === 'Bandscope points processed'
    );
    expect(processed.value).toBe(40);
    const [robust] = await run(ds(), [{ refId: 'R', upstream: up, preset: 'robust', forecast: '1h' }]);
    expect(robust.errors![0].message).toBe(
      'Bandscope query R: the robust preset cannot forecast: it has no model of the future (use ewma or seasonal)'
    );
  });

  it("passes upstream errors through with the upstream's message", async () => {
    const [res] = await run(ds(), [
      { refId: 'A', upstream: up, upstreamQuery: { refId: 'A', mode: 'throw' } as DataQuery },
    ]);
    expect(res.errors![0]).toMatchObject({ refId: 'A', message: 'upstream says: connection refused' });
  });

  it('uses the default upstream and returns episodes that become region annotations', async () => {
    const d = ds({ defaultUpstream: up, defaultPreset: 'ewma', defaultParams: { warmup: '20' } });
    const [res] = await run(d, [{ refId: 'A', upstreamQuery: { refId: 'A' }, episodes: true, params: { k: 3 } }]);
    const episodes = res.data.find((f: { name?: string }) => f.name === 'bandscope-episodes');
    expect(episodes.length).toBeGreaterThan(0);
    const events = episodesToAnnotations(res.data, createTheme());
    expect(events[0]).toMatchObject({
      isRegion: true,
      title: expect.stringMatching(/^series-A: (minor|major|critical) anomaly$/),
    });
    expect(events[0].timeEnd).toBeGreaterThanOrEqual(events[0].time!);
    const q = d.annotations.prepareQuery!({
      target: { refId: '' },
      name: 'a',
      enable: true,
      iconColor: 'red',
    } as never);
    expect(q).toMatchObject({ refId: 'Anno', episodes: true });
  });
});

describe('testDatasource', () => {
  it('checks the default upstream', async () => {
    expect((await ds({ defaultUpstream: up }).testDatasource()).status).toBe('success');
    expect(await ds({ defaultUpstream: { uid: 'gone' } }).testDatasource()).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/not found/),
    });
    expect((await ds().testDatasource()).message).toMatch(/No default upstream/);
  });
});

describe('variables in Explore / query conversion', () => {
  it('interpolates preset and parameters, leaves the upstream query to the upstream', () => {
    const [q] = ds().interpolateVariablesInQueries(
      [
        {
          refId: 'A',
          preset: 'ewma',
          params: { alpha: '$alpha', k: 3 },
          upstreamQuery: { refId: 'A', expr: '$alpha' } as DataQuery,
        },
      ],
      {}
    );
    expect(q.params).toEqual({ alpha: '0.3', k: 3 });
    expect((q.upstreamQuery as DataQuery & { expr: string }).expr).toBe('$alpha');
  });
});

describe('Compare: own history, peers, both', () => {
  // The Apache sample's requests per hour by browser family (tests/fixtures/population): one wide frame, as the
  // web-log mode or a `sum by (browser)` query returns it.
  const [head, ...rows] = readFileSync(join(__dirname, '../../tests/fixtures/population/apache-browser-1h.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(','));
  const browsers = head.slice(1);
  const times = rows.map((r) => Date.parse(r[0]));
  const column = (b: string) => rows.map((r) => Number(r[head.indexOf(b)]));
  const wide = (names: string[], edit: (b: string, values: number[]) => number[] = (_, v) => v) =>
    createDataFrame({
      name: 'requests by browser',
      fields: [
        { name: 'time', type: FieldType.time, values: times },
        ...names.map((b) => ({ name: b, type: FieldType.number, values: edit(b, column(b)) })),
      ],
    });
  const query = (q: Partial<BandscopeQuery>): BandscopeQuery => ({
    refId: 'P',
    upstream: up,
    upstreamQuery: { refId: 'P', mode: 'fixture' } as DataQuery,
    ...q,
  });
  const ask = async (frames: DataFrame[], q: Partial<BandscopeQuery>) => {
    served = frames;
    const [res] = await run(ds(), [query(q)]);
    return res;
  };
  const byRole = (frame: DataFrame, role: string) =>
    frame.fields.find((f) => f.config.custom?.bandscope?.role === role)!;
  const seriesFrames = (res: DataQueryResponse) =>
    (res.data as DataFrame[]).filter((f) => f.name !== PEERS_FRAME_NAME && f.name !== 'bandscope-episodes');
  const scoresByName = (res: DataQueryResponse) =>
    Object.fromEntries(seriesFrames(res).map((f) => [f.fields[1].name, byRole(f, 'peerScore').values]));

  it('peers: per-browser score and flag, the cluster range frame, no own-history bands; Chrome stands out', async () => {
    const res = await ask([wide(browsers)], { compare: 'peers' });
    expect(res.errors).toBeUndefined();
    const frames = seriesFrames(res);
    expect(frames.map((f) => f.fields[1].name)).toEqual(browsers);
    for (const f of frames) {
      expect(f.fields.map((x) => x.name)).toEqual(['time', f.fields[1].name, 'peerScore', 'peerOutlier']);
      expect(hasBands(f)).toBe(false); // nothing for a panel to take as precomputed bands
      const meta = peersMeta(f)!;
      expect(meta).toMatchObject({ series: browsers.length, refId: 'P', params: { k: 3, window: 6 } });
      const scores = (byRole(f, 'peerScore').values as Array<number | null>).filter((v): v is number => v !== null);
      expect(meta.outlierScore).toBe(Math.max(...scores));
    }
    // the browser with by far the most requests is the one the others are not like (as the country test in detect)
    const totals = browsers.map((b) => column(b).reduce((a, v) => a + v, 0));
    const top = [...frames].sort((a, b) => peersMeta(b)!.outlierScore! - peersMeta(a)!.outlierScore!)[0];
    expect(top.fields[1].name).toBe(browsers[totals.indexOf(Math.max(...totals))]);
    const range = (res.data as DataFrame[]).find(isPeersFrame)!;
    expect(range.length).toBe(times.length);
    const [center, low, high, count] = ['peerCenter', 'peerLow', 'peerHigh', 'peerCount'].map(
      (role) => byRole(range, role).values as number[]
    );
    for (let t = 0; t < times.length; t++) {
      expect(count[t]).toBe(browsers.length);
      // requests are never negative: the range stops at 0 (the per-series band's rule)
      expect(low[t]).toBe(Math.max(0, center[t] - (high[t] - center[t])));
      expect(high[t]).toBeGreaterThan(center[t]);
      const sorted = browsers.map((b) => column(b)[t]).sort((a, b) => a - b);
      expect(center[t]).toBe((sorted[3] + sorted[4]) / 2); // the median of 8
    }
    // what makes Grafana's Time series shade the cluster range
    expect(byRole(range, 'peerHigh').config.custom.fillBelowTo).toBe(byRole(range, 'peerLow').config.displayNameFromDS);
  });

  it('peers: a browser with six hours of extra traffic is flagged then, one hour is not; order does not matter', async () => {
    const quiet = 'Safari';
    const boost = (hours: number) => (b: string, v: number[]) =>
      b === quiet ? v.map((x, h) => (h >= 40 && h < 40 + hours ? x + 200 : x)) : v;
    const flags = async (hours: number) => {
      const res = await ask([wide(browsers, boost(hours))], { compare: 'peers' });
      const frame = seriesFrames(res).find((f) => f.fields[1].name === quiet)!;
      return byRole(frame, 'peerOutlier').values as number[];
    };
    expect((await flags(0)).every((v) => v === 0)).toBe(true); // else the test proves nothing
    expect((await flags(1)).every((v) => v === 0)).toBe(true);
    expect((await flags(6)).slice(40, 48)).toContain(1);
    const forward = scoresByName(await ask([wide(browsers, boost(6))], { compare: 'peers' }));
    const backward = scoresByName(await ask([wide([...browsers].reverse(), boost(6))], { compare: 'peers' }));
    expect(backward).toEqual(forward);
  });

  it('both: own-history bands and peer fields on one frame; peer episodes join the episodes frame', async () => {
    const res = await ask([wide(browsers)], { compare: 'both', episodes: true });
    const frames = seriesFrames(res);
    expect(frames[0].fields.map((f) => f.name)).toEqual([
      'time',
      browsers[0],
      'predicted',
      'low',
      'high',
      'score',
      'anomaly',
      'peerScore',
      'peerOutlier',
    ]);
    expect(frames.every(hasBands)).toBe(true);
    expect(scoresByName(res)).toEqual(scoresByName(await ask([wide(browsers)], { compare: 'peers' })));
    const episodes = (res.data as DataFrame[]).find((f) => f.name === 'bandscope-episodes')!;
    expect(episodes.fields[2].values).toContainEqual(expect.stringMatching(/ vs peers$/));
  });

  it('a live query: each emission compares only its new hours, and the window equals one comparison of every hour', async () => {
    // a sliding window of a day over the sample, 6 new hours per emission (a Grafana Live / TestData stream)
    const window = (lo: number, hi: number) =>
      createDataFrame({
        name: 'requests by browser',
        fields: [
          { name: 'time', type: FieldType.time, values: times.slice(lo, hi) },
          ...browsers.map((b) => ({ name: b, type: FieldType.number, values: column(b).slice(lo, hi) })),
        ],
      });
    const ends = Array.from({ length: Math.floor(times.length / 6) }, (_, e) => 6 * (e + 1));
    streamed = ends.map((hi) => [window(Math.max(0, hi - 24), hi)]);
    const res = await run(ds(), [
      query({ compare: 'both', upstreamQuery: { refId: 'P', mode: 'packets' } as DataQuery }),
    ]);
    expect(res).toHaveLength(ends.length);
    for (const [e, packet] of res.entries()) {
      const hi = ends[e];
      const lo = Math.max(0, hi - 24);
      const range = (packet.data as DataFrame[]).find(isPeersFrame)!;
      const stat = (name: string) =>
        range.meta!.stats!.find((s: { displayName: string }) => s.displayName === name)!.value;
      expect(stat('Bandscope peer steps processed')).toBe(6); // the new hours only, however long the window
      expect(range.meta!.notices ?? []).toEqual([]);
      const batch = await ask([window(0, hi)], { compare: 'peers' });
      const scores = scoresByName(batch);
      const live = Object.entries(scoresByName(packet));
      expect(live).toHaveLength(browsers.length);
      for (const [name, values] of live) {
        expect(values).toEqual(scores[name].slice(lo, hi));
      }
      const batchRange = (batch.data as DataFrame[]).find(isPeersFrame)!;
      expect(byRole(range, 'peerHigh').values).toEqual(byRole(batchRange, 'peerHigh').values.slice(lo, hi));
    }
  });

  it("a live emission reads the upstream's new rows and the window's ends and hands out kept results: the same cost for any window", async () => {
    // 3 series × a window sliding one minute per emission, Compare = both: bands, peer fields, cluster range
    const emissions = 12;
    const cost = async (window: number) => {
      const span = window + emissions;
      const t = Array.from({ length: span }, (_, i) => T0 + i * 60_000);
      const series = ['a', 'b', 'c'].map((_, k) => t.map((_, i) => 10 + k + Math.sin(i / 30 + k)));
      const { counted, take } = readCounter();
      streamed = Array.from({ length: emissions }, (_, lo) => [
        createDataFrame({
          name: 'live',
          fields: [
            { name: 'time', type: FieldType.time, values: counted(t.slice(lo, lo + window)) },
            ...series.map((v, k) => ({
              name: 'abc'[k],
              type: FieldType.number,
              values: counted(v.slice(lo, lo + window)),
            })),
          ],
        }),
      ]);
      const perEmission: number[] = [];
      const res = await lastValueFrom(
        ds()
          .query(request([query({ compare: 'both', upstreamQuery: { refId: 'P', mode: 'packets' } as DataQuery })]))
          .pipe(
            map((r) => {
              perEmission.push(take()); // counted when each emission is answered (the stream runs synchronously)
              return r;
            }),
            toArray()
          )
      );
      // every added field's values: a kept view (a typed array), one buffer for most emissions (no copy)
      const buffers = new Map<string, Set<ArrayBufferLike>>();
      for (const packet of res.slice(1)) {
        for (const frame of packet.data as DataFrame[]) {
          for (const f of frame.fields.slice(frame.name === PEERS_FRAME_NAME ? 0 : 2)) {
            expect(ArrayBuffer.isView(f.values)).toBe(true);
            const key = `${frame.name}/${f.name}/${f.labels ? '' : frame.fields[1].name}`;
            buffers.set(key, (buffers.get(key) ?? new Set()).add((f.values as unknown as Float64Array).buffer));
          }
        }
      }
      return { reads: perEmission.slice(1), buffers: Math.max(...Array.from(buffers.values(), (b) => b.size)) };
    };
    const day = await cost(1440);
    const week = await cost(10_080);
    expect(day.reads).toEqual(week.reads);
    // per series and emission: a few rows' times and values (the new row, the one before it, the first), not 1,440
    expect(Math.max(...day.reads)).toBeLessThanOrEqual(3 * 12);
    expect(day.buffers).toBeLessThanOrEqual(2);
    expect(week.buffers).toBeLessThanOrEqual(2);
  });

  it('fewer than 3 series: peers is an error that says why; both keeps the bands and says so too', async () => {
    const two = wide(browsers.slice(0, 2));
    const peers = await ask([two], { compare: 'peers' });
    expect(peers.state).toBe(LoadingState.Error);
    expect(peers.data).toEqual([]);
    expect(peers.errors![0].message).toBe(
      'Bandscope query P: Compare = peers: comparing peers needs at least 3 series on one time axis; there are 2 ' +
        '("Chrome", "Firefox"): query one series per pod, host or country (e.g. sum by (pod))'
    );
    const both = await ask([two], { compare: 'both' });
    expect(both.state).toBe(LoadingState.Error);
    expect(both.data.filter(hasBands)).toHaveLength(2);
    expect(both.errors![0].message).toMatch(/^Bandscope query P: Compare = both: comparing peers needs at least 3/);
  });

  it('series on different timestamps: compared on the union of their times, and the query says so', async () => {
    // a long frame (time, pod label, value) where pod c misses every other step and pod d is shifted by 30 s
    const pods = ['a', 'b', 'c', 'd'];
    const steps = 30;
    const long = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [] as number[] },
        { name: 'pod', type: FieldType.string, values: [] as string[] },
        { name: 'value', type: FieldType.number, values: [] as number[] },
      ],
    });
    for (const pod of pods) {
      for (let t = 0; t < steps; t++) {
        if (pod === 'c' && t % 2 === 1) {
          continue;
        }
        long.fields[0].values.push(T0 + t * 60_000 + (pod === 'd' ? 30_000 : 0));
        long.fields[1].values.push(pod);
        long.fields[2].values.push(10 + Math.sin(t + pods.indexOf(pod)));
      }
    }
    long.length = long.fields[0].values.length;
    const res = await ask([long], { compare: 'peers' });
    expect(res.errors).toBeUndefined();
    const range = (res.data as DataFrame[]).find(isPeersFrame)!;
    expect(range.length).toBe(2 * steps); // a, b, c on the minute, d on the half minute
    expect(range.meta!.notices!.map((n) => n.text)).toEqual([
      "The series' timestamps differ: they are compared on the union of their times (60 steps; the longest series has 30 rows).",
      '45 of 60 time steps have fewer than 3 series with a value: no cluster range and no peer score there.',
    ]);
    // each series' score is read back at its own rows
    for (const f of seriesFrames(res)) {
      expect(byRole(f, 'peerScore').values).toHaveLength(f.length);
    }
  });

  it('invalid settings are query errors with the allowed range; forecast needs own history', async () => {
    const bad = await ask([wide(browsers)], {
      compare: 'peers',
      peers: { k: '-1', window: '$bad' },
      forecast: '1h',
    });
    expect(bad.errors![0].message).toBe(
      "Bandscope query P: forecast continues each series' own band: set Compare to own history or both, or clear " +
        'the forecast; peer window must be a number, got "$bad" (= "x"); peer k must be a finite number > 0, got -1'
    );
    const odd = await ask([wide(browsers)], { compare: 'everything' as never });
    expect(odd.errors![0].message).toBe(
      'Bandscope query P: compare must be one of history, peers, both, got "everything"'
    );
  });

  it('a query saved before Compare (schema 2) migrates and returns what it did: own-history bands only', async () => {
    const saved = query({ schemaVersion: 2 });
    const migrated = migrateQuery(saved);
    expect(migrated).toEqual({ ...saved, schemaVersion: SCHEMA_VERSION });
    const res = await ask([wide(browsers)], migrated);
    expect(res.data).toHaveLength(browsers.length);
    expect(res.data.every((f: DataFrame) => hasBands(f) && peersMeta(f) === undefined)).toBe(true);
    expect(res.data.flatMap((f: DataFrame) => f.fields.filter((x) => peerTag(x)))).toEqual([]);
  });
});
