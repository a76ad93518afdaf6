// Counting web traffic per time bucket by country, browser family, status class and device type, from
// any of three input shapes:
//   add(lines)        raw access log lines (a file, Loki);
//   addRows(columns)  one row per request with an IP and a time (Elasticsearch, SQL);
//   addCounts(cols)   counts already aggregated upstream per time and country — how large sites scale.
// Incremental and pure (no I/O, no DOM), so a Web Worker can feed it chunk by chunk and post `result()`
// (typed arrays and plain objects, structured-clone friendly) back to the panel.

import type { GeoTable } from '../geo/table';
import {
  AUTO_MAX_BUCKETS,
  autoBucket,
  BUCKET_MS,
  BUCKETS,
  bucketCount,
  BucketChoice,
  BucketName,
  bucketStart,
} from './buckets';
import { LogRecord, newLogRecord, parseLogLine, ParseFailure } from './parse';
import { UserAgentCache } from './ua';

export type Dimension = 'country' | 'browser' | 'status' | 'device';
const COUNTRY = 0;
const BROWSER = 1;
const STATUS = 2;
const DEVICE = 3;

/** Why a line or row was not counted: a parser failure, a bad time or a bad count. */
export type RejectReason = ParseFailure | 'count';

export interface LineSample {
  /** 1-based line (or row) number, as numbered by the caller's `start` arguments. */
  line: number;
  reason: RejectReason | 'truncated agent';
  /** The line, cut to 300 characters. */
  text: string;
}

export interface AggregateStats {
  /** Lines or rows seen. */
  lines: number;
  /** Counted (includes `truncated`). */
  parsed: number;
  /** Not counted; lines = parsed + rejected. */
  rejected: number;
  rejectedBy: Partial<Record<RejectReason, number>>;
  /** First rejected lines. */
  samples: LineSample[];
  /** Counted lines whose user agent had no closing quote (see parse.ts). */
  truncated: number;
  truncatedSamples: LineSample[];
}

/** One key's series: `counts[i]` belongs to `times[i]` of the aggregate. */
export interface Breakdown {
  /** Country code ('' = unknown), browser family, status class ('2xx'…, 'other') or device type. */
  key: string;
  total: number;
  counts: Float64Array;
}

export interface WeblogAggregate {
  bucket: BucketName;
  bucketMs: number;
  /** Bucket starts, UTC ms, contiguous from the first bucket with traffic to the last (gaps hold 0). */
  times: Float64Array;
  /** Requests per bucket: the numeric series the anomaly detector bands. */
  total: Float64Array;
  /** Requests from bots per bucket. */
  bots: Float64Array;
  /**
   * Where the data ends (UTC ms, exclusive; NaN when empty): one second past the last request time (log
   * times are whole seconds), or for aggregated counts the last count time plus their step (the smallest
   * gap between count times; a single count time covers its bucket).
   */
  end: number;
  /**
   * The last bucket is partial: the data ends before the bucket does (e.g. a log that stops mid-hour), so
   * its counts are real but not comparable with the full buckets before it.
   */
  partial: boolean;
  /**
   * Per dimension, keys by descending total. A dimension the input does not carry is not counted: no
   * geo table → no countries; common-format lines or rows without user agents → no browser/device;
   * aggregated counts → country only.
   */
  by: Record<Dimension, Breakdown[]>;
  stats: AggregateStats;
}

export interface AggregatorOptions {
  /** Bucket width; 'auto' (default) picks the finest one that fits `maxBuckets`. */
  bucket?: BucketChoice;
  /** IP → country table; without it, countries are not counted. */
  geo?: GeoTable | null;
  /** Point budget for 'auto' (default 500). */
  maxBuckets?: number;
  /** How many rejected / truncated lines to keep as samples (default 5). */
  maxSamples?: number;
}

export interface RowColumns {
  /** Request time, epoch ms. */
  time: ArrayLike<number>;
  ip?: ArrayLike<string | null | undefined>;
  userAgent?: ArrayLike<string | null | undefined>;
  status?: ArrayLike<number | string | null | undefined>;
}

export interface CountColumns {
  /** Bucket or event time, epoch ms. */
  time: ArrayLike<number>;
  /** ISO alpha-2 (any case); '', '-' or null = unknown. */
  country: ArrayLike<string | null | undefined>;
  count: ArrayLike<number | null | undefined>;
}

const SAMPLE_CHARS = 300;
/** Resolution of request times: a request at t covers [t, t + 1 s) (access-log times are whole seconds). */
const EVENT_MS = 1000;
const STATUS_KEYS = ['other', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** Interned keys of one dimension. */
class Keys {
  private readonly index = new Map<string, number>();
  readonly names: string[] = [];

  id(name: string): number {
    let k = this.index.get(name);
    if (k === undefined) {
      k = this.names.length;
      this.names.push(name);
      this.index.set(name, k);
    }
    return k;
  }
}

/** Counts of one bucket. */
class Row {
  total = 0;
  bots = 0;
  readonly dims: Float64Array[] = [
    new Float64Array(16),
    new Float64Array(16),
    new Float64Array(8),
    new Float64Array(4),
  ];

  add(dim: number, key: number, n: number): void {
    let a = this.dims[dim];
    if (key >= a.length) {
      const grown = new Float64Array(Math.max(key + 1, a.length * 2));
      grown.set(a);
      a = this.dims[dim] = grown;
    }
    a[key] += n;
  }

  merge(o: Row): void {
    this.total += o.total;
    this.bots += o.bots;
    o.dims.forEach((a, dim) => a.forEach((n, key) => n !== 0 && this.add(dim, key, n)));
  }
}

const statusClass = (status: number) => (status >= 100 && status < 600 ? Math.floor(status / 100) : 0);

export class Aggregator {
  private width: number;
  private readonly auto: boolean;
  private readonly maxBuckets: number;
  private readonly maxSamples: number;
  private readonly geo: GeoTable | null;
  /** Country key per geo table index (-1 = not interned yet). */
  private readonly geoKey: Int32Array;
  private readonly keys = [new Keys(), new Keys(), new Keys(), new Keys()];
  private readonly statusKey: number[];
  private readonly ua = new UserAgentCache();
  private readonly record: LogRecord = newLogRecord();
  private rows = new Map<number, Row>();
  private lastStart = NaN;
  private lastRow: Row | null = null;
  private minTime = Infinity;
  private maxTime = -Infinity;
  /** End of what the counted requests cover (exclusive). */
  private eventEnd = -Infinity;
  /** Distinct times of aggregated counts (their step tells how far the last one covers). */
  private readonly countTimes = new Set<number>();
  private readonly stats: AggregateStats = {
    lines: 0,
    parsed: 0,
    rejected: 0,
    rejectedBy: {},
    samples: [],
    truncated: 0,
    truncatedSamples: [],
  };

  constructor(opts: AggregatorOptions = {}) {
    const bucket = opts.bucket ?? 'auto';
    this.auto = bucket === 'auto';
    this.width = BUCKET_MS[bucket === 'auto' ? BUCKETS[0] : bucket];
    this.maxBuckets = opts.maxBuckets ?? AUTO_MAX_BUCKETS;
    this.maxSamples = opts.maxSamples ?? 5;
    this.geo = opts.geo ?? null;
    this.geoKey = new Int32Array(this.geo ? this.geo.countries.length : 0).fill(-1);
    this.statusKey = STATUS_KEYS.map((k) => this.keys[STATUS].id(k));
  }

  /**
   * Parses and counts raw log lines. `startLine` is the 1-based number of `lines[0]` in the whole input
   * (default: continues after the lines and rows seen so far); it only labels rejected-line samples.
   * Lines must not include their newline; an empty string counts as a rejected 'empty' line.
   */
  add(lines: readonly string[], startLine = this.stats.lines + 1): void {
    const r = this.record;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      this.stats.lines++;
      const failure = parseLogLine(line, r);
      if (failure !== null) {
        this.reject(startLine + i, failure, line);
        continue;
      }
      if (r.truncated) {
        this.stats.truncated++;
        this.sample(this.stats.truncatedSamples, startLine + i, 'truncated agent', line);
      }
      this.countRequest(r.time, r.host, r.format === 'combined' ? r.userAgent : null, r.status);
    }
  }

  /** Counts one request per row (IP and time columns, optionally user agent and status). */
  addRows(cols: RowColumns, startRow = this.stats.lines + 1): void {
    for (let i = 0; i < cols.time.length; i++) {
      const t = cols.time[i];
      this.stats.lines++;
      if (!Number.isFinite(t)) {
        this.reject(startRow + i, 'time', `time=${String(t)}`);
        continue;
      }
      const status = cols.status?.[i];
      // An absent column leaves its dimension uncounted; an empty cell counts as unknown.
      const ip = cols.ip ? (cols.ip[i] ?? '') : null;
      const ua = cols.userAgent ? (cols.userAgent[i] ?? '') : null;
      this.countRequest(t, ip, ua, Number(status ?? NaN));
    }
  }

  /** Adds already aggregated counts per time and country. */
  addCounts(cols: CountColumns, startRow = this.stats.lines + 1): void {
    for (let i = 0; i < cols.time.length; i++) {
      const t = cols.time[i];
      const n = cols.count[i];
      this.stats.lines++;
      if (!Number.isFinite(t)) {
        this.reject(startRow + i, 'time', `time=${String(t)}`);
        continue;
      }
      if (typeof n !== 'number' || !(n >= 0) || !Number.isFinite(n)) {
        this.reject(startRow + i, 'count', `count=${String(n)}`);
        continue;
      }
      const code = (cols.country[i] ?? '').trim().toUpperCase();
      this.stats.parsed++;
      this.countTimes.add(t);
      this.count(t, this.keys[COUNTRY].id(code === '-' ? '' : code), -1, -1, -1, false, n);
    }
  }

  /** The counts so far (the aggregator keeps accepting input afterwards). */
  result(): WeblogAggregate {
    const width = this.width;
    const bucket = BUCKETS.find((b) => BUCKET_MS[b] === width)!;
    const empty = this.rows.size === 0;
    const first = empty ? 0 : bucketStart(this.minTime, width);
    const n = empty ? 0 : bucketCount(this.minTime, this.maxTime, width);
    const total = new Float64Array(n);
    const bots = new Float64Array(n);
    const series = this.keys.map((k) => k.names.map(() => new Float64Array(n)));
    for (const [start, row] of this.rows) {
      const i = (start - first) / width;
      total[i] = row.total;
      bots[i] = row.bots;
      row.dims.forEach((a, dim) => a.forEach((c, key) => c !== 0 && (series[dim][key][i] = c)));
    }
    const breakdown = (dim: number): Breakdown[] =>
      this.keys[dim].names
        .map((key, k) => ({ key, total: series[dim][k].reduce((s, c) => s + c, 0), counts: series[dim][k] }))
        .filter((b) => b.total > 0)
        .sort((a, b) => b.total - a.total || (a.key < b.key ? -1 : 1));
    const s = this.stats;
    const end = empty ? NaN : this.dataEnd(width);
    return {
      bucket,
      bucketMs: width,
      times: Float64Array.from({ length: n }, (_, i) => first + i * width),
      total,
      bots,
      end,
      partial: n > 0 && end < first + n * width,
      by: {
        country: breakdown(COUNTRY),
        browser: breakdown(BROWSER),
        status: breakdown(STATUS),
        device: breakdown(DEVICE),
      },
      stats: {
        ...s,
        rejectedBy: { ...s.rejectedBy },
        samples: [...s.samples],
        truncatedSamples: [...s.truncatedSamples],
      },
    };
  }

  /** Where the data ends: the later of the requests' end and the counts' end (see WeblogAggregate.end). */
  private dataEnd(width: number): number {
    let end = this.eventEnd;
    if (this.countTimes.size > 0) {
      const times = Array.from(this.countTimes).sort((a, b) => a - b);
      let step = Infinity;
      for (let i = 1; i < times.length; i++) {
        step = Math.min(step, times[i] - times[i - 1]);
      }
      const last = times[times.length - 1];
      end = Math.max(end, step === Infinity ? bucketStart(last, width) + width : last + step);
    }
    return end;
  }

  private countRequest(time: number, ip: string | null, userAgent: string | null, status: number): void {
    this.stats.parsed++;
    let country = -1;
    if (this.geo && ip !== null) {
      const g = this.geo.lookupIndex(ip);
      country = this.geoKey[g];
      if (country < 0) {
        country = this.geoKey[g] = this.keys[COUNTRY].id(this.geo.countries[g]);
      }
    }
    let browser = -1;
    let device = -1;
    let bot = false;
    if (userAgent !== null) {
      const info = this.ua.get(userAgent);
      browser = this.keys[BROWSER].id(info.browser);
      device = this.keys[DEVICE].id(info.device);
      bot = info.bot;
    }
    const st = status === status ? this.statusKey[statusClass(status)] : -1;
    if (time + EVENT_MS > this.eventEnd) {
      this.eventEnd = time + EVENT_MS;
    }
    this.count(time, country, browser, st, device, bot, 1);
  }

  private count(
    time: number,
    country: number,
    browser: number,
    status: number,
    device: number,
    bot: boolean,
    n: number
  ) {
    if (time < this.minTime) {
      this.minTime = time;
    }
    if (time > this.maxTime) {
      this.maxTime = time;
    }
    const start = bucketStart(time, this.width);
    const row = start === this.lastStart ? this.lastRow! : this.rowFor(time, start);
    row.total += n;
    if (bot) {
      row.bots += n;
    }
    if (country >= 0) {
      row.add(COUNTRY, country, n);
    }
    if (browser >= 0) {
      row.add(BROWSER, browser, n);
    }
    if (status >= 0) {
      row.add(STATUS, status, n);
    }
    if (device >= 0) {
      row.add(DEVICE, device, n);
    }
  }

  private rowFor(time: number, start: number): Row {
    let row = this.rows.get(start);
    if (row === undefined) {
      // Only a new bucket can widen the span past the budget; 'auto' then coarsens what it holds, which
      // is exact because every width divides the next.
      if (this.auto && bucketCount(this.minTime, this.maxTime, this.width) > this.maxBuckets) {
        this.coarsen(BUCKET_MS[autoBucket(this.minTime, this.maxTime, this.maxBuckets)]);
        start = bucketStart(time, this.width);
        row = this.rows.get(start);
      }
      if (row === undefined) {
        row = new Row();
        this.rows.set(start, row);
      }
    }
    this.lastStart = start;
    this.lastRow = row;
    return row;
  }

  private coarsen(width: number): void {
    const rows = new Map<number, Row>();
    for (const [start, row] of this.rows) {
      const s = bucketStart(start, width);
      const into = rows.get(s);
      if (into) {
        into.merge(row);
      } else {
        rows.set(s, row);
      }
    }
    this.rows = rows;
    this.width = width;
    this.lastStart = NaN;
    this.lastRow = null;
  }

  private reject(line: number, reason: RejectReason, text: string): void {
    const s = this.stats;
    s.rejected++;
    s.rejectedBy[reason] = (s.rejectedBy[reason] ?? 0) + 1;
    this.sample(s.samples, line, reason, text);
  }

  private sample(list: LineSample[], line: number, reason: LineSample['reason'], text: string): void {
    if (list.length < this.maxSamples) {
      list.push({ line, reason, text: text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text });
    }
  }
}
