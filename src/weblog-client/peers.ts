// A panel's peer comparison across the worker boundary (src/panel/peers/stream.ts): the page posts a refresh's new
// steps packed (times, and the series' values in one array), the worker runs them on the panel's kept detector
// (`answerPeers`, a pure function of its detectors and the message) and answers the new steps' outputs packed, with
// the episodes within the window. Both ways O(series × new steps) numbers, whatever the window's length.
import type { Episode, PopulationParams } from '../detect';
import { PeerDetector, type PeerRun, type PeerSteps } from '../frames/peers';

/** `PeerSteps` with the series' values in one array: series i at [i·steps, (i + 1)·steps). */
export interface PackedSteps extends Omit<PeerSteps, 'values'> {
  params: Partial<PopulationParams>;
  series: number;
  values: Float64Array;
}

/** A run's outputs for the new steps, the per-series ones packed as `PackedSteps.values`. */
export interface PackedRun {
  center: Float64Array;
  low: Float64Array;
  high: Float64Array;
  peers: Uint32Array;
  score: Float64Array;
  anomaly: Uint8Array;
  episodes: Episode[][];
}

function pack<A extends Float64Array | Uint8Array>(rows: readonly A[], make: (n: number) => A, steps: number): A {
  const out = make(rows.length * steps);
  rows.forEach((r, i) => out.set(r, i * steps));
  return out;
}

function unpack<A extends Float64Array | Uint8Array>(packed: A, series: number, steps: number): A[] {
  return Array.from({ length: series }, (_, i) => packed.subarray(i * steps, (i + 1) * steps) as A);
}

/** Copies: the buffers are transferred, and the page's window keeps the steps' times and values. */
export function packSteps(s: PeerSteps): PackedSteps {
  const m = s.times.length;
  return {
    ...s,
    times: s.times.slice(),
    series: s.values.length,
    values: pack(s.values, (n) => new Float64Array(n), m),
  };
}

export function unpackSteps(p: PackedSteps): PeerSteps {
  return { ...p, values: unpack(p.values, p.series, p.times.length) };
}

export function packRun({ outputs, episodes }: PeerRun): PackedRun {
  const m = outputs.center.length;
  return {
    center: outputs.center,
    low: outputs.low,
    high: outputs.high,
    peers: outputs.peers,
    score: pack(outputs.score, (n) => new Float64Array(n), m),
    anomaly: pack(outputs.anomaly, (n) => new Uint8Array(n), m),
    episodes,
  };
}

export function unpackRun(p: PackedRun): PeerRun {
  const m = p.center.length;
  const n = p.episodes.length;
  const { center, low, high, peers, episodes } = p;
  return {
    outputs: { center, low, high, peers, score: unpack(p.score, n, m), anomaly: unpack(p.anomaly, n, m) },
    episodes,
  };
}

/** The buffers of a message either way, to transfer rather than copy. */
export function stepsTransferables(p: PackedSteps): ArrayBuffer[] {
  return [p.times.buffer as ArrayBuffer, p.values.buffer as ArrayBuffer];
}

export function runTransferables(p: PackedRun): ArrayBuffer[] {
  return [p.center, p.low, p.high, p.peers, p.score, p.anomaly].map((a) => a.buffer as ArrayBuffer);
}

/**
 * The worker's answer to a panel's new steps: run on the panel's kept detector (a new one on a restart); null when
 * it cannot continue (it lost the stream, or another step count), so the page sends the whole window. A detector
 * error leaves no detector kept (thrown).
 */
export function answerPeers(detectors: Map<number, PeerDetector>, stream: number, msg: PackedSteps): PackedRun | null {
  const detector = detectors.get(stream) ?? new PeerDetector();
  try {
    const run = detector.run(unpackSteps(msg));
    if (!run) {
      detectors.delete(stream);
      return null;
    }
    detectors.set(stream, detector);
    return packRun(run);
  } catch (e) {
    detectors.delete(stream);
    throw e;
  }
}
