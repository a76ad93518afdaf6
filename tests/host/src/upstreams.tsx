// Real DataSourceApi implementations the Bandscope datasource wraps in the harness:
// NAB CSV files, Apache log lines and web-log shapes (weblogUpstream.tsx), a real Prometheus (promUpstream.tsx),
// a timer-driven stream and one that fails.
import React from 'react';
import { Observable, throwError } from 'rxjs';

import {
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type DataSourcePluginMeta,
  DataSourceApi,
  DataSourcePlugin,
  FieldType,
  LoadingState,
  PluginType,
  type QueryEditorProps,
  createDataFrame,
} from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { type DataQuery } from '@grafana/schema';
import { Input, InlineField } from '@grafana/ui';

import { fetchText } from './fetch';
import { PromDataSource, type PromQuery } from './promUpstream';
import { WeblogDataSource, type WeblogQuery } from './weblogUpstream';

export interface CsvQuery extends DataQuery {
  /** Path under /data/nab/data, e.g. `realKnownCause/nyc_taxi.csv`; may contain dashboard variables. */
  file?: string;
}

export interface StreamQuery extends DataQuery {
  /** Points appended per emission. */
  pointsPerEmission?: number;
  /** Emissions before the stream completes. */
  emissions?: number;
  /** Simulated spacing between points (ms of data time). */
  stepMs?: number;
  /** Real time between emissions (ms). */
  periodMs?: number;
  /** Points kept in the emitted window, like TestData's circular buffer. */
  capacity?: number;
  /** Data time of the first point. */
  startMs?: number;
}

export interface FailingQuery extends DataQuery {
  mode?: 'throw' | 'response';
}

/** Parses `YYYY-MM-DD HH:MM:SS` as UTC. */
function parseNabTime(text: string): number {
  return Date.parse(text.replace(' ', 'T') + 'Z');
}

function parseNabCsv(text: string, name: string) {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const start = /^timestamp,/.test(lines[0]) ? 1 : 0;
  const time: number[] = [];
  const value: number[] = [];
  for (let i = start; i < lines.length; i++) {
    const [t, v] = lines[i].split(',');
    time.push(parseNabTime(t));
    value.push(Number(v));
  }
  return createDataFrame({
    name,
    fields: [
      { name: 'time', type: FieldType.time, values: time },
      { name: 'value', type: FieldType.number, values: value, config: { displayName: name } },
    ],
  });
}

function meta(id: string, name: string, extra: Partial<DataSourcePluginMeta> = {}): DataSourcePluginMeta {
  return {
    id,
    name,
    type: PluginType.datasource,
    module: '',
    baseUrl: '',
    info: {
      author: { name: 'Bandscope harness' },
      description: name,
      links: [],
      logos: { small: '/public/plugins/bandscope-app/img/logo.svg', large: '/public/plugins/bandscope-app/img/logo.svg' },
      screenshots: [],
      updated: '',
      version: '',
    },
    metrics: true,
    ...extra,
  };
}

export function instanceSettings(uid: string, name: string, pluginMeta: DataSourcePluginMeta, jsonData: object = {}) {
  return {
    id: uid.length,
    uid,
    name,
    type: pluginMeta.id,
    meta: pluginMeta,
    jsonData,
    access: 'proxy',
    readOnly: false,
  } as DataSourceInstanceSettings;
}

export class CsvDataSource extends DataSourceApi<CsvQuery> {
  async query(request: DataQueryRequest<CsvQuery>): Promise<DataQueryResponse> {
    const frames = await Promise.all(
      request.targets
        .filter((t) => !t.hide && t.file)
        .map(async (t) => {
          const file = getTemplateSrv().replace(t.file, request.scopedVars);
          const frame = parseNabCsv(await fetchText(`/data/nab/data/${file}`), file.replace(/^.*\//, '').replace(/\.csv$/, ''));
          return { ...frame, refId: t.refId };
        })
    );
    return { data: frames };
  }

  async testDatasource() {
    return { status: 'success', message: 'CSV files are served by the plugin host.' };
  }
}

/** Deterministic test signal: daily-ish sine, small noise, a spike every 97 points. */
function streamValue(i: number): number {
  const noise = Math.sin(i * 12.9898) * 43758.5453;
  return 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + (noise - Math.floor(noise) - 0.5) + (i % 97 === 96 ? 25 : 0);
}

export class StreamDataSource extends DataSourceApi<StreamQuery> {
  query(request: DataQueryRequest<StreamQuery>): Observable<DataQueryResponse> {
    const q = request.targets[0];
    const per = q.pointsPerEmission ?? 10;
    const emissions = q.emissions ?? 30;
    const step = q.stepMs ?? 1000;
    const period = q.periodMs ?? 20;
    const capacity = q.capacity ?? 1000;
    const start = q.startMs ?? Date.UTC(2026, 0, 1);
    return new Observable<DataQueryResponse>((subscriber) => {
      const time: number[] = [];
      const value: number[] = [];
      let n = 0;
      let emitted = 0;
      const timer = setInterval(() => {
        for (let j = 0; j < per; j++, n++) {
          time.push(start + n * step);
          value.push(streamValue(n));
        }
        if (time.length > capacity) {
          time.splice(0, time.length - capacity);
          value.splice(0, value.length - capacity);
        }
        emitted++;
        const frame = createDataFrame({
          refId: q.refId,
          name: 'stream',
          fields: [
            { name: 'time', type: FieldType.time, values: time.slice() },
            { name: 'value', type: FieldType.number, values: value.slice() },
          ],
        });
        const done = emitted >= emissions;
        subscriber.next({ data: [frame], key: q.refId, state: done ? LoadingState.Done : LoadingState.Streaming });
        if (done) {
          clearInterval(timer);
          subscriber.complete();
        }
      }, period);
      return () => clearInterval(timer);
    });
  }

  async testDatasource() {
    return { status: 'success', message: 'Streams points on a timer.' };
  }
}

export class FailingDataSource extends DataSourceApi<FailingQuery> {
  query(request: DataQueryRequest<FailingQuery>): Observable<DataQueryResponse> {
    const q = request.targets[0];
    if (q.mode === 'response') {
      return new Observable((s) => {
        s.next({ data: [], error: { message: 'upstream says: syntax error at line 1', refId: q.refId }, state: LoadingState.Error });
        s.complete();
      });
    }
    return throwError(() => ({ message: 'upstream says: connection refused', status: 502 }));
  }

  async testDatasource() {
    return { status: 'error', message: 'upstream says: connection refused' };
  }
}

function TextQueryEditor<Q extends DataQuery>(key: keyof Q & string, label: string) {
  return function Editor({ query, onChange, onRunQuery }: QueryEditorProps<any, Q>) {
    return (
      <InlineField label={label} labelWidth={14}>
        <Input
          data-testid={`upstream-${key}`}
          width={40}
          value={String(query[key] ?? '')}
          onChange={(e) => onChange({ ...query, [key]: e.currentTarget.value })}
          onBlur={onRunQuery}
        />
      </InlineField>
    );
  };
}

export const UPSTREAMS = [
  {
    plugin: new DataSourcePlugin(CsvDataSource).setQueryEditor(TextQueryEditor<CsvQuery>('file', 'NAB file')),
    settings: instanceSettings('nab-csv', 'NAB CSV', meta('harness-csv', 'NAB CSV files'), {}),
  },
  {
    // type `prometheus`, as Grafana's own Prometheus datasource
    plugin: new DataSourcePlugin(PromDataSource).setQueryEditor(TextQueryEditor<PromQuery>('expr', 'PromQL')),
    settings: instanceSettings('prometheus', 'Prometheus', meta('prometheus', 'Prometheus')),
  },
  {
    // Log lines: the web-log upstream's default shape ('lines'), queried with `{ refId, file }`.
    plugin: new DataSourcePlugin(WeblogDataSource).setQueryEditor(TextQueryEditor<WeblogQuery>('file', 'Log file')),
    settings: instanceSettings('apache-logs', 'Apache logs', meta('harness-logs', 'Log files', { logs: true })),
  },
  {
    plugin: new DataSourcePlugin(StreamDataSource).setQueryEditor(TextQueryEditor<StreamQuery>('refId', 'Stream')),
    settings: instanceSettings('stream', 'Stream', meta('harness-stream', 'Streaming points', { streaming: true })),
  },
  {
    plugin: new DataSourcePlugin(FailingDataSource).setQueryEditor(TextQueryEditor<FailingQuery>('mode', 'Mode')),
    settings: instanceSettings('failing', 'Failing', meta('harness-failing', 'Always fails')),
  },
  {
    plugin: new DataSourcePlugin(WeblogDataSource).setQueryEditor(TextQueryEditor<WeblogQuery>('shape', 'Shape')),
    settings: instanceSettings('weblog', 'Web-log shapes', meta('harness-weblog', 'Web-log input shapes', { logs: true })),
  },
];
