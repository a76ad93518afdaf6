// Checks the NAB scorer against NAB's official results on the shared subset (read in place from
// ../shared/data/nab), plus the scoring rules on small hand-made files.
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';

import {
  DEFAULT_DATA_DIR,
  nonDecreasingTimes,
  nabTimestamp,
  readAnomalyScores,
  readCorpus,
  readNullBaselines,
  readScoreTable,
  resultsFile,
  scoreTableFile,
} from './nab/corpus';
import {
  buildTruth,
  CostMatrix,
  DEFAULT_PROFILES,
  evaluateProfile,
  normalize,
  optimizeThreshold,
  probationaryLength,
  PROFILE_NAMES,
  scaledSigmoid,
  scoreByThreshold,
  ScoredFile,
  scoreFile,
  subsetNormalization,
} from './nab/scorer';

const DATA = DEFAULT_DATA_DIR;
const STANDARD = DEFAULT_PROFILES.standard;

function loadReference(detector: string): ScoredFile[] {
  return readCorpus(DATA).files.map((f) => {
    const { times, scores } = readAnomalyScores(resultsFile(DATA, detector, f.name));
    return { truth: buildTruth(f.name, times, f.windows), anomalyScores: scores };
  });
}

describe('NAB scoring rules', () => {
  it('scaled sigmoid', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3)).toBe(-1);
  });

  it('probationary period is 15% of the rows, at most 750', () => {
    expect(probationaryLength(4032)).toBe(604);
    expect(probationaryLength(1882)).toBe(282);
    expect(probationaryLength(22695)).toBe(750);
  });

  it('parses NAB timestamps as UTC', () => {
    expect(nabTimestamp('2014-07-01 00:00:00')).toBe(Date.UTC(2014, 6, 1));
    expect(nabTimestamp('2014-04-10 07:15:00.000000')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(() => nabTimestamp('yesterday')).toThrow();
  });

  // 100 rows: probation 15, one window on rows 40..59.
  const times = Float64Array.from({ length: 100 }, (_, i) => i * 60_000);
  const truth = buildTruth('toy.csv', times, [[40 * 60_000, 59 * 60_000]]);
  const detect = (...rows: number[]) => {
    const s = new Float64Array(100);
    rows.forEach((r) => (s[r] = 1));
    return { truth, anomalyScores: s };
  };

  it('maps windows and scores a detection at the window start as tpWeight', () => {
    expect(truth.probation).toBe(15);
    expect(truth.windows).toEqual([{ start: 40, end: 59 }]);
    expect(scoreFile(detect(40), STANDARD, 0.5).score).toBeCloseTo(1, 12);
    expect(scoreFile(detect(), STANDARD, 0.5).score).toBe(-1);
    expect(scoreFile(detect(), DEFAULT_PROFILES.reward_low_FN_rate, 0.5).score).toBe(-2);
  });

  it('counts only the earliest detection in a window; later detections weigh less', () => {
    const early = scoreFile(detect(45), STANDARD, 0.5).score;
    expect(scoreFile(detect(45, 50, 58), STANDARD, 0.5).score).toBe(early);
    expect(scoreFile(detect(58), STANDARD, 0.5).score).toBeLessThan(early);
    expect(scoreFile(detect(58), STANDARD, 0.5).score).toBeGreaterThan(0);
  });

  it('weighs false positives by the distance after the preceding window, ignores the probation', () => {
    expect(scoreFile(detect(5), STANDARD, 0.5).score).toBe(-1); // in probation: only the missed window
    expect(scoreFile(detect(20), STANDARD, 0.5).score).toBeCloseTo(-1 - 0.11, 12); // before any window
    const justAfter = scoreFile(detect(60), STANDARD, 0.5);
    const farAfter = scoreFile(detect(99), STANDARD, 0.5);
    expect(justAfter.fp).toBe(1);
    // position |59 - 60| / 19: barely negative; position 40/19 ≈ 2.1: nearly the full -fpWeight
    expect(justAfter.score).toBeCloseTo(-1 + 0.11 * scaledSigmoid(1 / 19), 12);
    expect(farAfter.score).toBeCloseTo(-1 + 0.11 * scaledSigmoid(40 / 19), 12);
  });

  it('the incremental sweep equals scoring each threshold from scratch', () => {
    const windowArb = fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 3 });
    const fileArb = fc.record({
      rows: fc.integer({ min: 20, max: 200 }),
      windows: windowArb,
      seed: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 200, maxLength: 200 }),
    });
    fc.assert(
      fc.property(fc.array(fileArb, { minLength: 1, maxLength: 3 }), (specs) => {
        const files: ScoredFile[] = specs.map((spec, k) => {
          const t = Float64Array.from({ length: spec.rows }, (_, i) => i * 1000);
          // windows: slot s of 10 covers rows [s*rows/10, s*rows/10 + rows/20]
          const limits = [...spec.windows]
            .sort((a, b) => a - b)
            .map((s): [number, number] => {
              const a = Math.floor((s * spec.rows) / 10);
              return [a * 1000, (a + Math.max(1, Math.floor(spec.rows / 20))) * 1000];
            });
          const scores = Float64Array.from({ length: spec.rows }, (_, i) => spec.seed[i] / 20);
          return { truth: buildTruth(`f${k}.csv`, t, limits), anomalyScores: scores };
        });
        for (const cost of Object.values(DEFAULT_PROFILES)) {
          const sweep = scoreByThreshold(files, cost);
          for (const s of sweep) {
            const direct = files.map((f) => scoreFile(f, cost, s.threshold));
            const total = direct.reduce((a, d) => a + d.score, 0);
            expect(s.score).toBeCloseTo(total, 9);
            expect(s.tp).toBe(direct.reduce((a, d) => a + d.tp, 0));
            expect(s.fp).toBe(direct.reduce((a, d) => a + d.fp, 0));
            expect(s.fn).toBe(direct.reduce((a, d) => a + d.fn, 0));
            expect(s.tn).toBe(direct.reduce((a, d) => a + d.tn, 0));
          }
        }
      }),
      { numRuns: 60 }
    );
  });

  it('maps windows like NAB on repeated and backward timestamps', () => {
    // rows: 0 1 2 2 2 3 4 | 2 3 5 6 (time steps back after row 6)
    const t = Float64Array.from([0, 1, 2, 2, 2, 3, 4, 2, 3, 5, 6]);
    expect(buildTruth('dup.csv', t, [[2, 3]]).windows).toEqual([{ start: 2, end: 5 }]);
    expect(
      buildTruth('back.csv', t, [
        [2, 3],
        [5, 6],
      ]).windows
    ).toEqual([
      { start: 2, end: 5 },
      { start: 9, end: 10 },
    ]);
    // limits between rows: first row at/after the start, last row at/before the end
    expect(buildTruth('gap.csv', Float64Array.from([0, 10, 20, 30, 40]), [[5, 35]]).windows).toEqual([
      { start: 1, end: 3 },
    ]);
    const fixed = nonDecreasingTimes(t);
    expect(fixed.adjusted).toBe(2);
    expect(Array.from(fixed.times)).toEqual([0, 1, 2, 2, 2, 3, 4, 4, 4, 5, 6]);
  });

  it('normalises null to 0 and perfect to 100', () => {
    const windows = 25;
    const norm = subsetNormalization(windows, STANDARD);
    expect(normalize(-25, norm)).toBe(0);
    expect(normalize(25, norm)).toBe(100);
  });
});

describe('NAB reference results (shared data, read in place)', () => {
  beforeAll(() => {
    if (!fs.existsSync(path.join(DATA, 'reference-results'))) {
      throw new Error(`NAB reference results not found in ${DATA}`);
    }
  });

  const finalResults = () =>
    JSON.parse(fs.readFileSync(path.join(DATA, 'reference-results', 'final_results.json'), 'utf8')) as Record<
      string,
      Record<string, number>
    >;

  it('reads the 18-file corpus', () => {
    const corpus = readCorpus(DATA);
    expect(corpus.files).toHaveLength(18);
    expect(corpus.files.reduce((a, f) => a + f.windows.length, 0)).toBe(25);
    expect(corpus.profiles.reward_low_FN_rate.fnWeight).toBe(2);
  });

  describe.each(PROFILE_NAMES)('windowedGaussian, profile %s', (profile) => {
    let files: ScoredFile[];
    let cost: CostMatrix;
    beforeAll(() => {
      files = loadReference('windowedGaussian');
      cost = readCorpus(DATA).profiles[profile];
    });

    it('reproduces the threshold, per-file scores and counts of the official score table', () => {
      const table = readScoreTable(scoreTableFile(DATA, 'windowedGaussian', profile));
      expect(table).toHaveLength(18);
      const best = optimizeThreshold(files, cost);
      for (const row of table) {
        expect(row.threshold).toBe(best.threshold);
        const file = files.find((f) => f.truth.name === row.file);
        expect(file).toBeDefined();
        const s = scoreFile(file!, cost, best.threshold);
        expect(s.score).toBeCloseTo(row.score, 9);
        expect([s.tp, s.tn, s.fp, s.fn, s.total]).toEqual([row.tp, row.tn, row.fp, row.fn, row.total]);
      }
    });

    it('reproduces the official normalised score to ±0.01 (NAB runner baseline: the null score table)', () => {
      const baselines = readNullBaselines(DATA, PROFILE_NAMES);
      expect(baselines).toBeDefined();
      const r = evaluateProfile(files, profile, cost, baselines![profile]);
      const official = finalResults().windowedGaussian[profile];
      expect(Math.abs(r.normalized - official)).toBeLessThan(0.01);
      // The official baseline is the full 58-file corpus's null total, not this subset's null:
      expect(r.norm.nullScore).toBe(-116 * cost.fnWeight);
      expect(subsetNormalization(r.windowCount, cost).nullScore).toBe(-25 * cost.fnWeight);
    });
  });

  it('windowedGaussian against the subset null: 12.07 / 4.81 / 16.04', () => {
    const files = loadReference('windowedGaussian');
    const got = PROFILE_NAMES.map((p) => evaluateProfile(files, p, DEFAULT_PROFILES[p]).normalizedSubset);
    expect(got.map((x) => Math.round(x * 100) / 100)).toEqual([12.07, 4.81, 16.04]);
  });

  it('the null detector scores 0 against its own null, and matches its per-file score tables', () => {
    const files = loadReference('null');
    for (const profile of PROFILE_NAMES) {
      const cost = DEFAULT_PROFILES[profile];
      const r = evaluateProfile(files, profile, cost);
      expect(r.threshold).toBe(1.1);
      expect(r.raw).toBe(-25 * cost.fnWeight);
      expect(r.normalized).toBe(0);
      const table = readScoreTable(scoreTableFile(DATA, 'null', profile));
      for (const f of files) {
        const row = table.find((t) => t.file === f.truth.name);
        expect(row).toBeDefined();
        const s = scoreFile(f, cost, row!.threshold);
        expect(s.score).toBeCloseTo(row!.score, 9);
        expect([s.tp, s.tn, s.fp, s.fn]).toEqual([row!.tp, row!.tn, row!.fp, row!.fn]);
      }
    }
    // Official null is 0 only because its raw score is the same table it is normalised against.
    expect(finalResults().null.standard).toBe(0);
  });

  it('a perfect detector (one detection at each window start) scores 100', () => {
    const files = loadReference('null').map((f) => {
      const s = new Float64Array(f.truth.rows);
      f.truth.windows.forEach((w) => (s[w.start] = 1));
      return { truth: f.truth, anomalyScores: s };
    });
    for (const profile of PROFILE_NAMES) {
      expect(evaluateProfile(files, profile, DEFAULT_PROFILES[profile]).normalized).toBeCloseTo(100, 9);
    }
  });
});
