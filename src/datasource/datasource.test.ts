import { lastValueFrom, Observable, of, throwError, toArray } from 'rxjs';

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

import { hasBands } from '../contract';
import { episodesToAnnotations } from './annotations';
import { BandscopeDatasource } from './datasource';
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
