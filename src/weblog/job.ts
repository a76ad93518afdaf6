// One web-log aggregation job, fed in chunks: the code the Web Worker (weblog-client/worker.ts) and the
// main-thread fallback (weblog-client/client.ts) share. Pure apart from `fetch` for the geo table: no DOM, no
// React, no @grafana/* (the worker chunk must not import Grafana's shared externals).

import type { GeoTableInfo } from '../geo/format';
import { loadGeoTable, loadWorldMap } from '../geo/load';
import { projectWorldMap, type WorldPaths } from '../geo/project';
import type { GeoTable } from '../geo/table';
import { Aggregator, type WeblogAggregate } from './aggregate';
import { type CountryAnomalies, countryAnomalies, type DetectorChoice } from './anomaly';
import type { BucketChoice } from './buckets';

/** The three input shapes, column-wise. */
export type WeblogInputKind = 'lines' | 'rows' | 'counts';

/** One chunk of input. `lines` for raw log lines; the columns for rows; time/country/count for counts. */
export interface WeblogChunk {
  lines?: string[];
  time?: ArrayLike<number>;
  ip?: Array<string | null>;
  userAgent?: Array<string | null>;
  status?: Array<number | string | null>;
  country?: Array<string | null>;
  count?: Array<number | null>;
}

export interface WeblogJobOptions {
  /** Bucket width ('auto' by default: the finest that fits `maxBuckets`). */
  bucket?: BucketChoice;
  /** Point budget for 'auto' (default 500). */
  maxBuckets?: number;
  /** Also band and score every country's requests with this detector (the map's anomaly mode). */
  countryBands?: DetectorChoice;
  /**
   * Start of a bucket the input's producer said is partial (the datasource's web-log frames: counts alone cannot
   * tell): from it on, countries are not scored, as when the job sees the log end inside its last bucket.
   */
  partialFrom?: number;
}

export interface WeblogJobResult {
  aggregate: WeblogAggregate;
  /** Every country's band and score, when the options asked for them. */
  anomalies?: CountryAnomalies;
  /** What the IP→country table used is; null when the input needs none (counts) or it failed to load. */
  geo: GeoTableInfo | null;
  /** Why the geo table could not be loaded (countries are then not counted). */
  geoError?: string;
  /** Time spent parsing and counting (ms), excluding waits for input. */
  busyMs: number;
  /** Where it ran. */
  where: 'worker' | 'main';
}

/** Fetches a plugin asset relative to `base` (the plugin's public URL, ending in '/'). */
export function assetFetcher(base: string) {
  return async (path: string): Promise<ArrayBuffer> => {
    const res = await fetch(base + path);
    if (!res.ok) {
      throw new Error(`GET ${path}: HTTP ${res.status}`);
    }
    return res.arrayBuffer();
  };
}

const geoTables = new Map<string, Promise<GeoTable>>();

/** The geo table under `base`, loaded once per realm (worker or page) and base. */
export function geoTableAt(base: string): Promise<GeoTable> {
  let p = geoTables.get(base);
  if (!p) {
    p = loadGeoTable(assetFetcher(base));
    // A failed load may be retried by the next job.
    p.catch(() => geoTables.delete(base));
    geoTables.set(base, p);
  }
  return p;
}

/**
 * Fetches the world map asset under `base` and projects it (see geo/project.ts); `pause` makes the
 * projection yield now and then (main-thread fallback).
 */
export async function worldPathsAt(base: string, pause?: () => Promise<void>): Promise<WorldPaths> {
  return projectWorldMap(await loadWorldMap(assetFetcher(base), pause), pause);
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** An aggregation job: `add` chunks (in order), then `finish`. */
export class WeblogJob {
  private agg: Aggregator | undefined;
  private geoInfo: GeoTableInfo | null = null;
  private geoError: string | undefined;
  private busy = 0;

  constructor(
    readonly kind: WeblogInputKind,
    private readonly options: WeblogJobOptions,
    private readonly where: 'worker' | 'main'
  ) {}

  /** Loads what the job needs (the geo table for lines and rows). Never throws: a failed load is reported. */
  async init(assetBase: string): Promise<void> {
    let geo: GeoTable | null = null;
    if (this.kind !== 'counts') {
      try {
        geo = await geoTableAt(assetBase);
        this.geoInfo = { date: geo.date, source: geo.source, attribution: geo.attribution };
      } catch (e) {
        this.geoError = e instanceof Error ? e.message : String(e);
      }
    }
    this.agg = new Aggregator({ bucket: this.options.bucket ?? 'auto', maxBuckets: this.options.maxBuckets, geo });
  }

  add(chunk: WeblogChunk): void {
    const agg = this.agg;
    if (!agg) {
      throw new Error('WeblogJob.add before init');
    }
    const t0 = now();
    // Line / row numbers continue across chunks (the Aggregator's default start).
    if (this.kind === 'lines') {
      agg.add(chunk.lines ?? []);
    } else if (this.kind === 'rows') {
      agg.addRows({ time: chunk.time ?? [], ip: chunk.ip, userAgent: chunk.userAgent, status: chunk.status });
    } else {
      agg.addCounts({ time: chunk.time ?? [], country: chunk.country ?? [], count: chunk.count ?? [] });
    }
    this.busy += now() - t0;
  }

  finish(): WeblogJobResult {
    if (!this.agg) {
      throw new Error('WeblogJob.finish before init');
    }
    const t0 = now();
    const aggregate = this.agg.result();
    const bands = this.options.countryBands;
    const last = aggregate.times[aggregate.times.length - 1];
    const partial = aggregate.partial || (this.options.partialFrom !== undefined && last >= this.options.partialFrom);
    const anomalies = bands ? countryAnomalies({ ...aggregate, partial }, bands) : undefined;
    this.busy += now() - t0;
    return { aggregate, anomalies, geo: this.geoInfo, geoError: this.geoError, busyMs: this.busy, where: this.where };
  }
}
