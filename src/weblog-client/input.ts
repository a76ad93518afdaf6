// Which of the three web-log input shapes a query's frames carry, found by field types, names and a
// sample of values (never by trusting a single name):
//   lines   a string field of raw Apache lines (Loki `Line`, a file, Elasticsearch `message`…);
//   rows    a time field plus an IP field (optionally user agent and status): Elasticsearch, SQL;
//   counts  a country field (or a country label on numeric series) plus counts per time: Loki/Prometheus
//           `sum by (geoip_country_name)`, or the Bandscope datasource's web-log mode. Country keys are ISO
//           alpha-2, alpha-3, numeric or English names (countryCode); the aggregator reports unknown ones.

import { type DataFrame, type Field, FieldType } from '@grafana/data';

import { type WeblogFrameMeta, weblogMeta } from '../contract';
import { countryCode } from '../geo/countries';
import { parseIPv4, parseIPv6 } from '../geo/ip';
import { parseLine } from '../weblog/parse';

export type WeblogInput =
  | { kind: 'lines'; lines: ArrayLike<unknown> }
  | {
      kind: 'rows';
      time: ArrayLike<number>;
      ip: ArrayLike<string | null>;
      userAgent?: ArrayLike<string | null>;
      status?: ArrayLike<number | string | null>;
    }
  | { kind: 'counts'; time: ArrayLike<number>; country: ArrayLike<string | null>; count: ArrayLike<number | null> };

export interface DetectedInput {
  input: WeblogInput;
  /** Field names used, for messages ("lines from Line", "rows from time + clientip"). */
  source: string;
  /** Bucket width already applied upstream (datasource web-log mode), if known. */
  bucketMs?: number;
  /** The IP table the datasource's web-log mode looked the counts' addresses up in. */
  ipData?: WeblogFrameMeta['ipData'];
  /** Start of the last bucket when the datasource's web-log mode said it is partial (the data ends inside it). */
  partialFrom?: number;
}

const LINE_NAMES = /^(line|body|message|msg|log|_raw|raw|content|text|@message|event\.original)$/i;
const IP_NAMES =
  /^(ip|client_?ip|clientip|remote_?addr(ess)?|remote_?ip|src_?ip|source_?ip|c_ip|c-ip|client|client\.ip|source\.ip|host|remote_host|x_forwarded_for)$/i;
const UA_NAMES = /(user_?agent|useragent|^agent$|^ua$|http_user_agent|user_agent\.original)/i;
const STATUS_NAMES = /(^status$|status_?code|^response$|^code$|http_status|response_code|http\.response\.status_code)/i;
const COUNTRY_NAMES =
  /^(country|country_?code|countrycode|cc|iso_?code|iso2|iso3|country_iso_?code|country_?name|geoip_country_code|geoip_country_name|geo_country|client\.geo\.country_(iso_code|name)|source\.geo\.country_(iso_code|name)|geoip\.country_(code2|code3|name))$/i;
const COUNT_NAMES = /^(count|value|requests|hits|total|sum|n|doc_count|#)$/i;
// Alloy's and Promtail's geoip stage writes geoip_country_name (MaxMind's English name).
const COUNTRY_LABELS = [
  'country',
  'country_code',
  'countryCode',
  'cc',
  'iso_code',
  'geoip_country_code',
  'country_iso_code',
  'geoip_country_name',
  'country_name',
];

const SAMPLE = 25;

function sample(field: Field, n = SAMPLE): unknown[] {
  const out: unknown[] = [];
  const values = field.values as ArrayLike<unknown>;
  for (let i = 0; i < values.length && out.length < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && v !== '') {
      out.push(v);
    }
  }
  return out;
}

/** True when at least half of a sample of the field's non-empty values pass `test`. */
function mostly(field: Field, test: (v: unknown) => boolean): boolean {
  const s = sample(field);
  return s.length > 0 && s.filter(test).length * 2 >= s.length;
}

const isLogLine = (v: unknown) => typeof v === 'string' && typeof parseLine(v) !== 'string';
const isIp = (v: unknown) => {
  if (typeof v !== 'string') {
    return false;
  }
  const s = v.trim();
  return parseIPv4(s) >= 0 || parseIPv6(s, { hi: 0, lo: 0, v4: -1 });
};
/** A key countryCode reads, or a key for no location. */
const isCountryKey = (v: unknown) =>
  typeof v === 'string' && (v.trim() === '' || v.trim() === '-' || countryCode(v) !== undefined);

function timeField(frame: DataFrame): Field | undefined {
  return frame.fields.find((f) => f.type === FieldType.time);
}

function timeValues(field: Field | undefined, length: number, fallback: number): ArrayLike<number> {
  if (!field) {
    return new Float64Array(length).fill(fallback);
  }
  const v = field.values as ArrayLike<unknown>;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    const t = v[i];
    out[i] = typeof t === 'number' ? t : t instanceof Date ? t.getTime() : typeof t === 'string' ? Date.parse(t) : NaN;
  }
  return out;
}

function linesField(frame: DataFrame): Field | undefined {
  const strings = frame.fields.filter((f) => f.type === FieldType.string || f.type === FieldType.other);
  const named = strings.filter((f) => LINE_NAMES.test(f.name));
  return [...named, ...strings.filter((f) => !named.includes(f))].find((f) => mostly(f, isLogLine));
}

function ipField(frame: DataFrame): Field | undefined {
  const strings = frame.fields.filter((f) => f.type === FieldType.string);
  const named = strings.filter((f) => IP_NAMES.test(f.name));
  return [...named, ...strings.filter((f) => !named.includes(f))].find((f) => mostly(f, isIp));
}

function countryField(frame: DataFrame): Field | undefined {
  return frame.fields.find((f) => f.type === FieldType.string && COUNTRY_NAMES.test(f.name) && mostly(f, isCountryKey));
}

/** The value of the field's country label (the first of COUNTRY_LABELS it carries), known or not. */
function countryLabel(field: Field): string | undefined {
  const labels = field.labels ?? {};
  for (const k of COUNTRY_LABELS) {
    const v = labels[k];
    if (typeof v === 'string') {
      return v;
    }
  }
  return undefined;
}

/**
 * Finds the web-log input in a query's frames; null when none of the three shapes is there. Frames of
 * the same shape are concatenated (Loki answers one frame per stream, Prometheus one per series);
 * `fallbackTime` (e.g. the end of the time range) stands in for counts without a time field.
 */
export function detectWeblogInput(frames: DataFrame[], fallbackTime = Date.now()): DetectedInput | null {
  // The datasource's web-log mode: its country frame is exactly the counts shape; ignore the others.
  const tagged = frames.filter((f) => weblogMeta(f) !== undefined);
  if (tagged.length > 0) {
    const countries = tagged.filter((f) => weblogMeta(f)?.role === 'country');
    const detected = countries.length > 0 ? detectCounts(countries, fallbackTime) : null;
    if (!detected) {
      return null;
    }
    const meta = weblogMeta(countries[0]);
    return { ...detected, bucketMs: meta?.bucketMs, ipData: meta?.ipData, partialFrom: meta?.partial?.start };
  }
  return detectLines(frames) ?? detectRows(frames) ?? detectCounts(frames, fallbackTime);
}

function detectLines(frames: DataFrame[]): DetectedInput | null {
  const parts: Array<ArrayLike<unknown>> = [];
  let name = '';
  for (const frame of frames) {
    const f = linesField(frame);
    if (f) {
      parts.push(f.values as ArrayLike<unknown>);
      name ||= f.name;
    }
  }
  if (parts.length === 0) {
    return null;
  }
  return {
    input: { kind: 'lines', lines: parts.length === 1 ? parts[0] : concat(parts) },
    source: `log lines from "${name}"`,
  };
}

function detectRows(frames: DataFrame[]): DetectedInput | null {
  const time: Array<ArrayLike<number>> = [];
  const ip: Array<ArrayLike<string | null>> = [];
  const ua: Array<ArrayLike<string | null>> = [];
  const status: Array<ArrayLike<number | string | null>> = [];
  let names = '';
  let hasUa = true;
  let hasStatus = true;
  for (const frame of frames) {
    const t = timeField(frame);
    const i = ipField(frame);
    if (!t || !i) {
      continue;
    }
    const n = frame.length ?? i.values.length;
    time.push(timeValues(t, n, NaN));
    ip.push(i.values as ArrayLike<string | null>);
    const u = frame.fields.find((f) => f.type === FieldType.string && UA_NAMES.test(f.name));
    const s = frame.fields.find(
      (f) =>
        f !== t && f !== i && STATUS_NAMES.test(f.name) && (f.type === FieldType.number || f.type === FieldType.string)
    );
    hasUa &&= u !== undefined;
    hasStatus &&= s !== undefined;
    ua.push((u?.values ?? []) as ArrayLike<string | null>);
    status.push((s?.values ?? []) as ArrayLike<number | string | null>);
    names ||= [t.name, i.name, u?.name, s?.name].filter(Boolean).join(' + ');
  }
  if (time.length === 0) {
    return null;
  }
  return {
    input: {
      kind: 'rows',
      time: concat(time),
      ip: concat(ip),
      userAgent: hasUa ? concat(ua) : undefined,
      status: hasStatus ? concat(status) : undefined,
    },
    source: `rows from ${names}`,
  };
}

function detectCounts(frames: DataFrame[], fallbackTime: number): DetectedInput | null {
  const time: Array<ArrayLike<number>> = [];
  const country: Array<ArrayLike<string | null>> = [];
  const count: Array<ArrayLike<number | null>> = [];
  const labelled: Array<{ time: Field | undefined; field: Field; key: string }> = [];
  const unlabelled: Array<{ time: Field | undefined; field: Field; key: string }> = [];
  let source = '';
  for (const frame of frames) {
    const t = timeField(frame);
    const numbers = frame.fields.filter((f) => f.type === FieldType.number);
    const c = countryField(frame);
    if (c) {
      // Long: one row per (time, country).
      const v = numbers.find((f) => COUNT_NAMES.test(f.name)) ?? (numbers.length === 1 ? numbers[0] : undefined);
      if (!v) {
        continue;
      }
      const n = frame.length ?? c.values.length;
      time.push(timeValues(t, n, fallbackTime));
      country.push(c.values as ArrayLike<string | null>);
      count.push(v.values as ArrayLike<number | null>);
      source ||= `counts from ${[t?.name, c.name, v.name].filter(Boolean).join(' + ')}`;
      continue;
    }
    // Series per country: the country is a label of each numeric field (Prometheus/Loki metric queries).
    for (const f of numbers) {
      const key = countryLabel(f);
      if (key !== undefined) {
        labelled.push({ time: t, field: f, key });
      } else {
        unlabelled.push({ time: t, field: f, key: '' });
      }
    }
  }
  // Labelled series are per-country counts when a label names a country. Then a series without the label
  // counts as no location: `sum by (geoip_country_name)` answers one for requests the geoip stage placed nowhere.
  if (labelled.some((s) => countryCode(s.key) !== undefined)) {
    for (const s of [...labelled, ...unlabelled]) {
      const n = s.field.values.length;
      time.push(timeValues(s.time, n, fallbackTime));
      country.push(new Array<string>(n).fill(s.key));
      count.push(s.field.values as ArrayLike<number | null>);
    }
    source ||= 'counts from series labelled by country';
  }
  if (time.length === 0) {
    return null;
  }
  return { input: { kind: 'counts', time: concat(time), country: concat(country), count: concat(count) }, source };
}

function concat<T>(parts: Array<ArrayLike<T>>): ArrayLike<T> {
  if (parts.length === 1) {
    return parts[0];
  }
  const out: T[] = [];
  for (const p of parts) {
    for (let i = 0; i < p.length; i++) {
      out.push(p[i]);
    }
  }
  return out;
}
