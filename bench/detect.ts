// `npm run bench:detect`: times each preset's run() on a 10 M-point series, the notebook's O(M)-per-point loop
// and pandas (ewm(alpha).mean() + rolling(M).std()) on the same series in the same run. Prints figures, then
// one JSON line. A benchmark, not a test: nothing here asserts a speed.
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

import { type BatchOutputs, createDetector, defaultParams, PRESETS, type PresetName } from '../src/detect';

const POINTS = Number(process.env.BENCH_POINTS ?? 10_000_000);
const RUNS: Record<PresetName, number> = { ewma: 9, notebook: 3, robust: 3, seasonal: 5 };
// Figures are medians; on a shared or busy machine compare min and median before trusting a ratio.
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

function summarise(seconds: number[], points: number): Timing {
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  // Points per second from the median run: one lucky run does not make the figure.
  return { pointsPerSec: Math.round(points / median), minSec: sorted[0], medianSec: median, runs: sorted.length };
}

const seconds = (f: () => void) => {
  const start = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

/**
 * Throughput of run() on a fresh detector writing into reused output arrays (how a streaming consumer that
 * keeps its buffers runs, and what the target is about), and with run() allocating its outputs.
 */
function timePreset(preset: PresetName, times: Float64Array, values: Float64Array, into: BatchOutputs): PresetTiming {
  // JIT warm-up on a smaller slice, so the timed runs measure optimised code.
  createDetector(preset).run(times.subarray(0, 200_000), values.subarray(0, 200_000));
  const reused: number[] = [];
  const fresh: number[] = [];
  for (let r = 0; r < RUNS[preset]; r++) {
    reused.push(seconds(() => createDetector(preset).run(times, values, into)));
    fresh.push(seconds(() => createDetector(preset).run(times, values)));
  }
  return { ...summarise(reused, times.length), freshOutputs: summarise(fresh, times.length) };
}

const PANDAS = `
import json, sys, time
import numpy as np, pandas as pd
x = pd.Series(np.fromfile(sys.argv[1], dtype='<f8'))
alpha, m = float(sys.argv[2]), int(sys.argv[3])
secs = []
for _ in range(5):
    t = time.perf_counter()
    x.ewm(alpha=alpha).mean()
    x.rolling(m).std()
    secs.append(time.perf_counter() - t)
print(json.dumps({"seconds": secs, "pandas": pd.__version__}))
`;

/** pandas on the same values, or null when python3-pandas is not installed. */
function timePandas(values: Float64Array): (Timing & { version: string }) | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-detect-'));
  try {
    const file = path.join(dir, 'values.f64');
    writeFileSync(file, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    const { alpha, window } = defaultParams('ewma');
    const r = spawnSync(PYTHON, ['-c', PANDAS, file, String(alpha), String(window)], { encoding: 'utf8' });
    if (r.status !== 0) {
      console.log(`pandas unavailable: ${(r.error?.message ?? r.stderr).trim().split('\n').pop()}`);
      return null;
    }
    const { seconds, pandas } = JSON.parse(r.stdout) as { seconds: number[]; pandas: string };
    return { ...summarise(seconds, values.length), version: pandas };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (t: Timing) =>
  `${(t.pointsPerSec / 1e6).toFixed(1).padStart(7)} M points/s  (median ${t.medianSec.toFixed(3)} s, min ${t.minSec.toFixed(3)} s, ${t.runs} runs)`;

function main(): void {
  const { times, values } = makeSeries(POINTS);
  console.log(
    `bench:detect — ${POINTS.toLocaleString('en')} points, node ${process.version}, run() with default parameters`
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
  const pandas = timePandas(values);
  if (pandas) {
    console.log(`pandas    ${fmt(pandas)}  ${pandas.version}: ewm(alpha).mean() + rolling(M).std()`);
  }
  const ewma = presets.ewma.pointsPerSec;
  const ratio = (x: number) => Math.round(x * 100) / 100;
  console.log(
    JSON.stringify({
      points: POINTS,
      presets,
      // the notebook preset is the per-point port of the notebook loop (O(M) mean and sum of squares per point)
      vsNotebookLoop: ratio(ewma / presets.notebook.pointsPerSec),
      vsPandas: pandas ? ratio(ewma / pandas.pointsPerSec) : null,
      pandas,
    })
  );
}

main();
