// The generated rules, run by Debian's Prometheus 2.42 (`promtool test rules`) on real NAB series: the values it
// records must equal the window preset's at every sample time, to the last bit (promtool compares float64 exactly:
// tolerance 0), and the alert must fire exactly when the preset's scores stay at or above the threshold.
import { readFileSync } from 'fs';
import * as path from 'path';

import { parseCsv } from '../../bin/commands/detect';
import { expectPromtoolPass, promtoolTestRules, type RecordedCheck, ruleTestYaml } from '../../tests/prometheus';
import { createDetector } from '../detect';
import type { Outputs } from '../detect/kernel';
import { LOOKBACK_MS, type WindowSettings } from '../detect/presets/window';
import { SEVERITY_THRESHOLDS } from '../detect/severity';
import { formatDuration } from '../detect/duration';
import { ALERT_NAME, BAND_SERIES, recordName, ruleGroupYaml } from './rules';

const FIXTURES = path.resolve(__dirname, '../../tests/fixtures/prometheus');
const MIN = 60_000;
const SERIES = 'nab{file="f"}';
const LABELS = '{file="f"}';

/** A fixture's first `rows` rows, timestamps from 0 (promtool's input starts at time 0). */
function fixture(file: string, rows = Infinity) {
  const table = parseCsv(readFileSync(path.join(FIXTURES, file), 'utf8'));
  const n = Math.min(rows, table.times.length);
  const t0 = table.times[0];
  return {
    times: Array.from(table.times.subarray(0, n), (t) => t - t0),
    values: Array.from(table.values.subarray(0, n)),
  };
}

function detect(settings: WindowSettings, times: number[], values: number[]): Outputs {
  return createDetector('window', settings).run(times, values);
}

interface AlertCheck {
  at: number;
  /** The score at `at` when the alert is firing. */
  firing?: number;
}

/** The promtool test for the fixture series, with recorded-value checks and alert checks. */
function unitTest(
  settings: WindowSettings,
  times: number[],
  values: number[],
  checks: RecordedCheck[],
  alerts: AlertCheck[] = []
) {
  return ruleTestYaml({
    interval: settings.interval,
    series: 'nab',
    labels: LABELS,
    times,
    values,
    checks,
    alerts: alerts.map(
      (a) =>
        `      - eval_time: ${formatDuration(a.at)}\n        alertname: ${ALERT_NAME}\n` +
        (a.firing === undefined
          ? '        exp_alerts: []'
          : `        exp_alerts:\n${expectedAlert(a.firing, settings)}`)
    ),
  });
}

const FOR = 15 * MIN;
const NAME = 'f';

function severityOfScore(score: number): string {
  const bands = Object.entries(SEVERITY_THRESHOLDS).sort((a, b) => b[1] - a[1]);
  return bands.find(([, min]) => score >= min)?.[0] ?? 'none';
}

/** The alert as the rule file templates it: labels of the series + rule labels, annotations expanded. */
function expectedAlert(score: number, s: WindowSettings): string {
  const rounded = score.toFixed(0);
  // Go's %.0f rounds half to even on the exact binary value, toFixed half up: they agree unless it is a tie
  expect(Math.abs((score % 1) - 0.5)).toBeGreaterThan(1e-9);
  return [
    '          - exp_labels:',
    `              alertname: ${ALERT_NAME}`,
    `              bandscope: ${NAME}`,
    '              file: f',
    '            exp_annotations:',
    `              severity: ${severityOfScore(score)}`,
    `              summary: ${JSON.stringify(`${NAME} is outside its usual band: anomaly score ${rounded} of 100`)}`,
    `              description: ${JSON.stringify(
      `The newest value of ${SERIES} is far from the mean of its last ${formatDuration(s.range)}: the anomaly ` +
        `score has stayed at or above ${s.threshold} for ${formatDuration(FOR)}. Band: bandscope:${NAME}:low .. bandscope:${NAME}:high.`
    )}`,
  ].join('\n');
}

/** Every recorded series at every given index of the detector's output. */
function recordedChecks(out: Outputs, times: number[], indices: Iterable<number>): RecordedCheck[] {
  const checks: RecordedCheck[] = [];
  for (const i of indices) {
    for (const series of BAND_SERIES) {
      const v = out[series][i];
      checks.push({ expr: recordName(NAME, series), at: times[i], value: Number.isNaN(v) ? undefined : v });
    }
  }
  return checks;
}

/** Runs promtool on the generated rules and the test. */
function promtoolTest(settings: WindowSettings, test: string, expr = SERIES) {
  return promtoolTestRules(ruleGroupYaml({ expr, name: NAME, settings, for: FOR }), test);
}

const all = (n: number) => Array.from({ length: n }, (_, i) => i);

const BASE: WindowSettings = {
  k: 3,
  range: 60 * MIN,
  season: 0,
  interval: MIN,
  phase: 0,
  rangeStart: 'inclusive', // the rule of the Prometheus installed here (2.42)
  warmup: 3,
  threshold: 50,
};

jest.setTimeout(300_000);

describe('promtool test rules (Prometheus 2.42) records exactly what the window preset computes', () => {
  it('speed_6005, 1 h window, 1 min interval: gaps, empty windows, stale values', () => {
    const { times, values } = fixture('speed_6005.csv', 300);
    const out = detect(BASE, times, values);
    // the case must exercise every branch: no band, a band without a score, scores in and outside the band
    expect(out.predicted.some(Number.isNaN)).toBe(true);
    expect(out.score.some((s, i) => s === 0 && !Number.isNaN(out.predicted[i]))).toBe(true);
    expect(out.score.some((s) => s > 25)).toBe(true);
    expectPromtoolPass(
      promtoolTest(BASE, unitTest(BASE, times, values, recordedChecks(out, times, all(times.length))))
    );
  });

  it('speed_6005, daily baseline (offset 1d), 2 h window, 5 min interval', () => {
    const s = { ...BASE, season: 1440 * MIN, range: 120 * MIN, interval: 5 * MIN };
    const { times, values } = fixture('speed_6005.csv');
    const out = detect(s, times, values);
    expect(out.predicted.filter((p) => !Number.isNaN(p)).length).toBeGreaterThan(500);
    expectPromtoolPass(promtoolTest(s, unitTest(s, times, values, recordedChecks(out, times, all(times.length)))));
  });

  it('nyc_taxi, weekly baseline (offset 1w), 3 h window', () => {
    const s = { ...BASE, season: 7 * 1440 * MIN, range: 180 * MIN, interval: 5 * MIN, k: 2.5 };
    const { times, values } = fixture('nyc_taxi.csv');
    const out = detect(s, times, values);
    expect(out.predicted.filter((p) => !Number.isNaN(p)).length).toBeGreaterThan(100);
    expectPromtoolPass(promtoolTest(s, unitTest(s, times, values, recordedChecks(out, times, all(times.length)))));
  });

  it('an expression that is not a selector runs as a subquery over its values at every evaluation', () => {
    const s = { ...BASE, interval: 5 * MIN };
    const raw = fixture('speed_6005.csv', 200);
    // what Grafana's query_range returns for the expression at each multiple of the interval: the newest sample
    // within the lookback (2.x: a sample exactly 5 minutes old still counts), doubled
    const times: number[] = [];
    const values: number[] = [];
    for (let e = 0, j = -1; e <= raw.times[raw.times.length - 1]; e += s.interval) {
      while (j + 1 < raw.times.length && raw.times[j + 1] <= e) {
        j++;
      }
      if (j >= 0 && raw.times[j] >= e - LOOKBACK_MS) {
        times.push(e);
        values.push(2 * raw.values[j]);
      }
    }
    const out = detect(s, times, values);
    const test = unitTest(s, raw.times, raw.values, recordedChecks(out, times, all(times.length)));
    expectPromtoolPass(promtoolTest(s, test, `2 * ${SERIES}`));
  });

  it('the alert fires when the score stays ≥ threshold for 15 min, and not otherwise (art_daily_jumpsup)', () => {
    const s = { ...BASE, interval: 5 * MIN, range: 360 * MIN, warmup: 6 };
    const { times, values } = fixture('art_daily_jumpsup.csv');
    // a regular 5-minute series and a 5-minute interval: every evaluation has its own sample
    expect(times.every((t, i) => t === i * 5 * MIN)).toBe(true);
    const out = detect(s, times, values);
    const steps = FOR / s.interval;
    const alerts: AlertCheck[] = times.map((t, i) => {
      const held = i >= steps && all(steps + 1).every((d) => out.score[i - d] >= s.threshold);
      return { at: t, firing: held ? out.score[i] : undefined };
    });
    const firing = alerts.filter((a) => a.firing !== undefined).length;
    // both outcomes occur, and a score above threshold that did not last 15 min does not fire
    expect(firing).toBeGreaterThan(0);
    expect(firing).toBeLessThan(times.length / 2);
    const brief = times.filter((_, i) => out.score[i] >= s.threshold).length - firing;
    expect(brief).toBeGreaterThan(0);
    expectPromtoolPass(promtoolTest(s, unitTest(s, times, values, [], alerts)));
  });

  it('control: 3.x expectations (exclusive range start) fail on 2.42 where a sample sits on a window edge', () => {
    const { times, values } = fixture('speed_6005.csv', 100);
    // 5-minute samples, windows (e − 65 min, e − 5 min]: the left edge falls on a sample at every evaluation
    const s = { ...BASE, interval: 5 * MIN, rangeStart: 'exclusive' as const };
    const out = detect(s, times, values);
    const inclusive = detect({ ...s, rangeStart: 'inclusive' }, times, values);
    const differs = all(times.length).filter((i) => !Object.is(out.predicted[i], inclusive.predicted[i]));
    expect(differs.length).toBeGreaterThan(0);
    const r = promtoolTest(s, unitTest(s, times, values, recordedChecks(out, times, differs)));
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain('FAILED');
  });
});
