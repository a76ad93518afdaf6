// Runs a web-log aggregation job off the main thread: one shared Web Worker per bundle, input posted in
// chunks with a yield between posts (so cloning 100 k lines never becomes one long task), the result's
// typed arrays transferred back. Where no Worker can be created (tests, a CSP that forbids workers), the
// same job runs on the main thread in small chunks that yield between them.

import { type DetectorParams, type PackedResult, type PresetName } from '../detect';
import type { WorldPaths } from '../geo/project';
import type { PeerRun, PeerSteps } from '../frames/peers';
import { type WeblogChunk, WeblogJob, type WeblogJobOptions, type WeblogJobResult } from '../weblog/job';
import type { WeblogInput } from './input';
import { packSteps, stepsTransferables, unpackRun } from './peers';
import type { BandsRequest, FromWorker, ToWorker } from './protocol';
import { appPublicPath } from './publicPath';

/** Lines per message to the worker (~0.5 MB of text for Apache combined lines: a few ms to clone). */
const POST_CHUNK = 2500;
/** Lines per main-thread slice in the fallback (~5–10 ms each). */
const MAIN_CHUNK = 1500;
/**
 * Characters of raw lines per message or slice, whatever the line count: hostile logs carry 8 KB agents,
 * and 2,500 of them (20 MB) took ~400 ms to clone on a busy machine.
 */
const CHUNK_CHARS = 512 * 1024;

export interface AggregateOptions extends WeblogJobOptions {
  /** Aborting drops the job (the promise rejects with an AbortError). */
  signal?: AbortSignal;
  /** Force the main-thread path (tests, benchmarks). */
  mainThread?: boolean;
}

/** Gives the event loop a turn (a macrotask), so input and rendering run between chunks. */
export function yieldToMain(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof MessageChannel !== 'undefined') {
      const ch = new MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        resolve();
      };
      ch.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}

function slice<T>(values: ArrayLike<T> | undefined, from: number, to: number): T[] | undefined {
  if (!values) {
    return undefined;
  }
  if (Array.isArray(values)) {
    return values.slice(from, to);
  }
  const out: T[] = new Array(Math.max(0, Math.min(to, values.length) - from));
  for (let i = 0; i < out.length; i++) {
    out[i] = values[from + i];
  }
  return out;
}

/** End of the chunk from `from`: at most `rows` rows and, for raw lines, about CHUNK_CHARS characters (≥ 1 row). */
function chunkEnd(input: WeblogInput, from: number, rows: number): number {
  const end = Math.min(from + rows, inputLength(input));
  if (input.kind !== 'lines') {
    return end;
  }
  let chars = 0;
  for (let i = from; i < end; i++) {
    const l = input.lines[i];
    chars += typeof l === 'string' ? l.length : 0;
    if (chars > CHUNK_CHARS && i > from) {
      return i;
    }
  }
  return end;
}

function chunkOf(input: WeblogInput, from: number, to: number): WeblogChunk {
  switch (input.kind) {
    case 'lines': {
      const src = input.lines;
      const end = Math.min(to, src.length);
      const lines = new Array<string>(Math.max(0, end - from));
      for (let i = from; i < end; i++) {
        const l = src[i];
        lines[i - from] = typeof l === 'string' ? l : String(l ?? '');
      }
      return { lines };
    }
    case 'rows':
      return {
        time: Float64Array.from(slice(input.time, from, to)!),
        ip: slice(input.ip, from, to),
        userAgent: slice(input.userAgent, from, to),
        status: slice(input.status, from, to),
      };
    case 'counts':
      return {
        time: Float64Array.from(slice(input.time, from, to)!),
        country: slice(input.country, from, to),
        count: slice(input.count, from, to),
      };
  }
}

export function inputLength(input: WeblogInput): number {
  return input.kind === 'lines' ? input.lines.length : input.time.length;
}

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}

// ---- the shared worker ----

/**
 * Series × points from which a panel's detection goes to the worker: from there the copy costs less than the
 * work it takes off the main thread (a few ms against ~100 ms at 1,000 series × 1,440 points).
 */
export const WORKER_CELLS = 100_000;

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (r: never) => void; reject: (e: Error) => void }>();

async function getWorker(): Promise<Worker | null> {
  if (worker !== undefined) {
    return worker;
  }
  if (typeof Worker === 'undefined') {
    return (worker = null);
  }
  try {
    // Eager: part of this chunk, no extra request; a module Jest never loads (import.meta).
    const { createWeblogWorker } = await import(/* webpackMode: "eager" */ './workerFactory');
    const w = createWeblogWorker();
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const msg = e.data;
      const p = pending.get(msg.id);
      if (!p) {
        return;
      }
      pending.delete(msg.id);
      if (msg.type === 'result') {
        p.resolve(msg.result as never);
      } else if (msg.type === 'bands') {
        p.resolve(msg.result as never);
      } else if (msg.type === 'peers') {
        p.resolve((msg.run && unpackRun(msg.run)) as never);
      } else if (msg.type === 'world') {
        p.resolve(msg.world as never);
      } else {
        p.reject(new Error(msg.message));
      }
    };
    w.onerror = (e) => {
      // A worker that cannot start (blocked script, syntax error) fails every job; later jobs use the
      // main thread.
      e.preventDefault?.();
      const err = new Error(`web-log worker failed: ${e.message || 'could not load'}`);
      for (const p of pending.values()) {
        p.reject(err);
      }
      pending.clear();
      worker = null;
      w.terminate();
    };
    return (worker = w);
  } catch {
    return (worker = null);
  }
}

/**
 * `post` with the worker; undefined where there is none. Posted at once when the worker exists: an await first
 * would queue the post behind the microtasks already waiting, such as the chart's first draw (uPlot draws in a
 * microtask after it is created) — the peers view's values reached the worker only after its crowd was drawn.
 */
function withWorker<T>(post: (w: Worker) => Promise<T>): Promise<T | undefined> {
  if (worker === undefined) {
    return getWorker().then((w) => (w ? post(w) : undefined));
  }
  try {
    return worker ? post(worker) : Promise.resolve(undefined);
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

async function runInWorker(w: Worker, input: WeblogInput, options: AggregateOptions): Promise<WeblogJobResult> {
  const id = nextId++;
  const post = (m: ToWorker) => w.postMessage(m);
  const result = new Promise<WeblogJobResult>((resolve, reject) => pending.set(id, { resolve, reject }));

  post({
    type: 'start',
    id,
    kind: input.kind,
    options: {
      bucket: options.bucket,
      maxBuckets: options.maxBuckets,
      countryBands: options.countryBands,
      partialFrom: options.partialFrom,
    },
    assetBase: appPublicPath(),
  });
  const n = inputLength(input);
  for (let from = 0, to = 0; from < n; from = to) {
    if (options.signal?.aborted) {
      post({ type: 'cancel', id });
      pending.delete(id);
      throw abortError();
    }
    to = chunkEnd(input, from, POST_CHUNK);
    post({ type: 'chunk', id, chunk: chunkOf(input, from, to) });
    await yieldToMain();
  }
  post({ type: 'end', id });
  const onAbort = () => {
    post({ type: 'cancel', id });
    pending.get(id)?.reject(abortError());
    pending.delete(id);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await result;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** The projected world map, from the worker (null when there is no worker or it failed). */
export async function worldFromWorker(): Promise<WorldPaths | null> {
  const w = await getWorker();
  if (!w) {
    return null;
  }
  const id = nextId++;
  const result = new Promise<WorldPaths>((resolve, reject) => pending.set(id, { resolve, reject }));
  w.postMessage({ type: 'world', id, assetBase: appPublicPath() } satisfies ToWorker);
  try {
    return await result;
  } catch {
    return null;
  }
}

/**
 * A refresh's new steps through the panel's population detector in the worker (src/panel/peers/stream.ts): the
 * page stays responsive while 1,000 series × a day are compared; null when the worker cannot continue the stream;
 * undefined when there is no worker, so the caller computes on the main thread.
 */
export function peersInWorker(stream: number, steps: PeerSteps): Promise<PeerRun | null | undefined> {
  return withWorker((w) => {
    const id = nextId++;
    const result = new Promise<PeerRun | null>((resolve, reject) => pending.set(id, { resolve, reject }));
    const packed = packSteps(steps);
    w.postMessage({ type: 'peers', id, stream, steps: packed } satisfies ToWorker, stepsTransferables(packed));
    return result;
  });
}

let nextStream = 1;

/** A mounted panel's stream id for 'peers' and 'bands' (one sequence: 'forget' drops the id's state of either). */
export function newStreamId(): number {
  return nextStream++;
}

/** The worker forgets a stream's comparison or bands (its panel went away). */
export function forgetStream(stream: number): void {
  worker?.postMessage({ type: 'forget', stream } satisfies ToWorker);
}

/** Whether jobs can go to a worker (false where none can be created: tests, a CSP that forbids workers). */
export function workerAvailable(): boolean {
  return typeof Worker !== 'undefined' && worker !== null;
}

/**
 * A band chart's refresh in the worker, continued from the same `stream`'s previous call (./bands.ts):
 * `request.packed` is transferred, the new rows' results transferred back; undefined when there is no worker
 * (the caller runs on the main thread), null when the worker no longer has the stream (the caller restarts it).
 */
export function bandsInWorker(
  stream: number,
  preset: PresetName,
  params: Partial<DetectorParams>,
  request: BandsRequest
): Promise<PackedResult | null | undefined> {
  return withWorker((w) => {
    const id = nextId++;
    const result = new Promise<PackedResult | null>((resolve, reject) => pending.set(id, { resolve, reject }));
    const { packed } = request;
    w.postMessage({ type: 'bands', id, stream, preset, params, ...request } satisfies ToWorker, [
      packed.values.buffer,
      packed.times.buffer,
    ]);
    return result;
  });
}

/** The main-thread path: the same job in slices of MAIN_CHUNK rows, yielding between slices. */
export async function runOnMainThread(input: WeblogInput, options: AggregateOptions = {}): Promise<WeblogJobResult> {
  const job = new WeblogJob(input.kind, options, 'main');
  await job.init(appPublicPath());
  const n = inputLength(input);
  const step = input.kind === 'counts' ? MAIN_CHUNK * 20 : MAIN_CHUNK;
  for (let from = 0, to = 0; from < n; from = to) {
    if (options.signal?.aborted) {
      throw abortError();
    }
    to = chunkEnd(input, from, step);
    job.add(chunkOf(input, from, to));
    if (to < n) {
      await yieldToMain();
    }
  }
  return job.finish();
}

/**
 * Aggregates web-log input per time bucket. Raw lines and IP rows go to the Web Worker; already
 * aggregated counts (cheap: no parsing, no geo lookup) are counted on the main thread, unless every country
 * is to be banded too (a detector run per country: the worker's work).
 */
export async function aggregateWeblog(input: WeblogInput, options: AggregateOptions = {}): Promise<WeblogJobResult> {
  if ((input.kind === 'counts' && !options.countryBands) || options.mainThread) {
    return runOnMainThread(input, options);
  }
  const w = await getWorker();
  if (!w) {
    return runOnMainThread(input, options);
  }
  try {
    return await runInWorker(w, input, options);
  } catch (e) {
    if (e instanceof Error && e.name === 'AbortError') {
      throw e;
    }
    if (worker === null) {
      // The worker died (could not load): fall back rather than fail the panel.
      return runOnMainThread(input, options);
    }
    throw e;
  }
}
