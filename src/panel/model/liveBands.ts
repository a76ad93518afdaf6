// A mounted band chart's bands, continued from refresh to refresh: a dashboard refresh hands the panel the whole
// window again, and the panel's detector sees only its new rows (src/frames/streaming.ts), so a refreshing chart
// pays for its new rows and its series, not its window. On the main thread one StreamingBands; with the worker,
// the worker keeps the detectors (SeriesDetectors, one per panel stream) and this side keeps the windows: the
// message carries each series' new rows, the answer their results, appended here. Pure (no React, no DOM).
// Either way a continuing stream's bands are the detector's run over every point since the stream (re)started;
// new settings, another set of series, a window that does not continue, or the worker losing the stream restart it.
import { unitBounds } from '../../contract';
import {
  type DetectorParams,
  type Episode,
  type PackedResult,
  packSeries,
  type PresetName,
  unpackResult,
} from '../../detect';
import { BandWindow, StreamingBands, tail } from '../../frames/streaming';
import type { BandsRequest } from '../../weblog-client/protocol';
import type { Detected, SeriesSource } from './series';

/** A request and what this side needs to take its answer in. */
export interface BandsPlan {
  request: BandsRequest;
  settings: string;
  /** The stream state the request continues (undefined for a restart). */
  base?: WorkerStream;
  /** Per series, the window's rows already processed (kept), and the new rows' times (appended with the answer). */
  keep: number[];
  fresh: Float64Array[];
  /** The new rows of every series (counted here: `request.packed` is transferred to the worker, then empty). */
  points: number;
}

interface KeptSeries {
  window: BandWindow;
  episodes: Episode[];
}

/** The windows of the worker's stream: what it was computed with, its series in message order. */
interface WorkerStream {
  settings: string;
  keys: string[];
  series: Map<string, KeptSeries>;
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/** One mounted band chart's bands; each path, used, restarts the other's stream when it is used again. */
export class PanelBands {
  /** The main-thread stream and its settings (JSON of the detector options). */
  private main?: { settings: string; bands: StreamingBands };
  /** The worker's stream's windows; undefined when the worker has none to continue. */
  private worker?: WorkerStream;
  /** Points the detector processed for the last bands: a refresh's new rows (every row after a restart). */
  processed = 0;
  /** Points the detector processed since the panel was mounted (a refresh handed the same data twice adds 0). */
  processedTotal = 0;

  /** Each source's bands on the main thread, continued from the previous refresh. Throws DetectorError. */
  onMain(sources: SeriesSource[], preset: PresetName, params: Partial<DetectorParams>, settings: string): Detected[] {
    this.worker = undefined;
    if (this.main?.settings !== settings) {
      this.main = { settings, bands: new StreamingBands(preset, params) };
    }
    const { bands } = this.main;
    this.processed = 0;
    const results = sources.map((s) => {
      const update = bands.update(s.key, s.times, s.values, unitBounds(s.field.config.unit));
      this.processed += update.processed;
      return { ...update.columns, episodes: update.episodes, anomalyCount: update.anomalyCount };
    });
    bands.retain(new Set(sources.map((s) => s.key)));
    this.processedTotal += this.processed;
    return results;
  }

  /**
   * The worker's message for this refresh: each series' new rows when the stream continues (same settings, same
   * series, every window continuing its kept one), else every row and `restart`. Reads each window's ends only.
   */
  request(sources: SeriesSource[], settings: string): BandsPlan {
    this.main = undefined;
    const keys = sources.map((s) => s.key);
    const base = this.worker?.settings === settings && sameKeys(this.worker.keys, keys) ? this.worker : undefined;
    let keep: number[] | undefined = base ? [] : undefined;
    for (const s of base ? sources : []) {
      const from = base!.series.get(s.key)!.window.newFrom(s.times);
      if (from === undefined) {
        keep = undefined;
        break;
      }
      keep!.push(from);
    }
    const restart = keep === undefined;
    keep ??= keys.map(() => 0);
    const fresh = sources.map((s, i) => tail(s.times, keep[i]));
    const packed = packSeries(
      sources.map((s, i) => ({
        times: fresh[i],
        values: s.values.subarray(keep[i]),
        ...unitBounds(s.field.config.unit),
      }))
    );
    const windowStart = Float64Array.from(sources, (s) => s.times[0]);
    return {
      request: { restart, keys, packed, windowStart },
      settings,
      base: restart ? undefined : base,
      keep,
      fresh,
      points: packed.values.length,
    };
  }

  /**
   * Takes the worker's answer to `plan` in: the new rows' results appended; every series' bands as views.
   * Undefined when the stream it continued is no longer this side's (the main thread ran meanwhile).
   */
  absorb(plan: BandsPlan, result: PackedResult): Detected[] | undefined {
    const { request, keep, fresh } = plan;
    if (request.restart) {
      const series = new Map(request.keys.map((k) => [k, { window: new BandWindow(), episodes: [] as Episode[] }]));
      this.worker = { settings: plan.settings, keys: request.keys, series };
    } else if (plan.base !== this.worker) {
      this.worker = undefined;
      return undefined;
    }
    const { series } = this.worker!;
    this.processed = plan.points;
    this.processedTotal += this.processed;
    return request.keys.map((key, i) => {
      const kept = series.get(key)!;
      kept.window.keepLast(keep[i]);
      kept.window.append(fresh[i], unpackResult(result, request.packed, i));
      kept.episodes = result.episodes[i];
      return { ...kept.window.columns(), episodes: kept.episodes, anomalyCount: kept.window.anomalyCount };
    });
  }

  /** The worker could not continue the stream (it failed, or has none): the next request restarts it. */
  lose(): void {
    this.worker = undefined;
  }
}
