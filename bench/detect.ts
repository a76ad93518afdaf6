// `npm run bench:detect`: times each preset's run() on a 10 M-point series, the notebook's O(M)-per-point loop
// and pandas (ewm(alpha).mean() + rolling(M).std()) on the same series in the same run. Prints figures, then
// one JSON line. A benchmark, not a test: nothing here asserts a speed.
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

import {
  type BatchOutputs,
  createDetector,
  createPopulation,
  defaultParams,
  detectPacked,
  FORECAST_PRESETS,
  MAX_FORECAST_POINTS,
  MIN_PEERS,
  POPULATION_DEFAULTS,
  type PackedResult,
  packSeries,
  PRESETS,
  type PresetName,
  unpackResult,
} from '../src/detect';
import './browser-globals';

import { type DataFrame, FieldType, toDataFrame } from '@grafana/data';

import {
  type AlignedSeries,
  alignmentNotices,
  type AxisSummary,
  comparePeers,
  type PeerDetector,
  type PeerInput,
  PeerWindow,
  peersIdentity,
  type RowCheck,
  stepsOf,
  StreamingPeers,
} from '../src/frames/peers';
import { type PeersAnswer, peersAnswer } from '../src/datasource/peers';
import { type SeriesDetectors, type SeriesUpdate, StreamingBands } from '../src/frames/streaming';
import { extractSeries, LiveReader, type SeriesInput } from '../src/frames/read';
import { buildBandFrame, buildPeerFrame } from '../src/frames/write';
import { panelSeries, peersInput, peersModel } from '../src/panel/peers/model';
import { type BandsPlan, PanelBands } from '../src/panel/model/liveBands';
import { detectorParams } from '../src/panel/model/params';
import { bandSeries, readSeries, toDetect } from '../src/panel/model/series';
import type { DetectorOptions } from '../src/panel/types';
import { unitBounds } from '../src/contract';
import { bandsStep } from '../src/weblog-client/bands';
import { answerPeers, packSteps, unpackRun } from '../src/weblog-client/peers';

const POINTS = Number(process.env.BENCH_POINTS ?? 10_000_000);
const RUNS: Record<PresetName, number> = { ewma: 9, notebook: 3, robust: 3, seasonal: 5, window: 3 };
const RATIO_ROUNDS = 5;
const PYTHON = '/usr/bin/python3';

/** A minute-resolution series: daily sine, deterministic noise (xorshift32), a spike every ~10 000 points. */
function makeSeries(n: number): { times: Float64Array; values: Float64Array } {
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  let s = 2463534242;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  for (let i = 0; i < n; i++) {
    times[i] = 1.7e12 + i * 60_000;
    values[i] = 100 + 20 * Math.sin((2 * Math.PI * i) / 1440) + 3 * (rand() - 0.5) + (rand() < 1e-4 ? 50 : 0);
  }
  return { times, values };
}

interface Timing {
  pointsPerSec: number;
  minSec: number;
  medianSec: number;
  runs: number;
}

interface PresetTiming extends Timing {
  /** The same, when run() allocates its five output arrays (first-touch page faults on 330 MB included). */
  freshOutputs: Timing;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

function summarise(seconds: number[], points: number): Timing {
  // Points per second from the median run: one lucky run does not make the figure.
  const m = median(seconds);
  return { pointsPerSec: Math.round(points / m), minSec: Math.min(...seconds), medianSec: m, runs: seconds.length };
}

/**
 * CPU seconds of this process (user + system): the work is single-threaded, and on a shared machine wall time
 * mostly measures the other tenants. pandas is timed the same way (time.process_time).
 */
function cpuSeconds(f: () => void): number {
  const start = process.cpuUsage();
  f();
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1e6;
}

function warmUp(preset: PresetName, times: Float64Array, values: Float64Array): void {
  // JIT warm-up: several calls on a slice, so the timed runs enter optimised code rather than on-stack replacement.
  const n = Math.min(times.length, 1_000_000);
  for (let r = 0; r < 5; r++) {
    createDetector(preset).run(times.subarray(0, n), values.subarray(0, n));
  }
}

/**
 * Throughput of run() on a fresh detector writing into reused output arrays (how a streaming consumer that
 * keeps its buffers runs, and what the target is about), and with run() allocating its outputs.
 */
function timePreset(preset: PresetName, times: Float64Array, values: Float64Array, into: BatchOutputs): PresetTiming {
  warmUp(preset, times, values);
  const reused: number[] = [];
  const fresh: number[] = [];
  for (let r = 0; r < RUNS[preset]; r++) {
    reused.push(cpuSeconds(() => createDetector(preset).run(times, values, into)));
    fresh.push(cpuSeconds(() => createDetector(preset).run(times, values)));
  }
  return { ...summarise(reused, times.length), freshOutputs: summarise(fresh, times.length) };
}

const PANDAS = `
import json, sys, time
import numpy as np, pandas as pd
x = pd.Series(np.fromfile(sys.argv[1], dtype='<f8'))
alpha, m, runs = float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
secs = []
for _ in range(runs):
    t = time.process_time()
    x.ewm(alpha=alpha).mean()
    x.rolling(m).std()
    secs.append(time.process_time() - t)
print(json.dumps({"seconds": secs, "pandas": pd.__version__}))
`;

/** Seconds per pandas run on the values in `file` (ewma's alpha and window), or null without python3-pandas. */
interface PandasRun {
  seconds: number[];
  version: string;
}

function timePandas(file: string, runs: number): PandasRun | null {
  const { alpha, window } = defaultParams('ewma');
  const r = spawnSync(PYTHON, ['-c', PANDAS, file, String(alpha), String(window), String(runs)], { encoding: 'utf8' });
  if (r.status !== 0) {
    console.log(`pandas unavailable: ${(r.error?.message ?? r.stderr).trim().split('\n').pop()}`);
    return null;
  }
  const { seconds, pandas } = JSON.parse(r.stdout) as { seconds: number[]; pandas: string };
  return { seconds, version: pandas };
}

const fmt = (t: Timing) =>
  `${(t.pointsPerSec / 1e6).toFixed(1).padStart(7)} M points/s  (median ${t.medianSec.toFixed(3)} s, min ${t.minSec.toFixed(3)} s, ${t.runs} runs)`;

/**
 * Ratios from paired rounds (ewma, the notebook loop, the bare loop and pandas timed back to back, median of the per-round
 * ratios), so a change in the machine's load between measurements does not end up in the ratio.
 */
/**
 * Reference for the machine: the bare EW mean/variance recurrence writing the same five arrays, with none of
 * ewma's floor, clipping, calibration, hysteresis, timestamp checks or episodes. Not a detector.
 */
function plainLoop(values: Float64Array, out: BatchOutputs): void {
  const { predicted, low, high, score, anomaly } = out;
  let level = values[0];
  let variance = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    const resid = x - level;
    const half = 4 * Math.sqrt(variance);
    predicted[i] = level;
    low[i] = level - half;
    high[i] = level + half;
    const r = Math.abs(resid) / half;
    score[i] = r;
    anomaly[i] = r > 1 ? 1 : 0;
    level += 0.1 * resid;
    variance += 0.01 * (resid * resid - variance);
  }
}

function pairedRatios(times: Float64Array, values: Float64Array, into: BatchOutputs, file: string) {
  const vsNotebook: number[] = [];
  const vsPandas: number[] = [];
  const vsPlain: number[] = [];
  for (let r = 0; r < 3; r++) {
    plainLoop(values, into); // warm-up
  }
  const pandasSeconds: number[] = [];
  let version: string | undefined;
  for (let round = 0; round < RATIO_ROUNDS; round++) {
    const ewma = cpuSeconds(() => createDetector('ewma').run(times, values, into));
    vsNotebook.push(cpuSeconds(() => createDetector('notebook').run(times, values, into)) / ewma);
    vsPlain.push(cpuSeconds(() => plainLoop(values, into)) / ewma);
    const p: PandasRun | null = round === 0 || version ? timePandas(file, 1) : null;
    if (p) {
      version = p.version;
      pandasSeconds.push(p.seconds[0]);
      vsPandas.push(p.seconds[0] / ewma);
    }
  }
  const pandas = version ? { ...summarise(pandasSeconds, values.length), version } : null;
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    vsNotebookLoop: round2(median(vsNotebook)),
    vsPandas: pandas ? round2(median(vsPandas)) : null,
    vsPlainLoop: round2(median(vsPlain)),
    pandas,
  };
}

/** Population shapes: N series × 1,440 steps (a `by (pod)` query over a day at 1-minute steps). */
const POPULATION_SIZES = [10, 100, 1000];
const POPULATION_STEPS = 1440;

interface PopulationTiming {
  series: number;
  steps: number;
  minMs: number;
  medianMs: number;
  pointsPerSec: number;
  /** Population time over the time of N separate ewma detectors on the same points, paired per round. */
  vsEwmaPerSeries: number;
}

/** Population outliers on N series of the bench's kind (daily sine + noise), against N ewma runs on the same points. */
function timePopulation(n: number): PopulationTiming {
  const one = makeSeries(POPULATION_STEPS * n);
  const times = one.times.subarray(0, POPULATION_STEPS);
  const series = Array.from({ length: n }, (_, i) =>
    one.values.subarray(i * POPULATION_STEPS, (i + 1) * POPULATION_STEPS)
  );
  for (let r = 0; r < 3; r++) {
    createPopulation(n).run(times, series);
  }
  const ms: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < 7; r++) {
    const pop = cpuSeconds(() => createPopulation(n).run(times, series));
    const ewma = cpuSeconds(() => series.forEach((s) => createDetector('ewma').run(times, s)));
    ms.push(pop * 1000);
    ratios.push(pop / ewma);
  }
  const m = median(ms);
  return {
    series: n,
    steps: POPULATION_STEPS,
    minMs: Math.round(Math.min(...ms) * 10) / 10,
    medianMs: Math.round(m * 10) / 10,
    pointsPerSec: Math.round((n * POPULATION_STEPS) / (m / 1000)),
    vsEwmaPerSeries: Math.round(median(ratios) * 100) / 100,
  };
}

/** Live windows: a day and a week of 1-minute steps, one new step per emission. */
const LIVE_WINDOWS = [1440, 10_080];
const LIVE_ROUNDS = 7;
/** A band chart's series: a panel of 100 and one of 1,000 (a `by (pod)` query). */
const BAND_REFRESH_SERIES = [100, 1000];

interface PopulationLiveTiming {
  series: number;
  window: number;
  /** One live emission (the window slid by one step) through StreamingPeers: min and median ms. */
  minMs: number;
  medianMs: number;
  /** A full comparison of the same window (what each emission cost before streaming), min and median ms. */
  fullMinMs: number;
  fullMedianMs: number;
  /** The emission's time over the full comparison's, paired per round. */
  vsFullWindow: number;
  /** The datasource's whole live emission around and with the detectors (`timeDatasourceEmission`). */
  emission: EmissionTiming;
  /** A refreshing panel's peers view, one new step (`timePanelRefresh`): the panel's path and the one before it. */
  panel: PanelRefreshTiming;
  panelBefore: PanelRefreshTiming;
}

/**
 * A refreshing panel's peers view (Grafana hands it the whole answer each refresh), ms of CPU: the frames read and
 * the new steps found on the main thread, the message's copy, the worker's part (the step compared, its answer
 * packed and copied back), the main thread's model; medians, and the total's min.
 */
interface PanelRefreshTiming {
  readMs: number;
  readMinMs: number;
  messageMs: number;
  workerMs: number;
  modelMs: number;
  totalMs: number;
  totalMinMs: number;
}

/** N series × a window plus a few steps of the bench's kind; `at(lo)`: the window from step lo. */
function liveSeries(n: number, window: number) {
  const span = window + LIVE_ROUNDS + 1;
  const one = makeSeries(span * n);
  const times = one.times.subarray(0, span);
  const at = (lo: number): PeerInput[] =>
    Array.from({ length: n }, (_, i) => ({
      name: `s${i}`,
      times: times.subarray(lo, lo + window),
      values: one.values.subarray(i * span + lo, i * span + lo + window),
    }));
  return at;
}

/**
 * A live peers query: N series × a window sliding one step per emission. StreamingPeers.update against comparing
 * the whole window again, in the same rounds; then the datasource's whole emission (frames read, compared, written).
 */
function timePopulationLive(n: number, window: number): PopulationLiveTiming {
  const at = liveSeries(n, window);
  const stream = new StreamingPeers();
  stream.update(at(0));
  const live: number[] = [];
  const full: number[] = [];
  for (let r = 1; r <= LIVE_ROUNDS; r++) {
    const w = at(r);
    live.push(cpuSeconds(() => stream.update(w)) * 1000);
    full.push(cpuSeconds(() => comparePeers(w)) * 1000);
  }
  const round1 = (x: number) => Math.round(x * 10) / 10;
  return {
    series: n,
    window,
    minMs: round1(Math.min(...live)),
    medianMs: round1(median(live)),
    fullMinMs: round1(Math.min(...full)),
    fullMedianMs: round1(median(full)),
    vsFullWindow: Math.round(median(live.map((l, i) => l / full[i])) * 1000) / 1000,
    emission: timeDatasourceEmission(at, window),
    ...timePanelRefresh(at, window),
  };
}

/** The upstream's frames for the window from `lo`: one per series, number[] fields as Grafana's. */
function upstreamFrames(at: (lo: number) => PeerInput[], lo: number, window: number): DataFrame[] {
  return at(lo).map((s) => ({
    name: s.name,
    length: window,
    fields: [
      { name: 'time', type: FieldType.time, values: Array.from(s.times), config: {} },
      { name: 'value', type: FieldType.number, values: Array.from(s.values), config: {} },
    ],
  }));
}

/** The panel's path before: the aligned series as inputs of one comparison, all on the axis. */
const onAxis = ({ times, values }: AlignedSeries) => values.map((v) => ({ times, values: v }));

/** The panel's path before: the notices' summary counted over the window. */
function axisSummary(aligned: AlignedSeries, peers: ArrayLike<number>): AxisSummary {
  let thin = 0;
  for (let t = 0; t < aligned.times.length; t++) {
    thin += peers[t] < MIN_PEERS ? 1 : 0;
  }
  return { steps: aligned.times.length, thin, union: aligned.steps !== null, duplicates: aligned.duplicates };
}

/** CPU ms of `f`, and its value. */
function timed<T>(f: () => T): [number, T] {
  let out: T | undefined;
  const ms = cpuSeconds(() => (out = f())) * 1000;
  return [ms, out as T];
}

/** A panel refresh's parts, ms. */
type RefreshParts = Omit<PanelRefreshTiming, 'readMinMs' | 'totalMs' | 'totalMinMs'>;

function summariseRefresh(rounds: RefreshParts[]): PanelRefreshTiming {
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const part = (k: keyof RefreshParts) => round1(median(rounds.map((r) => r[k])));
  const totals = rounds.map((r) => r.readMs + r.messageMs + r.workerMs + r.modelMs);
  return {
    readMs: part('readMs'),
    readMinMs: round1(Math.min(...rounds.map((r) => r.readMs))),
    messageMs: part('messageMs'),
    workerMs: part('workerMs'),
    modelMs: part('modelMs'),
    totalMs: round1(median(totals)),
    totalMinMs: round1(Math.min(...totals)),
  };
}

/**
 * A refreshing panel's peers view, one new step per refresh, on each side of the worker boundary, as PanelPeers
 * (src/panel/peers/stream.ts) runs it with the worker's handler in-process; in the same rounds the path before it
 * (the window aligned and posted whole, every earlier row checked in the worker, its whole result copied back and
 * the flags counted), each with its own reader.
 */
function timePanelRefresh(
  at: (lo: number) => PeerInput[],
  window: number
): Pick<PopulationLiveTiming, 'panel' | 'panelBefore'> {
  const params = { ...POPULATION_DEFAULTS };
  // the panel's path: its reader and window here, its detector in the worker
  const reader = new LiveReader();
  const peerWindow = new PeerWindow();
  const detectors = new Map<number, PeerDetector>();
  // the path before: its reader here, a StreamingPeers in the worker
  const readerBefore = new LiveReader();
  const before = new StreamingPeers();
  const now: RefreshParts[] = [];
  const then: RefreshParts[] = [];
  for (let r = 0; r <= LIVE_ROUNDS; r++) {
    const frames = upstreamFrames(at, r, window);
    const [readMs, plan] = timed(() => {
      const { series } = panelSeries(frames, reader);
      const keys = series.map((s) => s.key);
      const check = series.map((s): RowCheck => (s.continued ? 'ends' : 'all'));
      return { series, plan: peerWindow.plan(series, peersIdentity(keys, params), check) };
    });
    const [messageMs, sent] = timed(() => structuredClone(packSteps(stepsOf(plan.plan, params))));
    const [workerMs, answer] = timed(() => structuredClone(answerPeers(detectors, 1, sent)!));
    const [modelMs] = timed(() => {
      const a = peerWindow.commit(plan.plan, unpackRun(answer));
      const input = { series: plan.series, aligned: a.aligned };
      return peersModel(input, a.result, alignmentNotices(plan.series, a.axis), a.flagged);
    });
    const [readBeforeMs, input] = timed(() => peersInput(frames, readerBefore));
    const [messageBeforeMs, aligned] = timed(() => structuredClone(input.aligned));
    const keys = input.series.map((s) => s.key);
    const [workerBeforeMs, result] = timed(
      () => structuredClone(before.advance(onAxis(aligned), params, keys, 'all').result) // copied for transfer
    );
    const [modelBeforeMs] = timed(() =>
      peersModel(input, result, alignmentNotices(input.series, axisSummary(input.aligned, result.peers)))
    );
    if (r > 0) {
      now.push({ readMs, messageMs, workerMs, modelMs });
      then.push({
        readMs: readBeforeMs,
        messageMs: messageBeforeMs,
        workerMs: workerBeforeMs,
        modelMs: modelBeforeMs,
      });
    }
  }
  return { panel: summariseRefresh(now), panelBefore: summariseRefresh(then) };
}

/** The datasource's live emission, ms of CPU: its parts (medians), in total (min/median), against a whole one. */
interface EmissionTiming {
  /** Upstream frames to series (toDataFrame, extractSeries with the query's LiveReader: the new rows read). */
  readMs: number;
  /** StreamingBands.update per series (own history). */
  bandsMs: number;
  /** peersAnswer: StreamingPeers and the cluster-range frame. */
  peersMs: number;
  /** Each series' answer frame: band and peer fields (kept views where they hold no NaN). */
  writeMs: number;
  minMs: number;
  medianMs: number;
  /** The same emission read, compared and written whole (fresh state: what it cost before streaming). */
  wholeMinMs: number;
  wholeMedianMs: number;
  /** Live over whole, paired per round. */
  vsWhole: number;
}

/** What one query run keeps across emissions; `reader` undefined: every window read whole. */
interface EmissionState {
  reader?: LiveReader;
  bands: StreamingBands;
  peers: StreamingPeers;
}

/**
 * One emission of the datasource with Compare = both, step by step as `bandFrames` runs it (src/datasource): the
 * upstream frames read, each series' own-history bands, the peer comparison, the answer frames. CPU ms per part.
 */
function emitOnce(
  upstream: DataFrame[],
  state: EmissionState
): Omit<EmissionTiming, 'minMs' | 'medianMs' | 'wholeMinMs' | 'wholeMedianMs' | 'vsWhole'> {
  const params = { ...POPULATION_DEFAULTS };
  const meta = { preset: 'ewma' as const, params: defaultParams('ewma') };
  let series: SeriesInput[] = [];
  const readMs = cpuSeconds(() => {
    const frames = upstream.map((d) => ({ ...toDataFrame(d), refId: 'A' }));
    series = extractSeries(frames, { sort: true, live: state.reader }).series;
  });
  let updates: SeriesUpdate[] = [];
  const bandsMs = cpuSeconds(() => (updates = series.map((s) => state.bands.update(s.key, s.times, s.values))));
  let peers: PeersAnswer | undefined;
  const peersMs = cpuSeconds(() => (peers = peersAnswer(series, params, 'A', state.peers)));
  const writeMs = cpuSeconds(() =>
    series.forEach((s, i) => {
      const bands = buildBandFrame(s, { ...updates[i].columns, gaps: updates[i].gaps }, { meta });
      buildPeerFrame(s, peers!.columns(i), peers!.meta(i), bands);
    })
  );
  return { readMs: readMs * 1000, bandsMs: bandsMs * 1000, peersMs: peersMs * 1000, writeMs: writeMs * 1000 };
}

/**
 * The datasource's live emission, one new step per round on upstream frames as Grafana's (one frame per series,
 * number[] fields), against the same emission with fresh state (read, compared and written whole), paired.
 */
function timeDatasourceEmission(at: (lo: number) => PeerInput[], window: number): EmissionTiming {
  const frames = (lo: number) => upstreamFrames(at, lo, window);
  const fresh = (reader?: LiveReader): EmissionState => ({
    reader,
    bands: new StreamingBands('ewma', {}),
    peers: new StreamingPeers(),
  });
  const live = fresh(new LiveReader());
  emitOnce(frames(0), live);
  const parts: Array<ReturnType<typeof emitOnce>> = [];
  const whole: number[] = [];
  const total = (p: ReturnType<typeof emitOnce>) => p.readMs + p.bandsMs + p.peersMs + p.writeMs;
  for (let r = 1; r <= LIVE_ROUNDS; r++) {
    const upstream = frames(r);
    parts.push(emitOnce(upstream, live));
    whole.push(total(emitOnce(upstream, fresh())));
  }
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const part = (k: keyof ReturnType<typeof emitOnce>) => round1(median(parts.map((p) => p[k])));
  const totals = parts.map(total);
  return {
    readMs: part('readMs'),
    bandsMs: part('bandsMs'),
    peersMs: part('peersMs'),
    writeMs: part('writeMs'),
    minMs: round1(Math.min(...totals)),
    medianMs: round1(median(totals)),
    wholeMinMs: round1(Math.min(...whole)),
    wholeMedianMs: round1(median(whole)),
    vsWhole: Math.round(median(totals.map((t, i) => t / whole[i])) * 1000) / 1000,
  };
}

/** A refreshing band chart (the panel's own bands over plain frames), one new step per refresh: CPU ms, medians. */
interface BandRefreshTiming {
  series: number;
  window: number;
  /** readSeries with the panel's LiveReader (the new rows) and whole, same rounds. */
  readMs: number;
  wholeReadMs: number;
  /** The worker's message made (PanelBands.request: the new rows packed) and whole (every row packed). */
  messageMs: number;
  wholeMessageMs: number;
  /** The worker's part: the new rows through the stream's detectors (bandsStep) and the whole windows (detectPacked). */
  workerMs: number;
  wholeWorkerMs: number;
  /** The answer taken in and the chart's model built (PanelBands.absorb + bandSeries), and whole (bandSeries). */
  modelMs: number;
  wholeModelMs: number;
  /** The refresh's parts summed, min and median; whole, min and median; new over whole, paired. */
  minMs: number;
  medianMs: number;
  wholeMinMs: number;
  wholeMedianMs: number;
  vsWhole: number;
  /** Numbers posted to the worker for one refresh (values and times): new path and whole. */
  posted: number;
  wholePosted: number;
}

/**
 * A band chart over plain frames refreshed with one new step: its parts on each side of the worker boundary (the
 * worker's part run here), the new path (LiveReader, PanelBands, 'bands' message) against the whole path (every
 * row read, packed, detected), in the same rounds.
 */
function timeBandRefresh(n: number, window: number): BandRefreshTiming {
  const at = liveSeries(n, window);
  const options: DetectorOptions = { preset: 'ewma' };
  const params = detectorParams(options);
  const settings = JSON.stringify(options);
  const reader = new LiveReader();
  const bands = new PanelBands();
  const streams = new Map<number, SeriesDetectors>();
  const step = (plan: BandsPlan) =>
    bandsStep(streams, { type: 'bands', id: 0, stream: 1, preset: 'ewma', params, ...plan.request })!;
  const firstPlan = bands.request(toDetect(readSeries(upstreamFrames(at, 0, window), reader)), settings);
  bands.absorb(firstPlan, step(firstPlan));
  const parts: number[][] = [[], [], [], [], [], [], [], []];
  let posted = 0;
  let wholePosted = 0;
  for (let r = 1; r <= LIVE_ROUNDS; r++) {
    const frames = upstreamFrames(at, r, window);
    // the new path
    let read = readSeries([]);
    parts[0].push(cpuSeconds(() => (read = readSeries(frames, reader))));
    let plan = firstPlan;
    parts[2].push(cpuSeconds(() => (plan = bands.request(toDetect(read), settings))));
    posted = plan.request.packed.values.length + plan.request.packed.times.length;
    let answer: PackedResult | undefined;
    parts[4].push(cpuSeconds(() => (answer = step(plan))));
    parts[6].push(
      cpuSeconds(() => {
        const detected = bands.absorb(plan, answer!)!;
        bandSeries(read, options, (i) => detected[i]);
      })
    );
    // the whole path
    let wholeRead = read;
    parts[1].push(cpuSeconds(() => (wholeRead = readSeries(frames))));
    const sources = toDetect(wholeRead);
    let packed = packSeries([]);
    parts[3].push(
      cpuSeconds(
        () =>
          (packed = packSeries(
            sources.map((s) => ({ times: s.times, values: s.values, ...unitBounds(s.field.config.unit) }))
          ))
      )
    );
    wholePosted = packed.values.length + packed.times.length;
    let result = detectPacked('ewma', params, packSeries([]));
    parts[5].push(cpuSeconds(() => (result = detectPacked('ewma', params, packed))));
    parts[7].push(cpuSeconds(() => bandSeries(wholeRead, options, (i) => unpackResult(result, packed, i))));
  }
  const ms = parts.map((p) => p.map((x) => x * 1000));
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const totals = ms[0].map((_, r) => ms[0][r] + ms[2][r] + ms[4][r] + ms[6][r]);
  const wholeTotals = ms[0].map((_, r) => ms[1][r] + ms[3][r] + ms[5][r] + ms[7][r]);
  const med = (i: number) => round1(median(ms[i]));
  return {
    series: n,
    window,
    readMs: med(0),
    wholeReadMs: med(1),
    messageMs: med(2),
    wholeMessageMs: med(3),
    workerMs: med(4),
    wholeWorkerMs: med(5),
    modelMs: med(6),
    wholeModelMs: med(7),
    minMs: round1(Math.min(...totals)),
    medianMs: round1(median(totals)),
    wholeMinMs: round1(Math.min(...wholeTotals)),
    wholeMedianMs: round1(median(wholeTotals)),
    vsWhole: Math.round(median(totals.map((t, i) => t / wholeTotals[i])) * 1000) / 1000,
    posted,
    wholePosted,
  };
}

interface ForecastTiming {
  preset: PresetName;
  /** Microseconds per 1,000 future points (median of 9), and points per second. */
  usPer1000: number;
  pointsPerSec: number;
  /** Forecast time over the detector's run() time on as many points, paired per round. */
  vsRunSamePoints: number;
}

/** `forecast()` of MAX_FORECAST_POINTS minute steps from a detector that learnt 2 weeks of the bench's series. */
function timeForecast(preset: PresetName, times: Float64Array, values: Float64Array): ForecastTiming {
  const learnt = 14 * 1440;
  const d = createDetector(preset);
  d.run(times.subarray(0, learnt), values.subarray(0, learnt));
  const horizon = MAX_FORECAST_POINTS * 60_000;
  for (let r = 0; r < 3; r++) {
    d.forecast(horizon);
  }
  const secs: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r < 9; r++) {
    const f = cpuSeconds(() => d.forecast(horizon));
    const run = cpuSeconds(() =>
      createDetector(preset).run(times.subarray(0, MAX_FORECAST_POINTS), values.subarray(0, MAX_FORECAST_POINTS))
    );
    secs.push(f);
    ratios.push(f / run);
  }
  const m = median(secs);
  return {
    preset,
    usPer1000: Math.round((m / MAX_FORECAST_POINTS) * 1e10) / 10,
    pointsPerSec: Math.round(MAX_FORECAST_POINTS / m),
    vsRunSamePoints: Math.round(median(ratios) * 100) / 100,
  };
}

function main(): void {
  const { times, values } = makeSeries(POINTS);
  console.log(
    `bench:detect — ${POINTS.toLocaleString('en')} points, node ${process.version}, run() with default parameters, CPU time`
  );
  const into: BatchOutputs = {
    predicted: new Float64Array(POINTS),
    low: new Float64Array(POINTS),
    high: new Float64Array(POINTS),
    score: new Float64Array(POINTS),
    anomaly: new Uint8Array(POINTS),
  };
  const presets = {} as Record<PresetName, PresetTiming>;
  for (const preset of PRESETS) {
    presets[preset] = timePreset(preset, times, values, into);
    console.log(`${preset.padEnd(9)} ${fmt(presets[preset])}`);
    console.log(`${''.padEnd(9)} ${fmt(presets[preset].freshOutputs)}  fresh output arrays`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-detect-'));
  try {
    const file = path.join(dir, 'values.f64');
    writeFileSync(file, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    const ratios = pairedRatios(times, values, into, file);
    if (ratios.pandas) {
      console.log(`pandas    ${fmt(ratios.pandas)}  ${ratios.pandas.version}: ewm(alpha).mean() + rolling(M).std()`);
    }
    console.log(
      `ewma vs notebook loop ${ratios.vsNotebookLoop}×, vs pandas ${ratios.vsPandas ?? 'n/a'}×, ` +
        `vs a bare EWMA loop ${ratios.vsPlainLoop}× (paired rounds)`
    );
    const forecast = FORECAST_PRESETS.map((p) => timeForecast(p, times, values));
    for (const f of forecast) {
      console.log(
        `forecast ${f.preset.padEnd(9)} ${(f.pointsPerSec / 1e6).toFixed(1).padStart(5)} M future points/s  ` +
          `(${f.usPer1000} µs per 1,000 future points; ${f.vsRunSamePoints}× run() on as many points, paired)`
      );
    }
    const population = POPULATION_SIZES.map(timePopulation);
    for (const p of population) {
      console.log(
        `population ${`${p.series} × ${p.steps}`.padStart(11)}  ${(p.pointsPerSec / 1e6).toFixed(1).padStart(5)} M points/s  ` +
          `(median ${p.medianMs} ms, min ${p.minMs} ms, 7 runs; ${p.vsEwmaPerSeries}× the time of ${p.series} ewma detectors, paired)`
      );
    }
    const populationLive = LIVE_WINDOWS.map((w) => timePopulationLive(1000, w));
    for (const p of populationLive) {
      console.log(
        `population live ${p.series} × ${String(p.window).padStart(5)}, one new step: median ${p.medianMs} ms, ` +
          `min ${p.minMs} ms; the whole window median ${p.fullMedianMs} ms, min ${p.fullMinMs} ms ` +
          `(${p.vsFullWindow}×, ${LIVE_ROUNDS} emissions, paired)`
      );
    }
    const refresh = (t: PanelRefreshTiming) =>
      `median ${t.totalMs} ms, min ${t.totalMinMs} ms (read and new steps found ${t.readMs} ms, min ` +
      `${t.readMinMs}; message copied ${t.messageMs}; worker ${t.workerMs}; model ${t.modelMs} ms, medians)`;
    for (const p of populationLive) {
      console.log(
        `panel refresh ${p.series} × ${String(p.window).padStart(5)}, one new step: ${refresh(p.panel)}; ` +
          `the path before, same rounds: ${refresh(p.panelBefore)}`
      );
    }
    for (const { series, window, emission: e } of populationLive) {
      console.log(
        `live emission ${series} × ${String(window).padStart(5)}, Compare = both, one new step: median ${e.medianMs} ms, ` +
          `min ${e.minMs} ms (frames read ${e.readMs}, bands ${e.bandsMs}, peers ${e.peersMs}, frames written ` +
          `${e.writeMs} ms, medians); read, compared and written whole: median ${e.wholeMedianMs} ms, min ` +
          `${e.wholeMinMs} ms (${e.vsWhole}×, paired)`
      );
    }
    const bandRefresh = BAND_REFRESH_SERIES.flatMap((n) => LIVE_WINDOWS.map((w) => timeBandRefresh(n, w)));
    for (const b of bandRefresh) {
      console.log(
        `band chart refresh ${String(b.series).padStart(4)} × ${String(b.window).padStart(5)}, one new step: median ` +
          `${b.medianMs} ms, min ${b.minMs} ms (read ${b.readMs}, message ${b.messageMs}, worker ${b.workerMs}, ` +
          `model ${b.modelMs} ms; ${b.posted.toLocaleString('en')} numbers posted); whole: median ${b.wholeMedianMs} ` +
          `ms, min ${b.wholeMinMs} ms (read ${b.wholeReadMs}, message ${b.wholeMessageMs}, worker ${b.wholeWorkerMs}, ` +
          `model ${b.wholeModelMs} ms; ${b.wholePosted.toLocaleString('en')} posted) (${b.vsWhole}×, paired)`
      );
    }
    // the notebook preset is the per-point port of the notebook loop (O(M) mean and sum of squares per point)
    console.log(
      JSON.stringify({ points: POINTS, presets, ...ratios, forecast, population, populationLive, bandRefresh })
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
