// The Bandscope datasource: forwards each query to its upstream datasource, puts bands on every series of
// every emission (incrementally for streams) and turns anomaly episodes into region annotations.
import { Observable, defer, from, isObservable, merge, of } from 'rxjs';
import { catchError, concatMap, map } from 'rxjs/operators';

import {
  type AnnotationQuery,
  type AnnotationSupport,
  type CoreApp,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  type DataSourceInstanceSettings,
  type ScopedVars,
  LoadingState,
  type TestDataSourceResponse,
  toDataFrame,
} from '@grafana/data';
import { config, getDataSourceSrv, getTemplateSrv, toDataQueryError } from '@grafana/runtime';
import { type DataQuery, type DataSourceRef } from '@grafana/schema';

import { unitBounds } from '../contract';
import { DEFAULT_PRESET, DetectorError, readsArrivalOrder } from '../detect';
import { extractSeries, LiveReader } from '../frames/read';
import { PeersError, StreamingPeers } from '../frames/peers';
import { buildBandFrame, buildEpisodesFrame, buildPeerFrame, type NamedEpisode } from '../frames/write';
import { SCHEMA_VERSION } from '../schema';
import { migrateQuery } from './migrations';
import { isBlank, type ResolvedSettings, resolveSettings } from './settings';
import { StreamingBands } from '../frames/streaming';
import { episodesToAnnotations } from './annotations';
import { type PeersAnswer, peersAnswer } from './peers';
import { type BandscopeJsonData, type BandscopeQuery } from './types';
import { type WeblogOptions, weblogFrames } from './weblog';

export type { BandscopeJsonData, BandscopeQuery } from './types';

/** A problem on Bandscope's side (settings, missing upstream, unusable frames): reported with the query's refId. */
class BandscopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BandscopeError';
  }
}

const PLUGIN_TYPE = 'bandscope-datasource';
/** `meta.stats` entry: points the detector processed for this emission (the new ones on a stream). */
const PROCESSED_STAT = 'Bandscope points processed';

/** What one query run carries from an emission to the next, so a live query pays only for its new points. */
interface LiveState {
  reader: LiveReader;
  bands: StreamingBands;
  peers: StreamingPeers;
}

function bandscopeError(refId: string, cause: unknown): DataQueryError {
  const message = cause instanceof Error ? cause.message : String(cause);
  return { refId, message: `Bandscope query ${refId}: ${message}` };
}

/** Upstream errors pass through with the upstream's own message; only the refId is filled in. */
function upstreamError(refId: string, err: unknown): DataQueryError {
  const e = toDataQueryError(err as Parameters<typeof toDataQueryError>[0]);
  return { ...e, refId: e.refId ?? refId };
}

/** The errors an upstream emission carries, refId filled in. */
function upstreamErrors(packet: DataQueryResponse, refId: string): DataQueryError[] {
  // `error` is deprecated, but older upstreams still answer with it alone.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const errors = packet.errors ?? (packet.error ? [packet.error] : []);
  return errors.map((e) => ({ ...e, refId: e.refId ?? refId }));
}

export class BandscopeDatasource extends DataSourceApi<BandscopeQuery, BandscopeJsonData> {
  readonly jsonData: BandscopeJsonData;

  annotations: AnnotationSupport<BandscopeQuery> = {
    prepareQuery: (anno: AnnotationQuery<BandscopeQuery>) => {
      const target = anno.target;
      if (!target) {
        return undefined;
      }
      return { ...target, refId: target.refId || 'Anno', episodes: true };
    },
    processEvents: (_anno: AnnotationQuery<BandscopeQuery>, frames: DataFrame[]) =>
      of(episodesToAnnotations(frames, config.theme2)),
  };

  constructor(settings: DataSourceInstanceSettings<BandscopeJsonData>) {
    super(settings);
    this.jsonData = settings.jsonData ?? {};
  }

  getDefaultQuery(_app: CoreApp): Partial<BandscopeQuery> {
    return {
      schemaVersion: SCHEMA_VERSION,
      mode: 'bands',
      ...(this.jsonData.defaultUpstream ? { upstream: this.jsonData.defaultUpstream } : {}),
      outputs: { predicted: true, band: true, score: true, anomaly: true },
      episodes: false,
    };
  }

  /**
   * Explore and query conversion: the detector settings with variables replaced (the upstream query is the
   * upstream's business).
   */
  interpolateVariablesInQueries(queries: BandscopeQuery[], scopedVars: ScopedVars): BandscopeQuery[] {
    const interpolate = this.interpolator(scopedVars);
    const each = <T extends object>(values: T) =>
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'string' ? interpolate(v) : v])) as T;
    return queries.map((q) => ({
      ...q,
      ...(typeof q.preset === 'string' ? { preset: interpolate(q.preset) } : {}),
      ...(typeof q.forecast === 'string' ? { forecast: interpolate(q.forecast) } : {}),
      ...(q.params ? { params: each(q.params) } : {}),
      ...(q.peers ? { peers: each(q.peers) } : {}),
    }));
  }

  getQueryDisplayText(query: BandscopeQuery): string {
    const upstream = query.upstream?.uid ?? this.jsonData.defaultUpstream?.uid ?? 'no upstream';
    const what = query.mode === 'weblog' ? 'web log' : (query.preset ?? this.jsonData.defaultPreset ?? DEFAULT_PRESET);
    return `${what} on ${upstream}`;
  }

  filterQuery(query: BandscopeQuery): boolean {
    return !query.hide;
  }

  query(request: DataQueryRequest<BandscopeQuery>): Observable<DataQueryResponse> {
    const targets = request.targets.filter((t) => !t.hide).map(migrateQuery);
    if (targets.length === 0) {
      return of({ data: [], state: LoadingState.Done });
    }
    const finished = new Set<string>();
    const answers = targets.map((t) =>
      this.runTarget(t, request).pipe(map((response) => ({ refId: t.refId, response })))
    );
    return merge(...answers).pipe(
      map(({ refId, response }) => {
        if (response.state !== LoadingState.Streaming && response.state !== LoadingState.Loading) {
          finished.add(refId);
        }
        let state = response.state ?? LoadingState.Done;
        if (state === LoadingState.Done && finished.size < targets.length) {
          state = LoadingState.Loading;
        }
        return { ...response, state };
      })
    );
  }

  private interpolator(scopedVars: ScopedVars) {
    const templateSrv = getTemplateSrv();
    return (text: string) => templateSrv.replace(text, scopedVars);
  }

  private runTarget(target: BandscopeQuery, request: DataQueryRequest<BandscopeQuery>): Observable<DataQueryResponse> {
    const refId = target.refId;
    const keyOf = (upstreamKey?: string) => `bandscope/${refId}/${upstreamKey ?? ''}`;
    const fail = (error: DataQueryError): DataQueryResponse => ({
      data: [],
      key: keyOf(),
      state: LoadingState.Error,
      errors: [error],
    });
    return defer(() => {
      let settings: ResolvedSettings;
      try {
        settings = resolveSettings(target, this.jsonData, this.interpolator(request.scopedVars));
      } catch (e) {
        return of(fail(bandscopeError(refId, e)));
      }
      const ref = target.upstream ?? this.jsonData.defaultUpstream;
      if (!ref?.uid) {
        return of(
          fail(
            bandscopeError(refId, 'pick an upstream datasource (or set a default upstream in the datasource settings)')
          )
        );
      }
      if (ref.uid === this.uid || ref.type === PLUGIN_TYPE) {
        return of(fail(bandscopeError(refId, 'the upstream datasource cannot be a Bandscope datasource')));
      }
      const bands = new StreamingBands(settings.preset, settings.params);
      const peers = new StreamingPeers();
      const reader = new LiveReader();
      const upstream$ = defer(() => getDataSourceSrv().get(ref)).pipe(
        catchError(() => {
          throw new BandscopeError(`upstream datasource ${JSON.stringify(ref.uid)} was not found`);
        }),
        concatMap((ds) => {
          const upstreamTarget: DataQuery = { ...target.upstreamQuery, refId, datasource: ds.getRef() };
          delete upstreamTarget.hide;
          const upstreamRequest = {
            ...request,
            requestId: `${request.requestId}_bandscope_${refId}`,
            targets: [upstreamTarget],
          } as DataQueryRequest<DataQuery>;
          const answer = ds.query(upstreamRequest);
          return isObservable(answer) ? answer : from(answer);
        })
      );
      return upstream$.pipe(
        target.mode === 'weblog'
          ? concatMap((packet: DataQueryResponse) => this.weblogAnswer(packet, target, settings, request, keyOf))
          : map((packet: DataQueryResponse) =>
              this.answer(packet, this.inputFrames(packet, refId), { reader, bands, peers }, settings, target, keyOf)
            ),
        catchError((err) =>
          of(fail(err instanceof BandscopeError ? bandscopeError(refId, err) : upstreamError(refId, err)))
        )
      );
    });
  }

  /**
   * Web-log mode: the web-log module counts lines per bucket and puts bands on the request counts itself
   * (with its own detector defaults unless the query sets a preset or parameters). Aborted on unsubscribe.
   */
  private weblogAnswer(
    packet: DataQueryResponse,
    target: BandscopeQuery,
    settings: ResolvedSettings,
    request: DataQueryRequest<BandscopeQuery>,
    keyOf: (k?: string) => string
  ): Observable<DataQueryResponse> {
    const refId = target.refId;
    const errors = upstreamErrors(packet, refId);
    if (errors.length > 0) {
      return of({ data: [], key: keyOf(packet.key), state: LoadingState.Error, errors });
    }
    const params: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(target.params ?? {})) {
      if (!isBlank(value)) {
        params[key] = settings.params[key as keyof typeof settings.params];
      }
    }
    return new Observable<DataQueryResponse>((subscriber) => {
      const abort = new AbortController();
      const options = {
        ...target.weblog,
        maxBuckets: request.maxDataPoints,
        ...(!isBlank(target.preset) || Object.keys(params).length > 0 ? { preset: settings.preset, params } : {}),
        episodes: target.episodes === true,
        signal: abort.signal,
      };
      weblogFrames(this.inputFrames(packet, refId), options as WeblogOptions, refId).then(
        (frames) => {
          subscriber.next({ data: frames, key: keyOf(packet.key), state: packet.state });
          subscriber.complete();
        },
        (e) => {
          if (!abort.signal.aborted) {
            subscriber.next({
              data: [],
              key: keyOf(packet.key),
              state: LoadingState.Error,
              errors: [bandscopeError(refId, e)],
            });
            subscriber.complete();
          }
        }
      );
      return () => abort.abort();
    });
  }

  private inputFrames(packet: DataQueryResponse, refId: string): DataFrame[] {
    return (packet.data ?? []).map((d) => ({ ...toDataFrame(d), refId }));
  }

  /** One upstream emission → one Bandscope emission (same upstream key, so streaming packets replace each other). */
  private answer(
    packet: DataQueryResponse,
    frames: DataFrame[],
    state: LiveState,
    settings: ResolvedSettings,
    target: BandscopeQuery,
    keyOf: (k?: string) => string
  ): DataQueryResponse {
    const refId = target.refId;
    const errors = upstreamErrors(packet, refId);
    const key = keyOf(packet.key);
    try {
      const data = this.bandFrames(frames, state, settings, target);
      if (data.bandFrames === 0 && data.frames.length > 0 && errors.length === 0) {
        errors.push(bandscopeError(refId, `the upstream returned no time series with numbers (${data.why})`));
      }
      errors.push(...data.problems.map((p) => bandscopeError(refId, p)));
      return {
        data: data.frames,
        key,
        state: errors.length > 0 ? LoadingState.Error : packet.state,
        ...(errors.length > 0 ? { errors } : {}),
      };
    } catch (e) {
      const error =
        e instanceof DetectorError || e instanceof BandscopeError
          ? bandscopeError(refId, e)
          : bandscopeError(refId, `unexpected failure: ${String(e)}`);
      return { data: [], key, state: LoadingState.Error, errors: [...errors, error] };
    }
  }

  private bandFrames(frames: DataFrame[], state: LiveState, settings: ResolvedSettings, target: BandscopeQuery) {
    const { bands } = state;
    const { series, passthrough } = extractSeries(frames, {
      sort: !readsArrivalOrder(settings.preset),
      live: state.reader,
    });
    const out: DataFrame[] = [];
    const episodes: NamedEpisode[] = [];
    const keys = new Set<string>();
    const history = settings.compare !== 'peers';
    let peers: PeersAnswer | undefined;
    const problems: string[] = [];
    if (settings.compare !== 'history' && series.length > 0) {
      try {
        peers = peersAnswer(series, settings.peers, target.refId, state.peers);
      } catch (e) {
        if (!(e instanceof PeersError) || !history) {
          throw e instanceof PeersError ? new BandscopeError(`Compare = peers: ${e.message}`) : e;
        }
        problems.push(`Compare = both: ${e.message}; own-history bands only`);
      }
    }
    series.forEach((s, i) => {
      keys.add(s.key);
      let frame: DataFrame | undefined;
      if (history) {
        const started = performance.now();
        const upd = bands.update(s.key, s.times, s.values, unitBounds(s.valueField.config.unit));
        const horizonMs = settings.forecastMs;
        const forecast = horizonMs > 0 ? { horizonMs, points: bands.forecast(s.key, horizonMs) } : undefined;
        const ms = performance.now() - started;
        frame = buildBandFrame(
          s,
          { ...upd.columns, gaps: upd.gaps },
          {
            meta: { preset: settings.preset, params: settings.params },
            forecast,
            outputs: target.outputs,
            stats: [
              { displayName: PROCESSED_STAT, value: upd.processed },
              { displayName: 'Bandscope detector time', value: Math.round(ms * 1000) / 1000, unit: 'ms' },
            ],
            notices: upd.restarted
              ? [
                  {
                    severity: 'info',
                    text: 'The upstream window did not continue the previous one; the detector started again.',
                  },
                ]
              : [],
          }
        );
        for (const e of upd.episodes) {
          episodes.push({ ...e, series: s.name });
        }
      }
      if (peers) {
        frame = buildPeerFrame(s, peers.columns(i), peers.meta(i), frame);
        for (const e of peers.episodes(i)) {
          episodes.push({ ...e, series: `${s.name} vs peers` });
        }
      }
      out.push(frame!);
    });
    if (peers) {
      out.push(peers.frame);
    }
    if (frames.length > 0) {
      bands.retain(keys); // an empty packet (e.g. an upstream hiccup) does not throw the detectors away
    }
    out.push(...passthrough);
    if (target.episodes) {
      out.push(buildEpisodesFrame(episodes, target.refId));
    }
    const why = passthrough.map((f) => f.meta?.notices?.at(-1)?.text ?? '').join(' ');
    return { frames: out, bandFrames: series.length, why, problems };
  }

  async testDatasource(): Promise<TestDataSourceResponse> {
    const ref: DataSourceRef | undefined = this.jsonData.defaultUpstream;
    if (!ref?.uid) {
      return {
        status: 'success',
        message: 'Bandscope is ready. No default upstream datasource is set: every query picks its own upstream.',
      };
    }
    const settings = getDataSourceSrv().getInstanceSettings(ref);
    if (!settings) {
      return { status: 'error', message: `The default upstream datasource ${JSON.stringify(ref.uid)} was not found.` };
    }
    try {
      const ds = await getDataSourceSrv().get(ref);
      const res = ds.testDatasource ? await ds.testDatasource() : { status: 'success', message: 'no test available' };
      if (res?.status === 'error') {
        return {
          status: 'error',
          message: `The default upstream "${settings.name}" answered with an error: ${res.message}`,
        };
      }
      return {
        status: 'success',
        message: `Bandscope is ready. The default upstream "${settings.name}" answers: ${res?.message ?? 'OK'}`,
      };
    } catch (e) {
      const err = toDataQueryError(e as Parameters<typeof toDataQueryError>[0]);
      return { status: 'error', message: `The default upstream "${settings.name}" failed: ${err.message}` };
    }
  }
}
