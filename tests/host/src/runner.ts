// The part of Grafana's query runner a plugin notices: build a DataQueryRequest, subscribe to
// the datasource's answer (Promise or Observable), merge streaming packets by key.
import { from, isObservable, map, type Observable, of, catchError } from 'rxjs';

import {
  type DataFrame,
  type DataQuery,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceApi,
  dateTime,
  LoadingState,
  type PanelData,
  type ScopedVars,
  type TimeRange,
  toDataFrame,
} from '@grafana/data';
import { toDataQueryError } from '@grafana/runtime';

export interface QueryOptions {
  range?: { from: number; to: number };
  maxDataPoints?: number;
  intervalMs?: number;
  scopedVars?: ScopedVars;
}

export function timeRange(range?: { from: number; to: number }): TimeRange {
  const to = dateTime(range?.to ?? Date.now());
  const fromTime = dateTime(range?.from ?? to.valueOf() - 6 * 3600_000);
  return { from: fromTime, to, raw: { from: fromTime, to } };
}

let requestCounter = 0;

export function buildRequest(targets: DataQuery[], opts: QueryOptions = {}): DataQueryRequest {
  const intervalMs = opts.intervalMs ?? 60_000;
  return {
    requestId: `host-${++requestCounter}`,
    app: 'dashboard',
    interval: `${Math.round(intervalMs / 1000)}s`,
    intervalMs,
    maxDataPoints: opts.maxDataPoints ?? 1000,
    range: timeRange(opts.range),
    scopedVars: opts.scopedVars ?? {},
    targets,
    timezone: 'utc',
    startTime: Date.now(),
  };
}

export function runQuery(ds: DataSourceApi, request: DataQueryRequest): Observable<PanelData> {
  const answer = ds.query(request);
  const packets: Observable<DataQueryResponse> = isObservable(answer) ? answer : from(answer);
  const byKey = new Map<string, DataFrame[]>();
  return packets.pipe(
    map((packet): PanelData => {
      byKey.set(packet.key ?? 'A', (packet.data ?? []).map((d) => toDataFrame(d)));
      const errors = packet.errors ?? (packet.error ? [packet.error] : undefined);
      return {
        state: errors?.length ? LoadingState.Error : (packet.state ?? LoadingState.Done),
        series: [...byKey.values()].flat(),
        errors,
        error: errors?.[0],
        timeRange: request.range,
        request,
      };
    }),
    catchError((err) =>
      of<PanelData>({
        state: LoadingState.Error,
        series: [],
        errors: [toDataQueryError(err)],
        error: toDataQueryError(err),
        timeRange: request.range,
        request,
      })
    )
  );
}
