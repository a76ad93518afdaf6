// The messages between the page and the web-log Web Worker (./worker.ts): jobs go start → chunk* → end
// (or cancel); 'world' asks for the projected world map; 'peers' continues a panel's comparison of series (its
// new steps through the population detector the worker keeps per panel until 'forget': ./peers.ts).
// 'detect' runs one preset over many packed series (the band chart's own bands).
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

/** The buffers of a packed detection: one per role. */
export function detectTransferables(r: PackedResult): ArrayBuffer[] {
  return [r.predicted, r.low, r.high, r.score, r.anomaly].map((a) => a.buffer as ArrayBuffer);
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
  | { type: 'forget'; stream: number }
  | { type: 'detect'; id: number; preset: PresetName; params: Partial<DetectorParams>; packed: PackedSeries };

export type FromWorker =
  | { type: 'world'; id: number; world: WorldPaths }
  | { type: 'result'; id: number; result: WeblogJobResult }
  /** `run` null: the worker cannot continue the stream (the page sends the whole window). */
  | { type: 'peers'; id: number; run: PackedRun | null }
  | { type: 'detect'; id: number; result: PackedResult }
  | { type: 'error'; id: number; message: string };
