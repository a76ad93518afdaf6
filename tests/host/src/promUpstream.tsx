// A Prometheus-type upstream: queries a real Prometheus (started by a spec on 127.0.0.1, reached through the host's
// same-origin proxy /prometheus/<port>/) with /api/v1/query_range and returns frames shaped as Grafana's own
// Prometheus datasource returns them (pkg/promlib: one frame per series, `Time` + a value field named after the
// metric with the series' labels, `displayNameFromDS`, meta type `timeseries-multi`).
import {
  type DataFrame,
  type DataQueryRequest,
  type DataQueryResponse,
  DataSourceApi,
  createDataFrame,
  FieldType,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { type DataQuery } from '@grafana/schema';

export interface PromQuery extends DataQuery {
  expr?: string;
}

interface MatrixResult {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

let port: number | undefined;

/** Where the spec's Prometheus listens (the host proxies /prometheus/<port>/ to 127.0.0.1:<port>). */
export function setPrometheusPort(p: number) {
  port = p;
}

/** Prometheus's float text: shortest round-trip decimals, NaN, +Inf, -Inf. */
function sampleValue(text: string): number {
  return text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
}

/** `name{a="b", c="d"}` as Grafana's Prometheus datasource names a series. */
function seriesName(labels: Record<string, string>): string {
  const { __name__: name = '', ...rest } = labels;
  const inner = Object.entries(rest)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(', ');
  return inner === '' ? name : `${name}{${inner}}`;
}

function toFrame(series: MatrixResult, refId: string, stepMs: number, executed?: string): DataFrame {
  const name = series.metric.__name__ ?? 'Value';
  return createDataFrame({
    refId,
    meta: {
      type: 'timeseries-multi' as never,
      typeVersion: [0, 1],
      custom: { resultType: 'matrix' },
      ...(executed ? { executedQueryString: executed } : {}),
    },
    fields: [
      {
        name: 'Time',
        type: FieldType.time,
        config: { interval: stepMs },
        values: series.values.map(([t]) => t * 1000),
      },
      {
        name,
        type: FieldType.number,
        labels: series.metric,
        config: { displayNameFromDS: seriesName(series.metric) },
        values: series.values.map(([, v]) => sampleValue(v)),
      },
    ],
  });
}

export class PromDataSource extends DataSourceApi<PromQuery> {
  async query(request: DataQueryRequest<PromQuery>): Promise<DataQueryResponse> {
    if (port === undefined) {
      throw new Error('no Prometheus: the spec must call host.setPrometheusPort(port) first');
    }
    const stepMs = Math.max(1000, request.intervalMs);
    // Grafana aligns the range to the step, so every series is sampled at multiples of it
    const start = Math.floor(request.range.from.valueOf() / stepMs) * stepMs;
    const end = Math.floor(request.range.to.valueOf() / stepMs) * stepMs;
    const data: DataFrame[] = [];
    for (const target of request.targets.filter((t) => !t.hide && t.expr)) {
      const expr = getTemplateSrv().replace(target.expr, request.scopedVars);
      const params = new URLSearchParams({
        query: expr,
        start: String(start / 1000),
        end: String(end / 1000),
        step: String(stepMs / 1000),
      });
      const res = await fetch(`/prometheus/${port}/api/v1/query_range?${params}`);
      const body = await res.json();
      if (body.status !== 'success') {
        throw new Error(`Prometheus: ${body.error ?? res.statusText}`);
      }
      const result = body.data.result as MatrixResult[];
      result.forEach((series, i) =>
        data.push(toFrame(series, target.refId, stepMs, i === 0 ? `Expr: ${expr}\nStep: ${stepMs / 1000}s` : undefined))
      );
    }
    return { data };
  }

  async testDatasource() {
    const res = await fetch(`/prometheus/${port}/api/v1/status/buildinfo`);
    return res.ok
      ? { status: 'success', message: 'Prometheus answers.' }
      : { status: 'error', message: res.statusText };
  }
}
