// Counting web traffic per time bucket by country, browser family, status class and device type, from
// any of three input shapes:
//   add(lines)        raw access log lines (a file, Loki);
//   addRows(columns)  one row per request with an IP and a time (Elasticsearch, SQL);
//   addCounts(cols)   counts already aggregated upstream per time and country — how large sites scale.
// Incremental and pure (no I/O, no DOM), so a Web Worker can feed it chunk by chunk and post `result()`
// (typed arrays and plain objects, structured-clone friendly) back to the panel.

import { countryCode } from '../geo/countries';
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
import { Categories, FoldStats, OTHER } from './categories';
import { MAX_LINE_CHARS } from './lines';
import { LogRecord, newLogRecord, parseLogLine, ParseFailure } from './parse';
import { detach } from './strings';
import { MAX_AGENT_CHARS, UserAgentCache } from './ua';

export type Dimension = 'country' | 'browser' | 'status' | 'device';
const DIMENSIONS: readonly Dimension[] = ['country', 'browser', 'status', 'device'];
const COUNTRY = 0;
const BROWSER = 1;
const STATUS = 2;
const DEVICE = 3;

/** Named categories per dimension by default (more than the 249 ISO 3166 countries). */
export const MAX_CATEGORIES = 300;

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
  /** Lines longer than {@link MAX_LINE_CHARS}, cut to that length before parsing. */
  longLines: number;
  /** User agents longer than {@link MAX_AGENT_CHARS}, cut to that length before classification. */
  longAgents: number;
  /** Per dimension that had more names than the cap: how many were folded into 'Other'. */
  folded: Partial<Record<Dimension, FoldStats>>;
  /** Aggregated counts whose country key names no country (see countryCode): counted as unknown, never dropped. */
  unknownKeys: UnknownKeys;
}

export interface UnknownKeys {
  /** Requests counted under such keys. */
  requests: number;
  /** The first distinct keys (at most MAX_UNKNOWN_KEYS, each cut to SAMPLE_CHARS) with their requests. */
  keys: Array<{ key: string; requests: number }>;
  /** True when more distinct keys came than `keys` holds (their requests are in `requests`). */
  more: boolean;
}

/** Distinct unknown country keys kept for the report: a million distinct keys cost no more than these. */
const MAX_UNKNOWN_KEYS = 10;

const fmt = new Intl.NumberFormat('en-US');
const plural = (n: number, one: string, many: string) => `${fmt.format(n)} ${n === 1 ? one : many}`;

/**
 * What the caps and unknown country keys did to the input, in words (for notices): lines and agents cut, names
 * folded into Other, counts whose country key names no country.
 */
export function capNotes(stats: AggregateStats): string[] {
  const notes: string[] = [];
  const u = stats.unknownKeys;
  if (u.requests > 0) {
    const keys = u.keys.map((k) => JSON.stringify(k.key)).join(', ') + (u.more ? ', …' : '');
    notes.push(
      `${plural(u.requests, 'request', 'requests')} under country keys that name no country (${keys}) ` +
        'counted as Unknown'
    );
  }
  if (stats.longLines > 0) {
    notes.push(`${plural(stats.longLines, 'line', 'lines')} cut to ${MAX_LINE_CHARS / 1024} KB`);
  }
  if (stats.longAgents > 0) {
    notes.push(`${plural(stats.longAgents, 'user agent', 'user agents')} cut to ${MAX_AGENT_CHARS / 1024} KB`);
  }
  for (const [dim, f] of Object.entries(stats.folded)) {
    notes.push(
      `${f.approximate ? 'about ' : ''}${plural(f.names, `${dim} name`, `${dim} names`)} ` +
        `(${plural(f.requests, 'request', 'requests')}) counted as Other`
    );
  }
  return notes;
}

/** One key's series: `counts[i]` belongs to `times[i]` of the aggregate. */
export interface Breakdown {
  /**
   * Country code ('' = unknown), browser family, status class ('2xx'…, 'other') or device type; 'Other'
   * holds what is not named (beyond the category cap, or a browser ua-parser-js does not know).
   */
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
   * Per dimension, keys by descending total (at most `maxCategories` named, then 'Other'; ties by key).
   * A dimension the input does not carry is not counted: no
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
  /** Named categories kept per dimension (default {@link MAX_CATEGORIES}); the rest count as 'Other'. */
  maxCategories?: number;
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
  /**
   * A country key (countryCode: ISO alpha-2, alpha-3, numeric or English name); '', '-' or null = no location.
   * Keys that name no country are counted as unknown and reported in `stats.unknownKeys`.
   */
  country: ArrayLike<string | null | undefined>;
  count: ArrayLike<number | null | undefined>;
}

const SAMPLE_CHARS = 300;
/** Resolution of request times: a request at t covers [t, t + 1 s) (access-log times are whole seconds). */
const EVENT_MS = 1000;
const STATUS_KEYS = ['other', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** Totals of one bucket (the breakdowns live in the dimensions' categories). */
interface Row {
  total: number;
  bots: number;
}

const statusClass = (status: number) => (status >= 100 && status < 600 ? Math.floor(status / 100) : 0);

export class Aggregator {
  private width: number;
  private readonly auto: boolean;
  private readonly maxBuckets: number;
  private readonly maxSamples: number;
  private readonly geo: GeoTable | null;
  private readonly dims: Categories[];
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
    longLines: 0,
    longAgents: 0,
    folded: {},
    unknownKeys: { requests: 0, keys: [], more: false },
  };

  constructor(opts: AggregatorOptions = {}) {
    const bucket = opts.bucket ?? 'auto';
    this.auto = bucket === 'auto';
    this.width = BUCKET_MS[bucket === 'auto' ? BUCKETS[0] : bucket];
    this.maxBuckets = opts.maxBuckets ?? AUTO_MAX_BUCKETS;
    this.maxSamples = opts.maxSamples ?? 5;
    this.geo = opts.geo ?? null;
    const limit = opts.maxCategories ?? MAX_CATEGORIES;
    // Twice the names shown are tracked, so the last named ones are rarely newcomers with borrowed counts.
    this.dims = DIMENSIONS.map(() => new Categories(2 * limit, limit));
  }

  /**
   * Parses and counts raw log lines. `startLine` is the 1-based number of `lines[0]` in the whole input
   * (default: continues after the lines and rows seen so far); it only labels rejected-line samples.
   * Lines must not include their newline; an empty string counts as a rejected 'empty' line.
   */
  add(lines: readonly string[], startLine = this.stats.lines + 1): void {
    const r = this.record;
    for (let i = 0; i < lines.length; i++) {
      let line = lines[i];
      this.stats.lines++;
      if (line.length > MAX_LINE_CHARS) {
        line = line.slice(0, MAX_LINE_CHARS);
        this.stats.longLines++;
      }
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
      this.stats.parsed++;
      this.countTimes.add(t);
      this.count(t, this.countryOf(cols.country[i] ?? '', n), null, null, null, false, n);
    }
  }

  /** The category of an aggregated count's country key: alpha-2, '' (no location, or unknown: reported), Other. */
  private countryOf(key: string, n: number): string {
    const k = key.trim();
    if (k === '' || k === '-') {
      return '';
    }
    // 'Other' read back from our own countries frame stays the fold, not a country.
    if (k.toUpperCase() === 'OTHER') {
      return OTHER;
    }
    const code = countryCode(k);
    if (code !== undefined) {
      return code;
    }
    const u = this.stats.unknownKeys;
    u.requests += n;
    const shown = k.slice(0, SAMPLE_CHARS);
    const seen = u.keys.find((e) => e.key === shown);
    if (seen) {
      seen.requests += n;
    } else if (u.keys.length < MAX_UNKNOWN_KEYS) {
      u.keys.push({ key: detach(shown), requests: n });
    } else {
      u.more = true;
    }
    return '';
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
    for (const [start, row] of this.rows) {
      const i = (start - first) / width;
      total[i] = row.total;
      bots[i] = row.bots;
    }
    const folded: AggregateStats['folded'] = {};
    const [country, browser, status, device] = this.dims.map((dim, d): Breakdown[] => {
      const r = dim.result();
      if (r.folded.names > 0) {
        folded[DIMENSIONS[d]] = r.folded;
      }
      return r.categories.map((c) => {
        const counts = new Float64Array(n);
        c.cells.forEach((v, start) => (counts[(start - first) / width] = v));
        return { key: c.name, total: c.total, counts };
      });
    });
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
      by: { country, browser, status, device },
      stats: {
        ...s,
        rejectedBy: { ...s.rejectedBy },
        samples: [...s.samples],
        truncatedSamples: [...s.truncatedSamples],
        folded,
        unknownKeys: { ...s.unknownKeys, keys: s.unknownKeys.keys.map((k) => ({ ...k })) },
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
    const country = this.geo && ip !== null ? this.geo.countries[this.geo.lookupIndex(ip)] : null;
    let browser: string | null = null;
    let device: string | null = null;
    let bot = false;
    if (userAgent !== null) {
      if (userAgent.length > MAX_AGENT_CHARS) {
        userAgent = userAgent.slice(0, MAX_AGENT_CHARS);
        this.stats.longAgents++;
      }
      const info = this.ua.get(userAgent);
      browser = info.browser;
      device = info.device;
      bot = info.bot;
    }
    const st = status === status ? STATUS_KEYS[statusClass(status)] : null;
    if (time + EVENT_MS > this.eventEnd) {
      this.eventEnd = time + EVENT_MS;
    }
    this.count(time, country, browser, st, device, bot, 1);
  }

  /** Counts `n` requests at `time`; a null dimension is not carried by the input. */
  private count(
    time: number,
    country: string | null,
    browser: string | null,
    status: string | null,
    device: string | null,
    bot: boolean,
    n: number
  ) {
    if (time < this.minTime) {
      this.minTime = time;
    }
    if (time > this.maxTime) {
      this.maxTime = time;
    }
    let start = bucketStart(time, this.width);
    const row = start === this.lastStart ? this.lastRow! : this.rowFor(time, start);
    start = this.lastStart; // rowFor may have coarsened the buckets
    row.total += n;
    if (bot) {
      row.bots += n;
    }
    if (country !== null) {
      this.dims[COUNTRY].add(country, start, n);
    }
    if (browser !== null) {
      this.dims[BROWSER].add(browser, start, n);
    }
    if (status !== null) {
      this.dims[STATUS].add(status, start, n);
    }
    if (device !== null) {
      this.dims[DEVICE].add(device, start, n);
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
        row = { total: 0, bots: 0 };
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
        into.total += row.total;
        into.bots += row.bots;
      } else {
        rows.set(s, row);
      }
    }
    this.rows = rows;
    this.dims.forEach((d) => d.coarsen(width));
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
      list.push({ line, reason, text: detach(text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text) });
    }
  }
}
