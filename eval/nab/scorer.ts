// Numenta Anomaly Benchmark (NAB) scoring, re-implemented from NAB's published rules
// (NAB v1.x: the sweeper-based scorer, threshold optimiser and normaliser).
// Pure functions: no I/O. Times are epoch milliseconds (UTC).
//
// Rules, per data file:
//  - the first `min(floor(0.15 * rows), 0.15 * 5000)` rows are the probationary period: ignored;
//  - every row gets a "sweep score": inside a labelled window [start, end] (indices l..r, width
//    w = r - l + 1) it is `tpWeight * S(-(r - i + 1) / w) / S(-1)`; outside, after a window, it is
//    `fpWeight * S(|i - r_prev| / (w_prev - 1))` with r_prev, w_prev of the preceding window; before
//    any window it is `-fpWeight`. S(x) = 2·sigmoid(-5x) − 1, and S(x) = −1 for x ≥ 3;
//  - with a threshold t, detections are the rows with anomaly_score ≥ t. A window scores the best
//    sweep score of its detections (so the earliest one) or `-fnWeight` if it has none; every
//    detection outside windows adds its (negative) sweep score;
//  - the threshold is chosen once per profile for the whole corpus: every distinct anomaly score
//    (plus 1.1, "detect nothing") is a candidate, the best total wins, ties go to the highest threshold;
//  - normalised score = 100 · (S − S_null) / (S_perfect − S_null) over the scored files: S_null = −fnWeight ·
//    windows (the null detector, which never fires), S_perfect = tpWeight · windows (one detection at each
//    window start). NAB's runner reads S_null from the null detector's score table, which is the same number
//    when that table was computed on the same files (as in reference-results/final_results.json).

export interface CostMatrix {
  tpWeight: number;
  fpWeight: number;
  fnWeight: number;
  tnWeight?: number;
}

export type ProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';

export const PROFILE_NAMES: readonly ProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

/** NAB's config/profiles.json, used when no profiles file is given. */
export const DEFAULT_PROFILES: Readonly<Record<ProfileName, CostMatrix>> = {
  standard: { tpWeight: 1, fnWeight: 1, fpWeight: 0.11, tnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fnWeight: 1, fpWeight: 0.22, tnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fnWeight: 2, fpWeight: 0.11, tnWeight: 1 },
};

export const PROBATION_PERCENT = 0.15;

/** Threshold above every anomaly score: nothing detected. */
export const NO_DETECTION_THRESHOLD = 1.1;

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** NAB's scaled sigmoid: +0.98661 at −1 (window start), 0 at 0 (window end), −1 from 3 on. */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition >= 3.0) {
    return -1.0;
  }
  return 2 * sigmoid(-5 * relativePosition) - 1.0;
}

/** Number of leading rows ignored in a file of `rows` rows (NAB's Sweeper._getProbationaryLength). */
export function probationaryLength(rows: number, probationPercent = PROBATION_PERCENT): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}

/** One labelled window as row indices, both inclusive. */
export interface WindowRange {
  start: number;
  end: number;
}

/** Ground truth of one data file, independent of detector and profile. */
export interface FileTruth {
  name: string;
  rows: number;
  /** Rows with index < probation are not scored. */
  probation: number;
  windows: WindowRange[];
  /** Window id of each row, −1 outside windows. */
  windowOf: Int32Array;
  /** Id of the last window that ended strictly before each row (−1 if none); meaningful outside windows. */
  prevWindowOf: Int32Array;
}

/** The first row in [from, n) where `ok` holds, or -1. */
function firstRow(n: number, from: number, ok: (i: number) => boolean): number {
  for (let i = from; i < n; i++) {
    if (ok(i)) {
      return i;
    }
  }
  return -1;
}

/**
 * Rows of one labelled window, searching from row `from` on. As NAB's sweeper does, the window opens
 * at the first row whose timestamp equals the start limit and closes at the first row whose timestamp
 * equals the end limit (NAB files can repeat or step back timestamps, so no binary search). A limit
 * that matches no row falls back to the first row at or after the start / the last row, before the
 * time order breaks, at or before the end.
 */
function locateWindow(times: ArrayLike<number>, t1: number, t2: number, from: number): WindowRange | undefined {
  const n = times.length;
  let start = firstRow(n, from, (i) => times[i] === t1);
  if (start < 0) {
    start = firstRow(n, from, (i) => times[i] >= t1);
  }
  if (start < 0) {
    return undefined;
  }
  let end = firstRow(n, start, (i) => times[i] === t2);
  if (end < 0) {
    for (let i = start; i < n && times[i] <= t2 && (i === start || times[i] >= times[i - 1]); i++) {
      end = i;
    }
  }
  return end >= start ? { start, end } : undefined;
}

/**
 * Map labelled windows `[startMs, endMs]` onto the rows of a file (see locateWindow). Windows are
 * taken in time order and must not overlap; a window that contains no row is dropped.
 */
export function buildTruth(
  name: string,
  times: ArrayLike<number>,
  windowLimits: ReadonlyArray<readonly [number, number]>,
  probationPercent = PROBATION_PERCENT
): FileTruth {
  const rows = times.length;
  const windows: WindowRange[] = [];
  const sorted = [...windowLimits].sort((a, b) => a[0] - b[0]);
  let from = 0;
  for (const [t1, t2] of sorted) {
    const w = locateWindow(times, t1, t2, from);
    if (w) {
      windows.push(w);
      from = w.end + 1;
    }
  }
  const windowOf = new Int32Array(rows).fill(-1);
  const prevWindowOf = new Int32Array(rows).fill(-1);
  let w = 0;
  let prev = -1;
  for (let i = 0; i < rows; i++) {
    while (w < windows.length && windows[w].end < i) {
      prev = w;
      w++;
    }
    if (w < windows.length && i >= windows[w].start) {
      windowOf[i] = w;
    }
    prevWindowOf[i] = prev;
  }
  return { name, rows, probation: probationaryLength(rows, probationPercent), windows, windowOf, prevWindowOf };
}

/** Per-row sweep score of a file for one cost matrix (NAB's Sweeper.calcSweepScore). */
export function sweepScores(truth: FileTruth, cost: CostMatrix): Float64Array {
  const out = new Float64Array(truth.rows);
  const maxTP = scaledSigmoid(-1.0);
  for (let i = 0; i < truth.rows; i++) {
    const w = truth.windowOf[i];
    if (w >= 0) {
      const { start, end } = truth.windows[w];
      const width = end - start + 1;
      const position = -(end - i + 1) / width;
      out[i] = (scaledSigmoid(position) * cost.tpWeight) / maxTP;
    } else {
      const p = truth.prevWindowOf[i];
      let position = 3.0;
      if (p >= 0) {
        const { start, end } = truth.windows[p];
        const width = end - start + 1;
        position = Math.abs(end - i) / (width - 1);
      }
      out[i] = scaledSigmoid(position) * cost.fpWeight;
    }
  }
  return out;
}

/** Score of one threshold, NAB's counts are rows (not windows) past the probationary period. */
export interface ThresholdScore {
  threshold: number;
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  total: number;
}

/** A file scored by a detector: its truth and its anomaly scores in [0, 1]. */
export interface ScoredFile {
  truth: FileTruth;
  anomalyScores: ArrayLike<number>;
}

function cleanScore(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

/**
 * Score of every candidate threshold over a set of files (NAB's Sweeper.calcScoreByThreshold).
 * Returned in decreasing threshold order, starting with 1.1 (nothing detected); each entry counts
 * the detections `anomaly_score ≥ threshold`. One sort, then one incremental pass.
 */
export function scoreByThreshold(files: readonly ScoredFile[], cost: CostMatrix): ThresholdScore[] {
  let n = 0;
  let windowCount = 0;
  for (const f of files) {
    n += Math.max(0, f.truth.rows - Math.ceil(f.truth.probation));
    windowCount += f.truth.windows.length;
  }
  const score = new Float64Array(n);
  const sweep = new Float64Array(n);
  const win = new Int32Array(n); // corpus-wide window id, −1 outside windows
  const windowScored = new Uint8Array(windowCount); // window has rows past probation
  let k = 0;
  let windowBase = 0;
  for (const f of files) {
    const s = sweepScores(f.truth, cost);
    for (let i = Math.ceil(f.truth.probation); i < f.truth.rows; i++) {
      score[k] = cleanScore(f.anomalyScores[i]);
      sweep[k] = s[i];
      const w = f.truth.windowOf[i];
      win[k] = w >= 0 ? windowBase + w : -1;
      if (w >= 0) {
        windowScored[windowBase + w] = 1;
      }
      k++;
    }
    windowBase += f.truth.windows.length;
  }

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
  }
  // Descending by score, stable (ties keep row order, as Python's sorted(reverse=True) does).
  order.sort((a, b) => score[b] - score[a] || a - b);

  const best = new Float64Array(windowCount);
  let windowsTotal = 0;
  for (let w = 0; w < windowCount; w++) {
    if (windowScored[w]) {
      best[w] = -cost.fnWeight;
      windowsTotal -= cost.fnWeight;
    }
  }
  let fpTotal = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < n; i++) {
    if (win[i] >= 0) {
      fn++;
    }
  }
  let tn = n - fn;
  const out: ThresholdScore[] = [];
  let threshold = NO_DETECTION_THRESHOLD;
  const push = () => out.push({ threshold, score: fpTotal + windowsTotal, tp, tn, fp, fn, total: tp + tn + fp + fn });
  for (let j = 0; j < n; j++) {
    const i = order[j];
    if (score[i] !== threshold) {
      push();
      threshold = score[i];
    }
    const w = win[i];
    if (w >= 0) {
      tp++;
      fn--;
      if (sweep[i] > best[w]) {
        windowsTotal += sweep[i] - best[w];
        best[w] = sweep[i];
      }
    } else {
      fp++;
      tn--;
      fpTotal += sweep[i];
    }
  }
  push();
  return out;
}

/** Best threshold: highest score, ties to the highest threshold (NAB's optimizeThreshold). */
export function optimizeThreshold(files: readonly ScoredFile[], cost: CostMatrix): ThresholdScore {
  const all = scoreByThreshold(files, cost);
  let best = all[0];
  for (const s of all) {
    if (s.score > best.score) {
      best = s;
    }
  }
  return best;
}

/** Result of one file at a fixed threshold. */
export interface FileScore extends ThresholdScore {
  name: string;
  /** Labelled windows of the file (what the normalisation counts). */
  windows: number;
  /** Window-level outcome: windows with at least one detection, windows without. */
  windowsDetected: number;
  windowsMissed: number;
  /** Detections outside windows (= fp rows). */
  falseDetections: number;
}

/** Score one file with detections `anomaly_score ≥ threshold` (NAB's Sweeper.scoreDataSet). */
export function scoreFile(file: ScoredFile, cost: CostMatrix, threshold: number): FileScore {
  const { truth } = file;
  const s = sweepScores(truth, cost);
  const best = new Float64Array(truth.windows.length).fill(Number.NaN);
  let fpTotal = 0;
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  for (let i = Math.ceil(truth.probation); i < truth.rows; i++) {
    const detected = cleanScore(file.anomalyScores[i]) >= threshold;
    const w = truth.windowOf[i];
    if (w >= 0) {
      if (Number.isNaN(best[w])) {
        best[w] = -cost.fnWeight;
      }
      if (detected) {
        tp++;
        best[w] = Math.max(best[w], s[i]);
      } else {
        fn++;
      }
    } else if (detected) {
      fp++;
      fpTotal += s[i];
    } else {
      tn++;
    }
  }
  let score = fpTotal;
  let windowsDetected = 0;
  let windowsMissed = 0;
  for (let w = 0; w < best.length; w++) {
    if (Number.isNaN(best[w])) {
      continue; // window entirely inside the probationary period: not scored
    }
    score += best[w];
    if (best[w] === -cost.fnWeight) {
      windowsMissed++;
    } else {
      windowsDetected++;
    }
  }
  return {
    name: truth.name,
    windows: truth.windows.length,
    threshold,
    score,
    tp,
    tn,
    fp,
    fn,
    total: tp + tn + fp + fn,
    windowsDetected,
    windowsMissed,
    falseDetections: fp,
  };
}

/** The two reference points of the normalisation. */
export interface Normalization {
  nullScore: number;
  perfectScore: number;
}

/**
 * Null and perfect scores of a set of files: null = no detection at all (every window missed),
 * perfect = one detection at the start of every window.
 */
export function normalization(windowCount: number, cost: CostMatrix): Normalization {
  return { nullScore: -cost.fnWeight * windowCount, perfectScore: cost.tpWeight * windowCount };
}

/** 100 · (S − S_null) / (S_perfect − S_null); NaN for files without windows (nothing to normalise by). */
export function normalize(raw: number, norm: Normalization): number {
  return norm.perfectScore === norm.nullScore
    ? Number.NaN
    : (100 * (raw - norm.nullScore)) / (norm.perfectScore - norm.nullScore);
}

export interface ProfileResult {
  profile: string;
  cost: CostMatrix;
  threshold: number;
  /** Corpus total at the threshold (sum of the per-file scores). */
  raw: number;
  windowCount: number;
  /** Normalised over these files: null → 0, perfect → 100. */
  normalized: number;
  norm: Normalization;
  files: FileScore[];
}

/** Every file scored at one threshold, the total normalised over these files. */
export function evaluateAtThreshold(
  files: readonly ScoredFile[],
  profile: string,
  cost: CostMatrix,
  threshold: number
): ProfileResult {
  const fileScores = files.map((f) => scoreFile(f, cost, threshold));
  const raw = fileScores.reduce((acc, f) => acc + f.score, 0);
  const windowCount = fileScores.reduce((acc, f) => acc + f.windows, 0);
  const norm = normalization(windowCount, cost);
  return { profile, cost, threshold, raw, windowCount, normalized: normalize(raw, norm), norm, files: fileScores };
}

/** NAB's procedure for one profile: the threshold optimised over the files, every file scored with it. */
export function evaluateProfile(files: readonly ScoredFile[], profile: string, cost: CostMatrix): ProfileResult {
  return evaluateAtThreshold(files, profile, cost, optimizeThreshold(files, cost).threshold);
}

/** A group of files (e.g. a NAB category) within a profile result. */
export interface GroupScore {
  group: string;
  files: number;
  windows: number;
  windowsDetected: number;
  falseDetections: number;
  raw: number;
  /** Normalised over the group's own windows; NaN for a group without windows. */
  normalized: number;
}

/**
 * Totals per group at the result's threshold (the one chosen for all its files), each normalised over the
 * group's own windows: 100 · (S_g − null_g) / (perfect_g − null_g).
 */
export function scoreGroups(result: ProfileResult, groupOf: (file: string) => string): GroupScore[] {
  const groups = new Map<string, GroupScore>();
  for (const f of result.files) {
    const name = groupOf(f.name);
    let g = groups.get(name);
    if (!g) {
      g = { group: name, files: 0, windows: 0, windowsDetected: 0, falseDetections: 0, raw: 0, normalized: 0 };
      groups.set(name, g);
    }
    g.files++;
    g.windows += f.windows;
    g.windowsDetected += f.windowsDetected;
    g.falseDetections += f.falseDetections;
    g.raw += f.score;
  }
  for (const g of groups.values()) {
    g.normalized = normalize(g.raw, normalization(g.windows, result.cost));
  }
  return [...groups.values()];
}
