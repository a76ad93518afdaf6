// Reading the NAB corpus (data files, labelled windows, profiles) and NAB result files.
import * as fs from 'fs';
import * as path from 'path';

import { parseTimestamp } from '../../bin/timestamp';
import { readText, requireData, SHARED_DATA } from '../../scripts/datasets';
import { CostMatrix, DEFAULT_PROFILES, type ProfileName, type ThresholdScore } from './scorer';

/** The visible part of NAB beside the repository: `../shared/data/nab-visible`. */
export const DEFAULT_DATA_DIR = path.join(SHARED_DATA, 'nab-visible');

/** A NAB timestamp (`2014-07-01 00:00:00[.ffffff]`, UTC) in epoch ms; throws on anything else. */
export function nabTimestamp(text: string): number {
  const t = parseTimestamp(text.trim());
  if (Number.isNaN(t)) {
    throw new Error(`unparseable timestamp: "${text}"`);
  }
  return t;
}

export interface Series {
  times: Float64Array;
  values: Float64Array;
}

/** A CSV file with a header row, as columns of strings. Fields hold no commas in NAB files. */
export function readCsvColumns(file: string): { header: string[]; columns: string[][] } {
  const text = readText(file);
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = lines[0].split(',').map((h) => h.trim());
  const columns: string[][] = header.map(() => new Array<string>(lines.length - 1));
  for (let r = 1; r < lines.length; r++) {
    const fields = lines[r].split(',');
    for (let c = 0; c < header.length; c++) {
      columns[c][r - 1] = fields[c] ?? '';
    }
  }
  return { header, columns };
}

function column(csv: { header: string[]; columns: string[][] }, name: string, file: string): string[] {
  const i = csv.header.indexOf(name);
  if (i < 0) {
    throw new Error(`${file}: no "${name}" column (has ${csv.header.join(', ')})`);
  }
  return csv.columns[i];
}

/** The `timestamp` column (epoch ms) and the numeric column `name` of a NAB CSV file. */
function readTimedColumn(file: string, name: string): Series {
  const csv = readCsvColumns(file);
  const ts = column(csv, 'timestamp', file);
  const vs = column(csv, name, file);
  const times = new Float64Array(ts.length);
  const values = new Float64Array(ts.length);
  for (let i = 0; i < ts.length; i++) {
    times[i] = nabTimestamp(ts[i]);
    values[i] = parseFloat(vs[i]);
  }
  return { times, values };
}

/** Read a NAB data file (`timestamp,value`). */
export function readSeries(file: string): Series {
  return readTimedColumn(file, 'value');
}

export interface CorpusFile {
  /** Relative path as in NAB's label files, e.g. `realKnownCause/nyc_taxi.csv`. */
  name: string;
  category: string;
  file: string;
  /** Labelled windows `[startMs, endMs]`. */
  windows: Array<[number, number]>;
}

export interface Corpus {
  dataDir: string;
  files: CorpusFile[];
  /** Categories with at least one labelled file, sorted. */
  categories: string[];
  profiles: Record<string, CostMatrix>;
}

/** Read the profiles (`config/profiles.json`), falling back to NAB's defaults. */
export function readProfiles(dataDir: string): Record<string, CostMatrix> {
  const file = path.join(dataDir, 'config', 'profiles.json');
  if (!fs.existsSync(file)) {
    return { ...DEFAULT_PROFILES };
  }
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { CostMatrix: CostMatrix }>;
  const out: Record<string, CostMatrix> = {};
  for (const [name, p] of Object.entries(raw)) {
    out[name] = p.CostMatrix;
  }
  return out;
}

/** Read the labelled windows (`labels/combined_windows.json`), timestamps parsed as UTC. */
export function readWindows(dataDir: string): Record<string, Array<[number, number]>> {
  const file = path.join(dataDir, 'labels', 'combined_windows.json');
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Array<[string, string]>>;
  const out: Record<string, Array<[number, number]>> = {};
  for (const [name, ws] of Object.entries(raw)) {
    out[name] = ws.map(([a, b]) => [nabTimestamp(a), nabTimestamp(b)]);
  }
  return out;
}

/** Throws `MissingDataError` unless `dataDir` holds NAB's data files and labelled windows. */
export function requireNab(dataDir: string): void {
  requireData(
    dataDir,
    ['data/', 'labels/combined_windows.json'],
    'the Numenta Anomaly Benchmark',
    'pass --data DIR with a clone of https://github.com/numenta/NAB'
  );
}

/**
 * The corpus: every `data/<category>/<file>.csv` that has an entry in the windows file, sorted by name. Throws
 * `MissingDataError` (one line: what is needed, where to get it) when the directory is not a NAB corpus.
 */
export function readCorpus(dataDir: string = DEFAULT_DATA_DIR): Corpus {
  requireNab(dataDir);
  const root = path.join(dataDir, 'data');
  const windows = readWindows(dataDir);
  const files: CorpusFile[] = [];
  for (const category of fs.readdirSync(root).sort()) {
    const dir = path.join(root, category);
    if (!fs.statSync(dir).isDirectory()) {
      continue;
    }
    for (const entry of fs.readdirSync(dir).sort()) {
      const f = entry.replace(/\.gz$/, ''); // read by readText either way
      if (!f.endsWith('.csv')) {
        continue;
      }
      const name = `${category}/${f}`;
      const w = windows[name];
      if (!w) {
        continue; // unlabelled file: NAB does not score it
      }
      files.push({ name, category, file: path.join(dir, f), windows: w });
    }
  }
  const categories = [...new Set(files.map((f) => f.category))];
  return { dataDir, files, categories, profiles: readProfiles(dataDir) };
}

/**
 * Where the published detector outputs are: `reference-results/` (the shared datasets) or `results/` (a NAB
 * clone); undefined when there are none.
 */
export function resultsDir(dataDir: string): string | undefined {
  return ['reference-results', 'results'].map((d) => path.join(dataDir, d)).find((d) => fs.existsSync(d));
}

/** The detectors with published outputs: the subdirectories of the results directory, sorted. */
export function referenceDetectors(results: string): string[] {
  return fs
    .readdirSync(results, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** NAB's `final_results.json` (detector → profile → normalised score), or undefined when absent. */
export function readFinalResults(results: string): Record<string, Record<ProfileName, number>> | undefined {
  const file = path.join(results, 'final_results.json');
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

/** The results file of `detector` for a data file: `<results>/<detector>/<category>/<detector>_<file>.csv`. */
export function resultsFile(results: string, detector: string, name: string): string {
  const [category, file] = name.split('/');
  return path.join(results, detector, category, `${detector}_${file}`);
}

/** Timestamps and `anomaly_score` column of a NAB results file. */
export function readAnomalyScores(file: string): { times: Float64Array; scores: Float64Array } {
  const { times, values } = readTimedColumn(file, 'anomaly_score');
  return { times, scores: values };
}

/** A row of a NAB score table: one file's score at the detector's threshold for a profile. */
export interface ScoreTableRow extends ThresholdScore {
  detector: string;
  profile: string;
  file: string;
}

/** A NAB `<detector>_<profile>_scores.csv` table (the `Totals` row is dropped). */
export function readScoreTable(file: string): ScoreTableRow[] {
  const csv = readCsvColumns(file);
  const get = (name: string) => column(csv, name, file);
  const [det, prof, f, thr, sc, tp, tn, fp, fn, total] = [
    'Detector',
    'Profile',
    'File',
    'Threshold',
    'Score',
    'TP',
    'TN',
    'FP',
    'FN',
    'Total_Count',
  ].map(get);
  const rows: ScoreTableRow[] = [];
  for (let i = 0; i < det.length; i++) {
    if (det[i] === 'Totals') {
      continue;
    }
    rows.push({
      detector: det[i],
      profile: prof[i],
      file: f[i],
      threshold: parseFloat(thr[i]),
      score: parseFloat(sc[i]),
      tp: +tp[i],
      tn: +tn[i],
      fp: +fp[i],
      fn: +fn[i],
      total: +total[i],
    });
  }
  return rows;
}

/** `<results>/<detector>/<detector>_<profile>_scores.csv`. */
export function scoreTableFile(results: string, detector: string, profile: string): string {
  return path.join(results, detector, `${detector}_${profile}_scores.csv`);
}
