// NAB evaluation CLI: `npm run eval:nab [-- --preset P] [--data DIR] [--reference [DETECTOR]]`.
// Runs the detector over every labelled NAB data file (or reads a published detector's results with
// --reference), scores with eval/nab/scorer.ts and prints a per-file table and the three normalised
// scores; the last line is one JSON object.
import * as path from 'path';

import { createDetector, type DetectorParams, type PresetName, PRESETS } from '../src/detect';
import {
  DEFAULT_DATA_DIR,
  readAnomalyScores,
  readCorpus,
  nonDecreasingTimes,
  readNullBaselines,
  readSeries,
  resultsFile,
} from './nab/corpus';
import { buildTruth, evaluateProfile, PROFILE_NAMES, ProfileResult, ScoredFile } from './nab/scorer';

type NormalizeMode = 'nab' | 'subset';

interface Options {
  preset: PresetName;
  dataDir: string;
  /** Score this published detector's results instead of running ours. */
  reference?: string;
  normalize: NormalizeMode;
  params: Partial<DetectorParams>;
}

const USAGE = `usage: npm run eval:nab -- [--preset P] [--data DIR] [--reference [DETECTOR]] [--normalize nab|subset] [--param name=value ...]
  --preset P          detector preset: ${PRESETS.join(', ')} (default: ewma)
  --data DIR          NAB directory with data/, labels/, config/ (default: ../shared/data/nab)
  --reference [D]     score reference-results/D (default windowedGaussian) instead of running the detector
  --normalize MODE    nab (default): baseline = Totals of reference-results/null/null_<profile>_scores.csv,
                      as NAB's runner and the official final_results.json do (falls back to subset if absent);
                      subset: baseline = the null detector on the scored files (-fnWeight x windows)
  --param k=v         detector parameter override (repeatable), e.g. --param k=3`;

const PARAM_NAMES: ReadonlyArray<keyof DetectorParams> = ['alpha', 'k', 'window', 'gamma', 'warmup', 'episodeGap'];

function parseArgs(argv: string[]): Options {
  const opts: Options = { preset: 'ewma', dataDir: DEFAULT_DATA_DIR, normalize: 'nab', params: {} };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) {
        return inline;
      }
      const v = argv[++i];
      if (v === undefined) {
        throw new Error(`${flag} needs a value\n${USAGE}`);
      }
      return v;
    };
    switch (flag) {
      case '--preset': {
        const p = value();
        if (!(PRESETS as readonly string[]).includes(p)) {
          throw new Error(`unknown preset "${p}" (one of ${PRESETS.join(', ')})`);
        }
        opts.preset = p as PresetName;
        break;
      }
      case '--data':
        opts.dataDir = path.resolve(value());
        break;
      case '--reference':
        if (inline !== undefined) {
          opts.reference = inline;
        } else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) {
          opts.reference = argv[++i];
        } else {
          opts.reference = 'windowedGaussian';
        }
        break;
      case '--normalize': {
        const m = value();
        if (m !== 'nab' && m !== 'subset') {
          throw new Error(`--normalize must be nab or subset, got "${m}"`);
        }
        opts.normalize = m;
        break;
      }
      case '--param': {
        const kv = value();
        const at = kv.indexOf('=');
        const name = kv.slice(0, at) as keyof DetectorParams;
        const num = Number(kv.slice(at + 1));
        if (at <= 0 || !PARAM_NAMES.includes(name) || !Number.isFinite(num)) {
          throw new Error(`--param expects name=number with name in ${PARAM_NAMES.join(', ')}, got "${kv}"`);
        }
        opts.params[name] = num;
        break;
      }
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      default:
        throw new Error(`unknown argument "${a}"\n${USAGE}`);
    }
  }
  return opts;
}

/** The preset's anomaly scores for one series, in NAB's [0, 1] (the 0–100 severity divided by 100). */
function anomalyScores(opts: Options, times: Float64Array, values: Float64Array): Float64Array {
  const score = createDetector(opts.preset, opts.params).run(times, values).score;
  const out = new Float64Array(score.length);
  for (let i = 0; i < score.length; i++) {
    const s = score[i] / 100;
    out[i] = Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : 0;
  }
  return out;
}

function pad(s: string | number, width: number, left = false): string {
  const t = String(s);
  return left ? t.padEnd(width) : t.padStart(width);
}

function printTable(results: ProfileResult[], rows: Map<string, number>): void {
  const [std] = results;
  const nameWidth = Math.max(5, ...std.files.map((f) => f.name.length));
  const widths = results.map((r) => Math.max(10, r.profile.length));
  const line = (cells: Array<string | number>, scores: string[]) =>
    [
      pad(cells[0], nameWidth, true),
      pad(cells[1], 6),
      pad(cells[2], 7),
      pad(cells[3], 4),
      pad(cells[4], 6),
      pad(cells[5], 4),
      ...scores.map((s, i) => pad(s, widths[i])),
    ].join('  ');
  const head = line(
    ['file', 'rows', 'windows', 'TP', 'FP', 'FN'],
    results.map((r) => r.profile)
  );
  console.log(head);
  console.log('-'.repeat(head.length));
  std.files.forEach((f, i) => {
    console.log(
      line(
        [
          f.name,
          rows.get(f.name) ?? 0,
          f.windowsDetected + f.windowsMissed,
          f.windowsDetected,
          f.falseDetections,
          f.windowsMissed,
        ],
        results.map((r) => r.files[i].score.toFixed(4))
      )
    );
  });
  console.log('-'.repeat(head.length));
  const sum = (g: (f: ProfileResult['files'][number]) => number) => std.files.reduce((a, f) => a + g(f), 0);
  console.log(
    line(
      [
        'total',
        [...rows.values()].reduce((a, b) => a + b, 0),
        sum((f) => f.windowsDetected + f.windowsMissed),
        sum((f) => f.windowsDetected),
        sum((f) => f.falseDetections),
        sum((f) => f.windowsMissed),
      ],
      results.map((r) => r.raw.toFixed(4))
    )
  );
  console.log(
    'TP/FN = labelled windows detected/missed and FP = detections (rows) outside windows, at the standard threshold; ' +
      "profile columns = raw NAB score at that profile's threshold."
  );
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const corpus = readCorpus(opts.dataDir);
  if (corpus.files.length === 0) {
    throw new Error(`no labelled data files under ${path.join(opts.dataDir, 'data')}`);
  }

  const scored: ScoredFile[] = [];
  const rows = new Map<string, number>();
  let detectMs = 0;
  const notes: string[] = [];
  for (const f of corpus.files) {
    let times: Float64Array;
    let scores: Float64Array;
    if (!opts.reference) {
      const series = readSeries(f.file);
      times = series.times;
      const fixed = nonDecreasingTimes(series.times);
      if (fixed.adjusted > 0) {
        notes.push(
          `${f.name}: ${fixed.adjusted} timestamp(s) earlier than the previous row, given the previous row's time`
        );
      }
      const t = performance.now();
      scores = anomalyScores(opts, fixed.times, series.values);
      detectMs += performance.now() - t;
      if (scores.length !== times.length) {
        throw new Error(`${f.name}: detector returned ${scores.length} scores for ${times.length} rows`);
      }
    } else {
      ({ times, scores } = readAnomalyScores(resultsFile(opts.dataDir, opts.reference!, f.name)));
    }
    rows.set(f.name, times.length);
    scored.push({ truth: buildTruth(f.name, times, f.windows), anomalyScores: scores });
  }

  const t1 = performance.now();
  const profiles = PROFILE_NAMES.filter((p) => corpus.profiles[p]);
  const baselines = opts.normalize === 'nab' ? readNullBaselines(opts.dataDir, profiles) : undefined;
  const results = profiles.map((p) => evaluateProfile(scored, p, corpus.profiles[p], baselines?.[p]));
  const scoreMs = performance.now() - t1;

  const source = opts.reference ? `reference results of ${opts.reference}` : `detector preset ${opts.preset}`;
  console.log(`NAB: ${corpus.files.length} labelled files in ${opts.dataDir}, ${source}`);
  notes.forEach((n) => console.log(`note: ${n}`));
  console.log('');
  printTable(results, rows);
  console.log('');
  const normNote = baselines
    ? 'null = Totals of reference-results/null/null_<profile>_scores.csv (NAB runner, as the official final_results.json)'
    : 'null = no detection on these files';
  console.log(`Normalised 100*(S - null)/(perfect - null), ${normNote}; "subset" = null on these files:`);
  for (const r of results) {
    console.log(
      `  ${pad(r.profile, 19, true)} threshold ${pad(r.threshold, 18, true)} raw ${pad(r.raw.toFixed(4), 9)}` +
        `  null ${pad(r.norm.nullScore, 5)}  perfect ${r.norm.perfectScore}  ->  ${r.normalized.toFixed(2)}` +
        `  (subset: ${r.normalizedSubset.toFixed(2)})`
    );
  }
  console.log('');
  console.log(
    `time: ${((performance.now() - t0) / 1000).toFixed(2)} s total` +
      `${opts.reference ? '' : `, detector ${(detectMs / 1000).toFixed(2)} s`}, scoring ${(scoreMs / 1000).toFixed(2)} s`
  );
  const round = (x: number) => Math.round(x * 100) / 100;
  const summary: Record<string, unknown> = { preset: opts.reference ?? opts.preset };
  for (const r of results) {
    summary[r.profile] = round(r.normalized);
  }
  summary.normalization = baselines ? 'nab-null-tables' : 'subset';
  summary.subset = Object.fromEntries(results.map((r) => [r.profile, round(r.normalizedSubset)]));
  console.log(JSON.stringify(summary));
}

try {
  main();
} catch (e: unknown) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
