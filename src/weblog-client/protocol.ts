// The messages between the page and the web-log Web Worker (./worker.ts): jobs go start → chunk* → end
// (or cancel); 'world' asks for the projected world map; 'peers' continues a panel's comparison of series (the
// population detector, src/frames/peers.ts StreamingPeers: the worker keeps one per panel until 'forget').
// 'bands' continues a band chart's stream over each series' new rows (./bands.ts: the worker keeps the panel's
// detectors until 'forget').
import type { PopulationParams, PopulationResult } from '../detect/population';
import type { DetectorParams, PackedResult, PackedSeries, PresetName } from '../detect';
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

/**
 * A population result packed for the way back: every series' scores in one array and its flags in another (series
 * i at [i·steps, (i + 1)·steps)), as the 'detect' answer packs its roles — a few buffers to transfer, not 2N.
 */
export interface PackedPopulation extends Omit<PopulationResult, 'score' | 'anomaly'> {
  score: Float64Array;
  anomaly: Uint8Array;
}

/** Copies a result into transferable arrays (the worker's stream keeps its own window to continue from). */
export function packPopulation(r: PopulationResult): PackedPopulation {
  const steps = r.center.length;
  const score = new Float64Array(r.score.length * steps);
  const anomaly = new Uint8Array(r.anomaly.length * steps);
  r.score.forEach((s, i) => score.set(s, i * steps));
  r.anomaly.forEach((a, i) => anomaly.set(a, i * steps));
  const [center, low, high, peers] = [r.center.slice(), r.low.slice(), r.high.slice(), r.peers.slice()];
  return { ...r, center, low, high, peers, outlierScore: r.outlierScore.slice(), score, anomaly };
}

/** Per-series views of a packed result (no copy). */
export function unpackPopulation(p: PackedPopulation): PopulationResult {
  const steps = p.center.length;
  const at = <A extends Float64Array | Uint8Array>(a: A, i: number) => a.subarray(i * steps, (i + 1) * steps) as A;
  return {
    ...p,
    score: Array.from(p.outlierScore, (_, i) => at(p.score, i)),
    anomaly: Array.from(p.outlierScore, (_, i) => at(p.anomaly, i)),
  };
}

/** The buffers of a packed population result. */
export function peersTransferables(p: PackedPopulation): ArrayBuffer[] {
  return [p.center, p.low, p.high, p.peers, p.outlierScore, p.score, p.anomaly].map((a) => a.buffer as ArrayBuffer);
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
      /** The series on one axis, packed (src/detect/batch.ts: the axis stored once). */
      packed: PackedSeries;
      keys: string[];
      params: PopulationParams;
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
  | { type: 'peers'; id: number; result: PackedPopulation; processed: number }
  | { type: 'bands'; id: number; result: PackedResult }
  | { type: 'lost'; id: number }
  | { type: 'error'; id: number; message: string };
