// The messages between the page and the web-log Web Worker (./worker.ts): jobs go start → chunk* → end
// (or cancel); 'world' asks for the projected world map; 'peers' continues a panel's comparison of series (its
// new steps through the population detector the worker keeps per panel until 'forget': ./peers.ts); 'bands'
// continues a band chart's stream over each series' new rows (./bands.ts: the worker keeps the panel's detectors
// until 'forget').
import type { DetectorParams, PackedResult, PackedSeries, PresetName } from '../detect';
import type { WorldPaths } from '../geo/project';
import type { WeblogChunk, WeblogInputKind, WeblogJobOptions, WeblogJobResult } from '../weblog/job';
import type { PackedRun, PackedSteps } from './peers';

/** Every typed array buffer of a result, to transfer rather than copy across postMessage. */
export function transferables(r: WeblogJobResult): ArrayBuffer[] {
  const a = r.aggregate;
  const c = r.anomalies;
  const bands = c ? [c.peak, ...c.predicted, ...c.low, ...c.high, ...c.score, ...c.anomaly] : [];
  const buffers = [
    a.times,
    a.total,
    a.bots,
    ...Object.values(a.by).flatMap((list) => list.map((b) => b.counts)),
    ...bands,
  ].map((x) => x.buffer as ArrayBuffer);
  return Array.from(new Set(buffers));
}

/** The buffers of a packed detection (a 'bands' answer): one per role. */
export function detectTransferables(r: PackedResult): ArrayBuffer[] {
  return [r.predicted, r.low, r.high, r.score, r.anomaly].map((a) => a.buffer as ArrayBuffer);
}

/** A band chart's refresh for the worker (src/panel/model/liveBands.ts makes it; ./bands.ts runs it). */
export interface BandsRequest {
  /** The worker starts the stream again (fresh detectors); `packed` then holds every row of every series. */
  restart: boolean;
  /** Series keys, in `packed`'s order. */
  keys: string[];
  /** Each series' new rows (all of them after a restart). */
  packed: PackedSeries;
  /** Each series' window's first time: episodes that ended before it are not shown again (the worker forgets them). */
  windowStart: Float64Array;
}

export type ToWorker =
  | { type: 'world'; id: number; assetBase: string }
  | { type: 'start'; id: number; kind: WeblogInputKind; options: WeblogJobOptions; assetBase: string }
  | { type: 'chunk'; id: number; chunk: WeblogChunk }
  | { type: 'end'; id: number }
  | { type: 'cancel'; id: number }
  | {
      type: 'peers';
      id: number;
      /** The panel's comparison, continued from its previous message (one per mounted panel). */
      stream: number;
      /** The refresh's new steps (./peers.ts). */
      steps: PackedSteps;
    }
  | ({
      type: 'bands';
      id: number;
      /** The panel's stream (one per mounted panel; ids shared with 'peers': `newStreamId`). */
      stream: number;
      preset: PresetName;
      params: Partial<DetectorParams>;
    } & BandsRequest)
  | { type: 'forget'; stream: number };

export type FromWorker =
  | { type: 'world'; id: number; world: WorldPaths }
  | { type: 'result'; id: number; result: WeblogJobResult }
  /** `run` null: the worker cannot continue the stream (the page sends the whole window). */
  | { type: 'peers'; id: number; run: PackedRun | null }
  /** `result` null: the worker has no such stream (the page restarts it from the whole windows). */
  | { type: 'bands'; id: number; result: PackedResult | null }
  | { type: 'error'; id: number; message: string };
