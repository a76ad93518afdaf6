// The datasource's web-log mode: upstream log/table frames in (any of the three input shapes, see
// src/weblog-client/input.ts), per-bucket count frames out:
//
//   requests   time, requests (+ predicted, low, high, score, anomaly per src/contract.ts): total
//              requests per bucket with Bandscope bands — any time series panel can draw it.
//   countries  LONG: time, country (ISO alpha-2, '' = unknown/private), count; only non-zero cells, rows
//              by time then descending count. Long because countries are many and sparse; it is
//              exactly the "counts" input shape, so the Bandscope map (or Geomap, a table, another
//              Bandscope query) reads it back without re-parsing.
//   browsers   WIDE: time + one number field per browser family (top 10; the rest folded into `Other`).
//   status     WIDE: time + 1xx…5xx (+ other): status classes present in the input.
//   + `bandscope-episodes` (contract) when asked for.
//
// Every frame carries `meta.custom.bandscopeWeblog = { role, bucket, bucketMs }` so a panel knows what
// it got. Raw lines and IP rows are parsed in the web-log Web Worker (never on Grafana's main thread);
// counts are cheap and handled in place.

import { type DataFrame, type Field, FieldType, type QueryResultMetaNotice } from '@grafana/data';

import type { DetectorParams, PresetName } from '../detect';
import { buildEpisodesFrame } from '../frames/write';
import type { GeoTableInfo } from '../geo/format';
import { capNotes, type WeblogAggregate } from '../weblog/aggregate';
import type { BucketChoice } from '../weblog/buckets';
import type { WeblogJobResult } from '../weblog/job';
import { aggregateWeblog } from '../weblog-client/client';
import { detectWeblogInput } from '../weblog-client/input';
import {
  bucketTimeField,
  requestsFrame,
  WEBLOG_DETECTOR,
  WEBLOG_FRAME_NAMES,
  weblogFrameMeta,
} from '../weblog-client/requests';

export interface WeblogOptions {
  bucket?: BucketChoice;
  /** Point budget for 'auto' buckets (default 500; e.g. the query's maxDataPoints). */
  maxBuckets?: number;
  /** Detector for the total-requests bands (default WEBLOG_DETECTOR). */
  preset?: PresetName;
  params?: Partial<DetectorParams>;
  /** Add the episodes frame. */
  episodes?: boolean;
  /** Browser families kept as fields (default 10); the rest count as `Other`. */
  topBrowsers?: number;
  /** Stands in for the time of counts without a time field (default: now). */
  fallbackTime?: number;
  signal?: AbortSignal;
}

/** Long country counts: one row per bucket and country with a non-zero count. */
function countriesFrame(a: WeblogAggregate, refId: string, ipData: GeoTableInfo | null): DataFrame {
  const time: number[] = [];
  const country: string[] = [];
  const count: number[] = [];
  const by = a.by.country;
  for (let i = 0; i < a.times.length; i++) {
    const cells: Array<[string, number]> = [];
    for (const b of by) {
      if (b.counts[i] > 0) {
        cells.push([b.key, b.counts[i]]);
      }
    }
    cells.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    for (const [k, n] of cells) {
      time.push(a.times[i]);
      country.push(k);
      count.push(n);
    }
  }
  return {
    name: WEBLOG_FRAME_NAMES.country,
    refId,
    length: time.length,
    fields: [
      { name: 'time', type: FieldType.time, config: {}, values: time },
      { name: 'country', type: FieldType.string, config: {}, values: country },
      { name: 'count', type: FieldType.number, config: { unit: 'short', decimals: 0 }, values: count },
    ],
    meta: { custom: weblogFrameMeta('country', a, ipData) },
  };
}

/** Wide frame: time + one field per key of a dimension (the first `top` keys; the rest added to `Other`). */
function wideFrame(a: WeblogAggregate, refId: string, role: 'browser' | 'status', top = Infinity): DataFrame {
  const list = a.by[role];
  const kept = list.slice(0, top).map((b) => ({ key: b.key, counts: Float64Array.from(b.counts) }));
  const rest = list.slice(top);
  if (rest.length > 0) {
    let other = kept.find((b) => b.key === 'Other');
    if (!other) {
      other = { key: 'Other', counts: new Float64Array(a.times.length) };
      kept.push(other);
    }
    for (const b of rest) {
      b.counts.forEach((n, i) => (other!.counts[i] += n));
    }
  }
  const order =
    role === 'status'
      ? kept.sort((x, y) => (x.key === 'other' ? 1 : y.key === 'other' ? -1 : x.key < y.key ? -1 : 1))
      : kept;
  return {
    name: WEBLOG_FRAME_NAMES[role],
    refId,
    length: a.times.length,
    fields: [
      bucketTimeField(a),
      ...order.map<Field>((b) => ({
        name: b.key,
        type: FieldType.number,
        config: { unit: 'short', decimals: 0 },
        values: Array.from(b.counts),
      })),
    ],
    meta: { custom: weblogFrameMeta(role, a) },
  };
}

/** Warnings for rejected lines and a missing geo table, as query notices (plain text). */
function weblogNotices(r: WeblogJobResult): QueryResultMetaNotice[] {
  const s = r.aggregate.stats;
  const notices: QueryResultMetaNotice[] = [];
  if (s.rejected > 0) {
    const first = s.samples[0];
    const why = Object.entries(s.rejectedBy)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    notices.push({
      severity: 'warning',
      text:
        `${s.rejected} of ${s.lines} log lines/rows were not counted (${why})` +
        `${first ? `; first at line ${first.line}` : ''}.`,
    });
  }
  const caps = capNotes(s);
  if (caps.length > 0) {
    notices.push({ severity: 'info', text: `Limits applied: ${caps.join('; ')}.` });
  }
  if (r.geoError) {
    notices.push({
      severity: 'warning',
      text: `Countries are not counted: the IP→country table did not load (${r.geoError}).`,
    });
  }
  return notices;
}

/** All output frames of one aggregate. */
function weblogResultFrames(r: WeblogJobResult, options: WeblogOptions, refId: string): DataFrame[] {
  const a = r.aggregate;
  // requests are counts whatever the preset: their band is never narrower than their Poisson noise
  const detector = options.preset
    ? { preset: options.preset, params: { ...options.params, counts: true } }
    : WEBLOG_DETECTOR;
  const { frame: total, episodes } = requestsFrame(a, refId, detector);
  const notices = weblogNotices(r);
  if (notices.length > 0) {
    total.meta = { ...total.meta, notices: [...notices, ...(total.meta?.notices ?? [])] };
  }
  const frames = [total, countriesFrame(a, refId, r.geo)];
  if (a.by.browser.length > 0) {
    frames.push(wideFrame(a, refId, 'browser', options.topBrowsers ?? 10));
  }
  if (a.by.status.length > 0) {
    frames.push(wideFrame(a, refId, 'status'));
  }
  if (options.episodes) {
    // The bands mode's episodes frame: annotations get the same title, text, peak time and point count.
    frames.push(
      buildEpisodesFrame(
        episodes.map((e) => ({ ...e, series: WEBLOG_FRAME_NAMES.total })),
        refId
      )
    );
  }
  return frames;
}

/**
 * Web-log mode: detects the input shape of the upstream frames, aggregates per bucket (parsing in the
 * Web Worker) and returns the frames described at the top of this file. Throws when the frames hold
 * none of the three shapes (the message says what was expected).
 */
export async function weblogFrames(frames: DataFrame[], options: WeblogOptions, refId: string): Promise<DataFrame[]> {
  const detected = detectWeblogInput(frames, options.fallbackTime);
  if (!detected) {
    const fields = frames.flatMap((f) => f.fields.map((x) => `${x.name} (${x.type})`));
    throw new Error(
      'web-log mode needs raw access log lines (a string field), rows with an IP field and a time field, ' +
        `or counts with a country-code field; the upstream answered ${fields.length ? fields.join(', ') : 'no fields'}`
    );
  }
  const bucket = options.bucket ?? 'auto';
  const result = await aggregateWeblog(detected.input, {
    bucket,
    maxBuckets: options.maxBuckets,
    signal: options.signal,
  });
  return weblogResultFrames(result, options, refId);
}
