// The NAB scorer: its rules on small hand-made files, NAB's official per-file scores on six of the visible files
// (tests/fixtures/nab: published outputs of three reference detectors and their official score tables), and the
// eval:nab command on a toy corpus. The full reproduction of final_results.json (31 files, ±0.01) is checked by
// `npm run eval:nab` itself, on the real data.
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import fc from 'fast-check';

import { MissingDataError } from '../scripts/datasets';
import {
  nabTimestamp,
  readAnomalyScores,
  readCorpus,
  readProfiles,
  readScoreTable,
  readWindows,
  resultsFile,
  scoreTableFile,
} from './nab/corpus';
import {
  buildTruth,
  DEFAULT_PROFILES,
  evaluateAtThreshold,
  evaluateProfile,
  normalization,
  normalize,
  optimizeThreshold,
  probationaryLength,
  PROFILE_NAMES,
  scaledSigmoid,
  scoreByThreshold,
  ScoredFile,
  scoreFile,
  scoreGroups,
} from './nab/scorer';

const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'tests', 'fixtures', 'nab');
const RESULTS = path.join(FIXTURES, 'reference-results');
const STANDARD = DEFAULT_PROFILES.standard;

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
  });

  it('normalises null to 0 and perfect to 100; a set without windows has no normalised score', () => {
    const norm = normalization(25, STANDARD);
    expect(normalize(-25, norm)).toBe(0);
    expect(normalize(25, norm)).toBe(100);
    expect(normalize(-0.22, normalization(0, STANDARD))).toBeNaN();
  });

  it('scores groups at the set threshold, each normalised over its own windows', () => {
    const other = buildTruth('b/y.csv', times, [
      [30 * 60_000, 39 * 60_000],
      [70 * 60_000, 79 * 60_000],
    ]);
    const s = new Float64Array(100);
    s[30] = 1; // first window of b/y found at its start, second missed
    const files = [
      { truth: { ...truth, name: 'a/x.csv' }, anomalyScores: detect(40).anomalyScores },
      { truth: other, anomalyScores: s },
    ];
    const groups = scoreGroups(evaluateAtThreshold(files, 'standard', STANDARD, 0.5), (n) => n.split('/')[0]);
    expect(groups.map((g) => [g.group, g.files, g.windows, g.windowsDetected, g.falseDetections])).toEqual([
      ['a', 1, 1, 1, 0],
      ['b', 1, 2, 1, 0],
    ]);
    expect(groups[0].normalized).toBeCloseTo(100, 9);
    expect(groups[1].normalized).toBeCloseTo(50, 9); // (1 − 1) − (−2) over 2 − (−2)
  });
});

describe("NAB's official scores on six visible files (tests/fixtures/nab)", () => {
  const FILES = [
    'artificialNoAnomaly/art_daily_no_noise.csv', // no window: false positives before any window
    'artificialWithAnomaly/art_increase_spike_density.csv',
    'realAdExchange/exchange-4_cpc_results.csv',
    'realKnownCause/ec2_request_latency_system_failure.csv', // 12 rows share one timestamp (DST)
    'realKnownCause/rogue_agent_key_hold.csv',
    'realTraffic/speed_7578.csv',
  ];
  const windows = readWindows(FIXTURES);
  const profiles = readProfiles(FIXTURES);
  const windowCount = FILES.reduce((a, f) => a + windows[f].length, 0);
  const load = (detector: string): ScoredFile[] =>
    FILES.map((name) => {
      const { times, scores } = readAnomalyScores(resultsFile(RESULTS, detector, name));
      return { truth: buildTruth(name, times, windows[name]), anomalyScores: scores };
    });
  const table = (detector: string, profile: string) =>
    readScoreTable(scoreTableFile(RESULTS, detector, profile)).filter((r) => FILES.includes(r.file));

  it('reads NAB profiles and windows', () => {
    expect(profiles).toEqual(DEFAULT_PROFILES);
    expect(windowCount).toBe(13);
  });

  describe.each(['numenta', 'ARTime', 'twitterADVec'])('%s', (detector) => {
    const files = load(detector);

    it.each(PROFILE_NAMES)('reproduces the official per-file scores and counts at its threshold (%s)', (profile) => {
      const rows = table(detector, profile);
      expect(rows.map((r) => r.file).sort()).toEqual(FILES);
      for (const row of rows) {
        const s = scoreFile(files[FILES.indexOf(row.file)], profiles[profile], row.threshold);
        expect(s.score).toBeCloseTo(row.score, 9);
        expect([s.tp, s.tn, s.fp, s.fn, s.total]).toEqual([row.tp, row.tn, row.fp, row.fn, row.total]);
      }
    });

    it.each(PROFILE_NAMES)('normalises over these files as NAB does (%s)', (profile) => {
      const rows = table(detector, profile);
      const cost = profiles[profile];
      // Independently of our scorer: the official per-file scores of the detector and of the null detector.
      const raw = rows.reduce((a, r) => a + r.score, 0);
      const nullRaw = table('null', profile).reduce((a, r) => a + r.score, 0);
      const expected = (100 * (raw - nullRaw)) / (cost.tpWeight * windowCount - nullRaw);
      const ours = evaluateAtThreshold(files, profile, cost, rows[0].threshold);
      expect(ours.norm.nullScore).toBeCloseTo(nullRaw, 12);
      expect(ours.normalized).toBeCloseTo(expected, 9);
      // The threshold optimised over these six files can only do better than the 31-file one.
      expect(evaluateProfile(files, profile, cost).raw).toBeGreaterThanOrEqual(ours.raw - 1e-12);
      expect(optimizeThreshold(files, cost).score).toBeCloseTo(evaluateProfile(files, profile, cost).raw, 9);
    });
  });
});

describe('npm run eval:nab', () => {
  let dir: string;
  const STEP = 300_000;
  const stamp = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * STEP).toISOString().slice(0, 19).replace('T', ' ');
  const ROWS = 400;
  // Two categories, one file each, one window each (rows 250..270).
  const NAMES = ['catA/a.csv', 'catB/b.csv'];

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bandscope-nab-'));
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    const windows: Record<string, string[][]> = {};
    for (const name of NAMES) {
      const rows = Array.from(
        { length: ROWS },
        (_, i) => `${stamp(i)},${(100 + 5 * Math.sin(i / 7) + (i === 250 ? 80 : 0)).toFixed(3)}`
      );
      write(`data/${name}`, `timestamp,value\n${rows.join('\n')}\n`);
      windows[name] = [[`${stamp(250)}.000000`, `${stamp(270)}.000000`]];
      const [category, file] = name.split('/');
      // "perfect" fires at each window start; "null" never (NAB's null outputs a constant 0.5, below its 1.1).
      for (const [detector, score] of [
        ['perfect', (i: number) => (i === 250 ? 1 : 0)],
        ['null', () => 0.5],
      ] as const) {
        const out = Array.from({ length: ROWS }, (_, i) => `${stamp(i)},0,${score(i)},0`);
        write(
          `reference-results/${detector}/${category}/${detector}_${file}`,
          `timestamp,value,anomaly_score,label\n${out.join('\n')}\n`
        );
      }
    }
    write('labels/combined_windows.json', JSON.stringify(windows));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const evalNab = (...args: string[]) => {
    const res = spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(ROOT, 'eval', 'nab.ts'), ...args],
      {
        cwd: ROOT,
        encoding: 'utf8',
      }
    );
    const lines = res.stdout.trimEnd().split('\n');
    return {
      code: res.status,
      stdout: res.stdout,
      stderr: res.stderr,
      json: res.stdout ? JSON.parse(lines[lines.length - 1]) : undefined,
    };
  };
  const finalResults = (perfectStandard: number) =>
    writeFileSync(
      path.join(dir, 'reference-results', 'final_results.json'),
      JSON.stringify({
        perfect: { standard: perfectStandard, reward_low_FP_rate: 100, reward_low_FN_rate: 100 },
        null: { standard: 0, reward_low_FP_rate: 0, reward_low_FN_rate: 0 },
      })
    );

  it('scores the reference outputs beside the preset in one run and checks final_results.json', () => {
    finalResults(100);
    const { code, stdout, json } = evalNab('--data', dir);
    expect(code).toBe(0);
    expect(json.references).toEqual({
      perfect: { standard: 100, reward_low_FP_rate: 100, reward_low_FN_rate: 100 },
      null: { standard: 0, reward_low_FP_rate: 0, reward_low_FN_rate: 0 },
    });
    expect(Object.keys(json)).toEqual(['preset', ...PROFILE_NAMES, 'fixedThreshold', 'references']);
    expect(json.preset).toBe('ewma');
    expect(Object.keys(json.fixedThreshold)).toEqual(['threshold', ...PROFILE_NAMES]);
    // The 80-unit spike opens each window: the preset finds both at the optimised threshold.
    expect(json.standard).toBeGreaterThan(90);
    expect(stdout).toMatch(/final_results\.json: 6 reference scores reproduced within ±0\.01/);
    expect(stdout).toMatch(/^catA \(1 files, 1 windows\) .* 100\.0 \(0\)/m);
  });

  it('exits 1 and says which score differs when final_results.json is not reproduced', () => {
    finalResults(99.5);
    const { code, stderr, json } = evalNab('--data', dir);
    expect(code).toBe(1);
    expect(json.references.perfect.standard).toBe(100);
    expect(stderr).toMatch(/perfect standard: scored 100\.0000, final_results\.json says 99\.5000/);
  });

  it('scores a subset of categories (and then does not compare with final_results.json)', () => {
    finalResults(99.5);
    const only = evalNab('--data', dir, '--categories', 'catB');
    const without = evalNab('--data', dir, '--exclude-category', 'catA');
    expect([only.code, without.code]).toEqual([0, 0]);
    expect(only.stdout).toMatch(/^NAB: 1 labelled files .*\(catB\), 1 windows/m);
    expect(only.stdout).toMatch(/final_results\.json: not checked/);
    expect(without.json).toEqual(only.json);
    const bad = evalNab('--data', dir, '--categories', 'catC');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown category "catC" \(this corpus has catA, catB\)/);
  });

  it('without data: one line saying what is needed and where to get it, exit 2', () => {
    const { code, stdout, stderr } = evalNab('--data', path.join(dir, 'nowhere'));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^eval:nab: the Numenta Anomaly Benchmark not found in .*nowhere \(needs data\/ and labels\/combined_windows\.json\): pass --data DIR with a clone of https:\/\/github\.com\/numenta\/NAB$/m
    );
    expect(() => readCorpus(path.join(dir, 'nowhere'))).toThrow(MissingDataError);
  });
});
