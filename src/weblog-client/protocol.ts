// The messages between the page and the web-log Web Worker (./worker.ts): jobs go start → chunk* → end
// (or cancel); 'world' asks for the projected world map; 'peers' compares series (the population detector).
import type { PopulationParams, PopulationResult } from '../detect/population';
import type { WorldPaths } from '../geo/project';
import type { WeblogChunk, WeblogInputKind, WeblogJobOptions, WeblogJobResult } from '../weblog/job';

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

/** The buffers of a population result (its per-series scores and flags share one buffer each). */
export function peersTransferables(r: PopulationResult): ArrayBuffer[] {
  const arrays = [r.center, r.low, r.high, r.peers, r.outlierScore, r.score[0], r.anomaly[0]];
  return Array.from(new Set(arrays.filter((a) => a !== undefined).map((a) => a.buffer as ArrayBuffer)));
}

export type ToWorker =
  | { type: 'world'; id: number; assetBase: string }
  | { type: 'start'; id: number; kind: WeblogInputKind; options: WeblogJobOptions; assetBase: string }
  | { type: 'chunk'; id: number; chunk: WeblogChunk }
  | { type: 'end'; id: number }
  | { type: 'cancel'; id: number }
  | { type: 'peers'; id: number; times: Float64Array; values: Float64Array[]; params: PopulationParams };

export type FromWorker =
  | { type: 'world'; id: number; world: WorldPaths }
  | { type: 'result'; id: number; result: WeblogJobResult }
  | { type: 'peers'; id: number; result: PopulationResult }
  | { type: 'error'; id: number; message: string };
