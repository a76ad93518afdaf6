// `npm run eval:population [-- --data DIR]`: population outliers measured before choosing the method.
// Ours (median/MAD across the peers at each step, outlier when more than half of the last `window` steps lie
// outside the cluster range) against @bsull/augurs' DBSCAN and MAD outlier detectors (Grafana's own library, as
// used by Grafana's outlier detection) in the same run, on groups of NAB's artificial daily series, which share
// one time axis and one daily shape, and whose labelled windows mark a day when one series departs from it.
// Per group and method: labelled windows found (a flag on the series inside its window), hours from the window's
// start to the first flag, flagged steps outside any labelled window (of the series that carry no label, and in
// all), and the time taken. Then the speed of each on 1,000 series × 1,440 steps. Last line: one JSON object.
import { readFileSync } from 'fs';
import * as path from 'path';

import { createPopulation } from '../src/detect';
import { MissingDataError } from '../scripts/datasets';
import { DEFAULT_DATA_DIR, nabTimestamp, readSeries, requireNab } from './nab/corpus';

const USAGE = 'usage: npm run eval:population -- [--data DIR]   (DIR: a NAB directory with data/ and labels/)';

const NORMAL = ['artificialNoAnomaly/art_daily_no_noise', 'artificialNoAnomaly/art_daily_small_noise'];
const SQUARE = 'artificialNoAnomaly/art_daily_perfect_square_wave';
const DEPARTING = [
  'artificialWithAnomaly/art_daily_jumpsup',
  'artificialWithAnomaly/art_daily_jumpsdown',
  'artificialWithAnomaly/art_daily_nojump',
  'artificialWithAnomaly/art_daily_flatmiddle',
];

interface Group {
  name: string;
  files: string[];
}

const GROUPS: Group[] = [
  { name: 'all 7 daily series', files: [...NORMAL, SQUARE, ...DEPARTING] },
  { name: '6 (no flatmiddle)', files: [...NORMAL, SQUARE, ...DEPARTING.slice(0, 3)] },
  ...DEPARTING.map((d) => ({
    name: `3 normal + ${path.basename(d).replace('art_daily_', '')}`,
    files: [...NORMAL, SQUARE, d],
  })),
];

type Method = 'bandscope' | 'augurs-dbscan' | 'augurs-mad';
const METHODS: Method[] = ['bandscope', 'augurs-dbscan', 'augurs-mad'];

type Detect = (times: Float64Array, series: Float64Array[]) => Uint8Array[];

interface Augurs {
  OutlierDetector: {
    dbscan(o: { sensitivity: number }): { detect(y: Float64Array[]): AugursOutput };
    mad(o: { sensitivity: number }): { detect(y: Float64Array[]): AugursOutput };
  };
}
interface AugursOutput {
  seriesResults: Array<{ outlierIntervals: Array<{ start: number; end?: number }> }>;
}

async function loadAugurs(): Promise<Augurs> {
  const mod = (await import('@bsull/augurs/outlier')) as unknown as Augurs & { initSync(m: { module: Buffer }): void };
  mod.initSync({
    module: readFileSync(path.join(path.dirname(require.resolve('@bsull/augurs/outlier')), 'outlier_bg.wasm')),
  });
  return mod;
}

/** Grafana's default sensitivity (scenes-ml's SceneOutlierDetector: 0.5). */
const AUGURS_SENSITIVITY = 0.5;

function detectors(augurs: Augurs): Record<Method, Detect> {
  const fromIntervals = (out: AugursOutput, steps: number) =>
    out.seriesResults.map((r) => {
      const flags = new Uint8Array(steps);
      for (const iv of r.outlierIntervals) {
        flags.fill(1, iv.start, iv.end === undefined ? steps : iv.end + 1);
      }
      return flags;
    });
  return {
    bandscope: (times, series) => createPopulation(series.length).run(times, series).anomaly,
    'augurs-dbscan': (times, series) =>
      fromIntervals(augurs.OutlierDetector.dbscan({ sensitivity: AUGURS_SENSITIVITY }).detect(series), times.length),
    'augurs-mad': (times, series) =>
      fromIntervals(augurs.OutlierDetector.mad({ sensitivity: AUGURS_SENSITIVITY }).detect(series), times.length),
  };
}

interface GroupScore {
  windows: number;
  found: number;
  /** Hours from each found window's start to its first flag. */
  delayHours: number[];
  /** Flagged steps outside every labelled window: on the series without labels, and in all. */
  falseStepsUnlabelled: number;
  falseSteps: number;
  steps: number;
  ms: number;
}

function evaluate(detect: Detect, dataDir: string, group: Group, labels: Record<string, string[][]>): GroupScore {
  const data = group.files.map((f) => readSeries(path.join(dataDir, 'data', `${f}.csv`)));
  const times = data[0].times;
  data.forEach((d, i) => {
    if (d.times.length !== times.length || d.times.some((t, j) => t !== times[j])) {
      throw new Error(`${group.files[i]} is not on the time axis of ${group.files[0]}`);
    }
  });
  const start = performance.now();
  const flags = detect(
    times,
    data.map((d) => d.values)
  );
  const ms = performance.now() - start;
  const score: GroupScore = {
    windows: 0,
    found: 0,
    delayHours: [],
    falseStepsUnlabelled: 0,
    falseSteps: 0,
    steps: 0,
    ms,
  };
  group.files.forEach((f, i) => {
    const windows = (labels[`${f}.csv`] ?? []).map(([a, b]) => [nabTimestamp(a), nabTimestamp(b)]);
    score.windows += windows.length;
    for (const [a, b] of windows) {
      const first = times.findIndex((t, j) => t >= a && t <= b && flags[i][j] === 1);
      if (first >= 0) {
        score.found++;
        score.delayHours.push((times[first] - a) / 3_600_000);
      }
    }
    times.forEach((t, j) => {
      score.steps++;
      if (flags[i][j] === 1 && !windows.some(([a, b]) => t >= a && t <= b)) {
        score.falseSteps++;
        score.falseStepsUnlabelled += windows.length === 0 ? 1 : 0;
      }
    });
  });
  return score;
}

/** 1,000 series × 1,440 steps: a `by (pod)` query over a day at 1-minute steps, 3 pods departing for an hour. */
function podDay(): { times: Float64Array; series: Float64Array[] } {
  let s = 88172645;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const times = Float64Array.from({ length: 1440 }, (_, t) => 1.7e12 + t * 60_000);
  const series = Array.from({ length: 1000 }, (_, i) =>
    Float64Array.from(
      times,
      (_, t) =>
        50 + 20 * Math.sin((2 * Math.PI * t) / 1440) + 4 * (rand() - 0.5) + (i < 3 && t >= 600 && t < 660 ? 30 : 0)
    )
  );
  return { times, series };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[s.length >> 1];
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let dataDir = DEFAULT_DATA_DIR;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--data' && argv[i + 1] !== undefined) {
      dataDir = path.resolve(argv[++i]);
    } else {
      process.stderr.write(`${USAGE}\n`);
      return 2;
    }
  }
  try {
    requireNab(dataDir);
  } catch (e) {
    if (e instanceof MissingDataError) {
      process.stderr.write(`eval:population: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const labelsFile = path.join(dataDir, 'labels', 'combined_windows.json');
  const labels = JSON.parse(readFileSync(labelsFile, 'utf8')) as Record<string, string[][]>;
  const run = detectors(await loadAugurs());
  const json: Record<string, Record<string, unknown>> = {};
  console.log(
    'group                        method          found  delay h (median)  false steps unlabelled / all      ms'
  );
  for (const group of GROUPS) {
    json[group.name] = {};
    for (const method of METHODS) {
      const r = evaluate(run[method], dataDir, group, labels);
      json[group.name][method] = {
        found: r.found,
        windows: r.windows,
        falseSteps: r.falseSteps,
        falseStepsUnlabelled: r.falseStepsUnlabelled,
        steps: r.steps,
      };
      console.log(
        `${group.name.padEnd(28)} ${method.padEnd(15)} ${`${r.found}/${r.windows}`.padStart(5)}  ${median(r.delayHours).toFixed(1).padStart(16)}  ${`${r.falseStepsUnlabelled} / ${r.falseSteps} of ${r.steps}`.padStart(28)}  ${r.ms.toFixed(0).padStart(6)}`
      );
    }
  }
  const { times, series } = podDay();
  const speed: Record<string, number> = {};
  console.log('\n1,000 series × 1,440 steps (3 departing for an hour): ms, min/median of 5');
  for (const method of METHODS) {
    const ms: number[] = [];
    let caught = 0;
    let wrong = 0;
    for (let r = 0; r < 5; r++) {
      const start = performance.now();
      const flags = run[method](times, series);
      ms.push(performance.now() - start);
      caught = flags.slice(0, 3).filter((f) => f.subarray(600, 660).includes(1)).length;
      wrong = flags.slice(3).filter((f) => f.includes(1)).length;
    }
    speed[method] = median(ms);
    console.log(
      `${method.padEnd(15)} ${Math.min(...ms).toFixed(0)} / ${median(ms).toFixed(0)} ms   departing pods caught ${caught}/3, others flagged ${wrong}/997`
    );
  }
  console.log(JSON.stringify({ groups: json, msPodDay: speed }));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`eval:population: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
);
