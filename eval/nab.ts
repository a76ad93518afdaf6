// NAB evaluation: `npm run eval:nab [-- options]`. Runs a detector preset over every labelled file of a NAB
// corpus (default ../shared/data/nab-visible) and scores it by NAB's rules and procedure, side by side with the
// published outputs of NAB's reference detectors scored in the same run; checks those against NAB's own
// final_results.json (exit 1 when they differ by more than 0.01). The last line is one JSON object.
import * as path from 'path';

import {
  createDetector,
  type DetectorParams,
  parseParamText,
  PARAM_KEYS,
  type ParamKey,
  type PresetName,
  PRESETS,
  readsArrivalOrder,
  rowsOutOfOrder,
  runInInputOrder,
} from '../src/detect';
import { MissingDataError, shownPath } from '../scripts/datasets';
import {
  type CorpusFile,
  DEFAULT_DATA_DIR,
  readAnomalyScores,
  readCorpus,
  readFinalResults,
  readSeries,
  referenceDetectors,
  resultsDir,
  resultsFile,
} from './nab/corpus';
import {
  buildTruth,
  type CostMatrix,
  evaluateAtThreshold,
  evaluateProfile,
  type ProfileName,
  type ProfileResult,
  PROFILE_NAMES,
  type ScoredFile,
  scoreGroups,
} from './nab/scorer';

interface Options {
  preset: PresetName;
  params: Partial<DetectorParams>;
  dataDir: string;
  /** Score only these categories (undefined: all). */
  categories?: string[];
  exclude: string[];
  /** Also print the preset's per-file table. */
  files: boolean;
}

/** Largest accepted difference from NAB's own final_results.json. */
const TOLERANCE = 0.01;

const USAGE = `usage: npm run eval:nab -- [--data DIR] [--preset P] [--param name=value ...] [--categories a,b] [--exclude-category c] [--files]
  --data DIR             a NAB corpus: data/, labels/combined_windows.json, config/profiles.json and the reference
                         detectors' outputs in reference-results/ or results/ (default: ../shared/data/nab-visible;
                         a clone of https://github.com/numenta/NAB works too)
  --preset P             detector preset: ${PRESETS.join(', ')} (default: ewma)
  --param name=value     detector parameter (repeatable), name in ${PARAM_KEYS.join(', ')}
  --categories a,b       score only these categories: thresholds and normalisation over their files
  --exclude-category c   leave these categories out (repeatable or comma-separated), e.g. to check that defaults
                         chosen without a category hold on it
  --files                also print the preset's per-file table`;

function parseArgs(argv: string[]): Options {
  const opts: Options = { preset: 'ewma', params: {}, dataDir: DEFAULT_DATA_DIR, exclude: [], files: false };
  const list = (v: string) => v.split(',').filter((c) => c !== '');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
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
      case '--param': {
        const kv = value();
        const at = kv.indexOf('=');
        const name = kv.slice(0, at) as ParamKey;
        if (at <= 0 || !(PARAM_KEYS as readonly string[]).includes(name)) {
          throw new Error(`--param expects name=value with name in ${PARAM_KEYS.join(', ')}, got "${kv}"`);
        }
        // read as the editors and the CLI read it (numbers, durations like 1d, words); validated by the detector
        const parsed = parseParamText(name, kv.slice(at + 1));
        if (parsed === undefined || typeof parsed === 'object') {
          throw new Error(`--param ${kv}: ${parsed?.error ?? 'needs a value'}`);
        }
        (opts.params as Record<string, unknown>)[name] = parsed;
        break;
      }
      case '--categories':
        opts.categories = list(value());
        break;
      case '--exclude-category':
        opts.exclude.push(...list(value()));
        break;
      case '--files':
        opts.files = true;
        break;
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

/** The corpus files to score, after --categories and --exclude-category (unknown names are an error). */
function selectFiles(files: CorpusFile[], categories: string[], opts: Options): CorpusFile[] {
  for (const c of [...(opts.categories ?? []), ...opts.exclude]) {
    if (!categories.includes(c)) {
      throw new Error(`unknown category "${c}" (this corpus has ${categories.join(', ')})`);
    }
  }
  const keep = (c: string) => (!opts.categories || opts.categories.includes(c)) && !opts.exclude.includes(c);
  const selected = files.filter((f) => keep(f.category));
  if (selected.length === 0) {
    throw new Error('no files left to score after --categories / --exclude-category');
  }
  return selected;
}

/** One detector's results: NAB's procedure for each profile. */
interface DetectorResult {
  name: string;
  /** What the row shows, e.g. "ewma (Bandscope)". */
  label: string;
  profiles: ProfileResult[];
  /** The threshold shown, when not the scorer's (the fixed row scores 0/1 flags at 1). */
  shownThreshold?: number;
}

function evaluate(
  name: string,
  label: string,
  files: ScoredFile[],
  profiles: Record<string, CostMatrix>,
  threshold?: number
): DetectorResult {
  const names = PROFILE_NAMES.filter((p) => profiles[p]);
  return {
    name,
    label,
    profiles: names.map((p) =>
      threshold === undefined
        ? evaluateProfile(files, p, profiles[p])
        : evaluateAtThreshold(files, p, profiles[p], threshold)
    ),
  };
}

const profileOf = (r: DetectorResult, p: ProfileName) => r.profiles.find((x) => x.profile === p);

/** NAB's anomaly_score in [0, 1] from the detector's 0–100 score (NaN = no value: no detection). */
function nabScore(score: number): number {
  const s = score / 100;
  return Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : 0;
}

interface OurRun {
  /** Anomaly scores for the optimised rows. */
  scored: ScoredFile[];
  /** The product's anomaly flag (score ≥ threshold; the notebook's band exits), for the fixed-threshold row. */
  flagged: ScoredFile[];
  threshold: number;
  rows: number;
  notes: string[];
  detectMs: number;
}

/** Runs the preset over every file, rows in input order (out-of-order rows handled as the CLI and datasource do). */
function runPreset(opts: Options, files: CorpusFile[]): OurRun {
  const threshold = createDetector(opts.preset, opts.params).params.threshold;
  const out: OurRun = { scored: [], flagged: [], threshold, rows: 0, notes: [], detectMs: 0 };
  for (const f of files) {
    const { times, values } = readSeries(f.file);
    const late = rowsOutOfOrder(times).count;
    if (late > 0) {
      const how = readsArrivalOrder(opts.preset) ? 'in arrival order (as the notebook)' : 'sorted by time (stable)';
      out.notes.push(`${f.name}: ${late} row(s) earlier than a row above them; the detector read the rows ${how}`);
    }
    const t0 = performance.now();
    const { score, anomaly } = runInInputOrder(createDetector(opts.preset, opts.params), times, values);
    out.detectMs += performance.now() - t0;
    const truth = buildTruth(f.name, times, f.windows);
    out.scored.push({ truth, anomalyScores: Float64Array.from(score, nabScore) });
    out.flagged.push({ truth, anomalyScores: Float64Array.from(anomaly) });
    out.rows += times.length;
  }
  return out;
}

/** The published outputs of every reference detector that has results for all the files. */
function readReferences(results: string, files: CorpusFile[], notes: string[]): Map<string, ScoredFile[]> {
  const out = new Map<string, ScoredFile[]>();
  for (const detector of referenceDetectors(results)) {
    const scored: ScoredFile[] = [];
    for (const f of files) {
      let read;
      try {
        read = readAnomalyScores(resultsFile(results, detector, f.name));
      } catch (e) {
        notes.push(`${detector}: skipped, ${e instanceof Error ? e.message : e}`);
        break;
      }
      scored.push({ truth: buildTruth(f.name, read.times, f.windows), anomalyScores: read.scores });
    }
    if (scored.length === files.length) {
      out.set(detector, scored);
    }
  }
  return out;
}

const pad = (s: string | number, width: number) => String(s).padStart(width);
const padEnd = (s: string | number, width: number) => String(s).padEnd(width);
const fixed2 = (x: number) => (Number.isNaN(x) ? '—' : x.toFixed(2));

function printSideBySide(results: DetectorResult[]): void {
  const w = Math.max(8, ...results.map((r) => r.label.length));
  const head = [
    padEnd('detector', w),
    ...PROFILE_NAMES.map((p) => pad(p, 18)),
    pad('threshold (standard)', 20),
    pad('windows found', 13),
    pad('detections outside windows', 27),
  ].join('  ');
  console.log(head);
  console.log('-'.repeat(head.length));
  for (const r of results) {
    const std = profileOf(r, 'standard')!;
    const found = std.files.reduce((a, f) => a + f.windowsDetected, 0);
    const fp = std.files.reduce((a, f) => a + f.falseDetections, 0);
    console.log(
      [
        padEnd(r.label, w),
        ...PROFILE_NAMES.map((p) => pad(fixed2(profileOf(r, p)?.normalized ?? NaN), 18)),
        pad(r.shownThreshold ?? Number(std.threshold.toPrecision(6)), 20),
        pad(`${found}/${std.windowCount}`, 13),
        pad(fp, 27),
      ].join('  ')
    );
  }
}

function printCategories(results: DetectorResult[]): void {
  const groups = results.map((r) => scoreGroups(profileOf(r, 'standard')!, (name) => name.split('/')[0]));
  const rows = groups[0].map((g) => `${g.group} (${g.files} files, ${g.windows} windows)`);
  const w = Math.max(...rows.map((r) => r.length));
  const widths = results.map((r) => Math.max(14, r.name.length));
  const head = [padEnd('category', w), ...results.map((r, i) => pad(r.name, widths[i]))].join('  ');
  console.log(head);
  console.log('-'.repeat(head.length));
  rows.forEach((label, c) => {
    const cells = groups.map((g, i) => {
      const s = g[c];
      return pad(`${s.windows > 0 ? s.normalized.toFixed(1) : s.raw.toFixed(2)} (${s.falseDetections})`, widths[i]);
    });
    console.log([padEnd(label, w), ...cells].join('  '));
  });
}

function printFiles(r: DetectorResult, rows: Map<string, number>): void {
  const std = profileOf(r, 'standard')!;
  const w = Math.max(...std.files.map((f) => f.name.length));
  const head = [padEnd('file', w), pad('rows', 6), pad('windows', 7), pad('TP', 3), pad('FP', 5), pad('FN', 3)]
    .concat(r.profiles.map((p) => pad(p.profile, 18)))
    .join('  ');
  console.log(head);
  console.log('-'.repeat(head.length));
  std.files.forEach((f, i) => {
    const cells = [f.name, rows.get(f.name) ?? 0, f.windows, f.windowsDetected, f.falseDetections, f.windowsMissed];
    console.log(
      [padEnd(cells[0], w), ...[6, 7, 3, 5, 3].map((width, j) => pad(cells[j + 1], width))]
        .concat(r.profiles.map((p) => pad(p.files[i].score.toFixed(4), 18)))
        .join('  ')
    );
  });
}

/** Reference rows against NAB's final_results.json: mismatches beyond TOLERANCE, as messages. */
function checkAgainstOfficial(
  official: Record<string, Record<ProfileName, number>>,
  references: DetectorResult[],
  notes: string[]
): { mismatches: string[]; worst: number; checked: number } {
  const mismatches: string[] = [];
  let worst = 0;
  let checked = 0;
  for (const [detector, want] of Object.entries(official)) {
    const got = references.find((r) => r.name === detector);
    if (!got) {
      notes.push(`${detector}: in final_results.json but no outputs to score: not checked`);
      continue;
    }
    for (const p of PROFILE_NAMES) {
      const ours = profileOf(got, p)?.normalized ?? NaN;
      const diff = Math.abs(ours - want[p]);
      checked++;
      worst = Math.max(worst, Number.isNaN(diff) ? Infinity : diff);
      if (!(diff <= TOLERANCE)) {
        mismatches.push(`${detector} ${p}: scored ${ours.toFixed(4)}, final_results.json says ${want[p].toFixed(4)}`);
      }
    }
  }
  return { mismatches, worst, checked };
}

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const corpus = readCorpus(opts.dataDir);
  const files = selectFiles(corpus.files, corpus.categories, opts);
  const subset = files.length < corpus.files.length;
  const notes: string[] = [];

  const ours = runPreset(opts, files);
  notes.push(...ours.notes);
  const results = resultsDir(opts.dataDir);
  const refFiles = results ? readReferences(results, files, notes) : new Map<string, ScoredFile[]>();
  if (!results) {
    notes.push(`no reference-results/ or results/ in ${opts.dataDir}: no reference detectors to compare with`);
  }

  const t1 = performance.now();
  const preset = evaluate(opts.preset, `${opts.preset} (Bandscope, threshold optimised)`, ours.scored, corpus.profiles);
  const fixedLabel = `${opts.preset} at its flag threshold ${ours.threshold}`;
  const fixed = {
    ...evaluate(`${opts.preset}@${ours.threshold}`, fixedLabel, ours.flagged, corpus.profiles, 1),
    shownThreshold: ours.threshold,
  };
  const references = [...refFiles]
    .map(([name, scored]) => evaluate(name, name, scored, corpus.profiles))
    .sort((a, b) => profileOf(b, 'standard')!.normalized - profileOf(a, 'standard')!.normalized);
  const scoreMs = performance.now() - t1;

  const windows = files.reduce((a, f) => a + f.windows.length, 0);
  const shownCategories = [...new Set(files.map((f) => f.category))];
  console.log(
    `NAB: ${files.length} labelled files in ${shownPath(opts.dataDir)}, ` +
      `${shownCategories.length} categories (${shownCategories.join(', ')}), ${windows} windows, ${ours.rows} rows; ` +
      `detector preset ${opts.preset}${Object.keys(opts.params).length ? ` ${JSON.stringify(opts.params)}` : ''}`
  );
  console.log(
    "NAB's procedure on these files: per detector and profile one threshold optimised over all of them, scores " +
      'normalised over them (null → 0, perfect → 100). The fixed-threshold row is not optimised: its detections ' +
      `are the points the product flags (score ≥ the preset's threshold ${ours.threshold}; notebook: band exits).`
  );
  notes.forEach((n) => console.log(`note: ${n}`));
  if (opts.files) {
    console.log('');
    printFiles(preset, new Map(ours.scored.map((s) => [s.truth.name, s.truth.rows])));
  }
  console.log('');
  const all = [preset, fixed, ...references];
  printSideBySide(all);
  console.log('');
  console.log(
    'Per category, standard profile: each detector at its threshold over all scored files; a category scores ' +
      '100·(S − null)/(perfect − null) over its own windows (a category without windows shows its raw score, ' +
      '0 = no false alarm), detections outside windows in brackets.'
  );
  printCategories(all);
  console.log('');

  let mismatches: string[] = [];
  const official = results ? readFinalResults(results) : undefined;
  if (subset) {
    console.log('final_results.json: not checked (it covers every file, this run a subset)');
  } else if (!official) {
    console.log('final_results.json: none beside the reference outputs, nothing to check');
  } else {
    const check = checkAgainstOfficial(official, references, notes);
    mismatches = check.mismatches;
    console.log(
      `final_results.json: ${check.checked} reference scores reproduced within ±${TOLERANCE} ` +
        `(largest difference ${check.worst.toFixed(4)})${mismatches.length ? `: ${mismatches.length} NOT` : ''}`
    );
  }
  console.log(
    `time: ${((performance.now() - t0) / 1000).toFixed(2)} s total, detector ${(ours.detectMs / 1000).toFixed(2)} s, ` +
      `scoring ${(scoreMs / 1000).toFixed(2)} s`
  );

  const round = (x: number) => Math.round(x * 100) / 100;
  const profileScores = (r: DetectorResult) =>
    Object.fromEntries(r.profiles.map((p) => [p.profile, round(p.normalized)]));
  console.log(
    JSON.stringify({
      preset: opts.preset,
      ...profileScores(preset),
      fixedThreshold: { threshold: ours.threshold, ...profileScores(fixed) },
      references: Object.fromEntries(references.map((r) => [r.name, profileScores(r)])),
    })
  );
  if (mismatches.length > 0) {
    console.error(`eval:nab: the scorer does not reproduce NAB's final_results.json:\n  ${mismatches.join('\n  ')}`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (e: unknown) {
  console.error(e instanceof MissingDataError ? `eval:nab: ${e.message}` : e instanceof Error ? e.message : e);
  process.exitCode = e instanceof MissingDataError ? 2 : 1;
}
