// The web-log Web Worker: parses raw log lines / IP rows off the main thread and posts the per-bucket
// counts back; it also projects the world map (message 'world') so the main thread only draws, and runs the
// panel's peer comparison (message 'peers': a refresh's new time steps through the population detector kept per
// panel, so a live panel pays for its new steps) and the band chart's detection (message 'bands': each series'
// new rows through the panel's stream of detectors, ./bands.ts); 'forget' when the panel goes. Jobs arrive
// as start → chunk* → end messages (./protocol.ts); each job's messages are processed in order, several jobs
// may interleave. Bundled by webpack 5 as its own chunk
// (`new Worker(new URL('./worker.ts', import.meta.url))` in ./workerFactory.ts); it imports only pure
// engine code, never Grafana's shared externals.

import type { PeerDetector } from '../frames/peers';
import type { SeriesDetectors } from '../frames/streaming';
import { WeblogJob, worldPathsAt } from '../weblog/job';
import { bandsStep } from './bands';
import { answerPeers, runTransferables } from './peers';
import { detectTransferables, type FromWorker, type ToWorker, transferables } from './protocol';

interface WorkerScope {
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const jobs = new Map<number, { job: WeblogJob; queue: Promise<void> }>();
const streams = new Map<number, PeerDetector>();
const bandStreams = new Map<number, SeriesDetectors>();

function fail(id: number, e: unknown) {
  jobs.delete(id);
  scope.postMessage({ type: 'error', id, message: e instanceof Error ? e.message : String(e) });
}

scope.onmessage = (e) => {
  const msg = e.data;
  if (msg.type === 'world') {
    worldPathsAt(msg.assetBase).then(
      (world) => scope.postMessage({ type: 'world', id: msg.id, world }),
      (err) => fail(msg.id, err)
    );
    return;
  }
  if (msg.type === 'peers') {
    try {
      const run = answerPeers(streams, msg.stream, msg.steps);
      scope.postMessage({ type: 'peers', id: msg.id, run }, run ? runTransferables(run) : []);
    } catch (err) {
      fail(msg.id, err);
    }
    return;
  }
  if (msg.type === 'bands') {
    try {
      const result = bandsStep(bandStreams, msg);
      scope.postMessage({ type: 'bands', id: msg.id, result }, result ? detectTransferables(result) : []);
    } catch (err) {
      fail(msg.id, err);
    }
    return;
  }
  if (msg.type === 'forget') {
    streams.delete(msg.stream);
    bandStreams.delete(msg.stream);
    return;
  }
  if (msg.type === 'start') {
    const job = new WeblogJob(msg.kind, msg.options, 'worker');
    jobs.set(msg.id, { job, queue: job.init(msg.assetBase) });
    return;
  }
  const entry = jobs.get(msg.id);
  if (!entry) {
    return; // cancelled or failed
  }
  if (msg.type === 'cancel') {
    jobs.delete(msg.id);
    return;
  }
  entry.queue = entry.queue.then(() => {
    if (jobs.get(msg.id) !== entry) {
      return;
    }
    try {
      if (msg.type === 'chunk') {
        entry.job.add(msg.chunk);
      } else {
        jobs.delete(msg.id);
        const result = entry.job.finish();
        scope.postMessage({ type: 'result', id: msg.id, result }, transferables(result));
      }
    } catch (err) {
      fail(msg.id, err);
    }
  });
};
