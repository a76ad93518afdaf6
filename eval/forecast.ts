// `npm run eval:forecast [-- --data DIR] [--preset ewma|seasonal] [--origins N]`: how good the forecast is, measured.
// On every visible NAB file and the Apache sample's requests per hour, for horizons of 1 h, 1 d and 1 w where
// the file allows (at least two days, and twice the horizon, of history before the first origin), at up to N
// forecast origins spread evenly over each file after NAB's probationary 15 %:
// - coverage: the share of the actual points in (origin, origin + horizon] inside our band (Gaussian errors would
//   give erf(k/√2));
// - error: mean absolute error of our prediction over those points, divided by that of a seasonal-naive forecast
//   (the value one day earlier, repeating the last day observed) and of @bsull/augurs' MSTL (Grafana's forecasting
//   library: MSTL with an ETS trend, daily — and weekly with three weeks of history — periods, fitted on the last
//   four weeks at most before each origin), all on the same points in the same run; per horizon, the geometric
//   mean of the per-file ratios (files have different units), lower is better. An error below 1 % of the file's
//   spread (mean absolute deviation) counts as that 1 %: on NAB's noise-free files two near-exact forecasts would
//   otherwise give ratios of 0 or infinity, which a geometric mean cannot take;
// - speed: milliseconds per forecast (ours: the detector over the history, then the forecast; MSTL: fit + predict).
// Prints a table per horizon, per-file ratios on request (--files), then one JSON line.
import { readFileSync } from 'fs';
import * as path from 'path';

import { createDetector, FORECAST_PRESETS, type PresetName, sortOrder } from '../src/detect';
import { Aggregator } from '../src/weblog/aggregate';
import { SHARED_DATA } from '../scripts/datasets';
import { readSeries } from './nab/corpus';

const USAGE =
  'usage: npm run eval:forecast -- [--data DIR] [--preset ewma|seasonal] [--origins N] [--files]\n' +
  '  --data DIR   the shared data directory with nab-visible/ and apache_logs/ (default: ../shared/data)';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HORIZONS: Array<[string, number]> = [
  ['1h', HOUR],
  ['1d', DAY],
  ['1w', 7 * DAY],
];
/** Trailing history MSTL is fitted on: refitting on whole files at every origin would take hours. */
const MSTL_HISTORY = 28 * DAY;

interface Options {
  dataDir: string;
  preset: PresetName;
  origins: number;
  files: boolean;
}

interface Series {
  name: string;
  times: Float64Array;
  values: Float64Array;
}

interface Mstl {
  ets(
    periods: number[],
    options?: null
  ): {
    fit(y: Float64Array): void;
    predict(h: number, level?: number | null): { point: number[] };
    free(): void;
  };
}

async function loadMstl(): Promise<Mstl> {
  const mod = (await import('@bsull/augurs/mstl')) as unknown as Mstl & { initSync(m: { module: Buffer }): void };
  mod.initSync({
    module: readFileSync(path.join(path.dirname(require.resolve('@bsull/augurs/mstl')), 'mstl_bg.wasm')),
  });
  return mod;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { dataDir: SHARED_DATA, preset: 'ewma', origins: 20, files: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) {
        throw new Error(`${flag} needs a value\n${USAGE}`);
      }
      return v;
    };
    if (flag === '--data') {
      opts.dataDir = path.resolve(value());
    } else if (flag === '--preset') {
      const p = value();
      if (!(FORECAST_PRESETS as readonly string[]).includes(p)) {
        throw new Error(`--preset must be one of ${FORECAST_PRESETS.join(', ')}, got "${p}"`);
      }
      opts.preset = p as PresetName;
    } else if (flag === '--origins') {
      opts.origins = Number(value());
      if (!(Number.isInteger(opts.origins) && opts.origins > 0)) {
        throw new Error(`--origins must be an integer > 0\n${USAGE}`);
      }
    } else if (flag === '--files') {
      opts.files = true;
    } else {
      throw new Error(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  return opts;
}

function readData(dataDir: string): Series[] {
  const nabData = path.join(dataDir, 'nab-visible', 'data');
  const windows = path.join(dataDir, 'nab-visible', 'labels', 'combined_windows.json');
  let names: string[];
  try {
    names = Object.keys(JSON.parse(readFileSync(windows, 'utf8')) as Record<string, unknown>).sort();
  } catch {
    throw new Error(
      `no NAB data at ${path.join(dataDir, 'nab-visible')} (give the shared data directory with --data DIR)`
    );
  }
  const series: Series[] = names.map((name) => {
    const s = readSeries(path.join(nabData, name));
    // in time order, as the datasource and the CLI feed a detector (stable; machine_temperature has 11 rows out of order)
    const order = sortOrder(s.times);
    return {
      name: path.basename(name, '.csv'),
      times: order ? Float64Array.from(order, (i) => s.times[i]) : s.times,
      values: order ? Float64Array.from(order, (i) => s.values[i]) : s.values,
    };
  });
  const log = path.join(dataDir, 'apache_logs', 'apache_logs');
  // Per hour, the sample's own resolution: every one of its 10,000 timestamps is at minute 05 of its hour, so finer
  // buckets hold one spike an hour and 11 structural zeros (an artefact of the sample, not of traffic).
  const agg = new Aggregator({ bucket: '1h' });
  agg.add(
    readFileSync(log, 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
    1
  );
  const r = agg.result();
  series.push({ name: 'apache_logs requests/hour', times: r.times, values: r.total });
  return series;
}

/** The median spacing of the times: the step MSTL's periods and the seasonal-naive lag are counted in. */
function medianStep(times: Float64Array): number {
  const d = Array.from(times.subarray(1), (t, i) => t - times[i]).sort((a, b) => a - b);
  return d[d.length >> 1];
}

interface Forecasts {
  ours: number[];
  low: number[];
  high: number[];
  naive: number[];
  mstl: number[] | undefined;
  actual: number[];
  oursMs: number;
  mstlMs: number;
}

/** The last index with times[i] ≤ t (−1 if none). */
function atOrBefore(times: Float64Array, t: number, hi: number): number {
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo - 1;
}

function forecastAt(s: Series, origin: number, horizon: number, preset: PresetName, mstl: Mstl): Forecasts {
  const { times, values } = s;
  const t0 = times[origin - 1];
  let end = origin;
  while (end < times.length && times[end] <= t0 + horizon) {
    end++;
  }
  const start = performance.now();
  const d = createDetector(preset);
  d.run(times.subarray(0, origin), values.subarray(0, origin));
  const f = d.forecast(horizon);
  const oursMs = performance.now() - start;
  const step = f.times.length > 1 ? f.times[1] - f.times[0] : horizon;
  const out: Forecasts = { ours: [], low: [], high: [], naive: [], mstl: undefined, actual: [], oursMs, mstlMs: 0 };
  for (let i = origin; i < end; i++) {
    if (!Number.isFinite(values[i])) {
      continue;
    }
    const h = Math.min(f.times.length, Math.max(1, Math.round((times[i] - t0) / step))) - 1;
    // seasonal naive: the same time of day on the last day observed before the origin
    const lag = DAY * Math.ceil((times[i] - t0) / DAY);
    const j = atOrBefore(times, times[i] - lag, origin);
    out.ours.push(f.predicted[h]);
    out.low.push(f.low[h]);
    out.high.push(f.high[h]);
    out.naive.push(j >= 0 ? values[j] : values[origin - 1]);
    out.actual.push(values[i]);
  }
  const stepMs = medianStep(times);
  const day = Math.round(DAY / stepMs);
  const from = atOrBefore(times, t0 - MSTL_HISTORY, origin) + 1;
  const history = values.subarray(from, origin).filter(Number.isFinite);
  const periods = history.length >= 3 * 7 * day ? [day, 7 * day] : [day];
  if (day >= 2 && history.length >= 2 * day) {
    const m0 = performance.now();
    const model = mstl.ets(periods, null);
    try {
      model.fit(history);
      const point = model.predict(end - origin, null).point;
      out.mstl = [];
      for (let i = origin; i < end; i++) {
        if (Number.isFinite(values[i])) {
          out.mstl.push(point[i - origin]);
        }
      }
    } catch {
      out.mstl = undefined; // reported as a file without MSTL
    } finally {
      model.free();
    }
    out.mstlMs = performance.now() - m0;
  }
  return out;
}

interface FileResult {
  name: string;
  /** Mean absolute deviation of the file's values: 1 % of it is the smallest error counted. */
  spread: number;
  origins: number;
  points: number;
  inside: number;
  maeOurs: number;
  maeNaive: number;
  /** MAE of ours and of MSTL over the origins MSTL could forecast (undefined: none). */
  mstl?: { ours: number; theirs: number };
  oursMs: number;
  mstlMs: number;
}

function evaluateFile(s: Series, horizon: number, opts: Options, mstl: Mstl): FileResult | undefined {
  const n = s.times.length;
  const span = s.times[n - 1] - s.times[0];
  const firstOrigin = Math.max(
    Math.ceil(0.15 * n),
    atOrBefore(s.times, s.times[0] + Math.max(2 * DAY, 2 * horizon), n) + 1
  );
  const lastOrigin = atOrBefore(s.times, s.times[n - 1] - horizon, n) + 1;
  if (span < horizon + Math.max(2 * DAY, 2 * horizon) || lastOrigin <= firstOrigin) {
    return undefined;
  }
  const count = Math.min(opts.origins, lastOrigin - firstOrigin + 1);
  const finite = s.values.filter(Number.isFinite);
  const mean = finite.reduce((a, x) => a + x, 0) / finite.length;
  const spread = finite.reduce((a, x) => a + Math.abs(x - mean), 0) / finite.length;
  const r: FileResult = {
    name: s.name,
    spread,
    origins: 0,
    points: 0,
    inside: 0,
    maeOurs: 0,
    maeNaive: 0,
    oursMs: 0,
    mstlMs: 0,
  };
  let mstlOurs = 0;
  let mstlTheirs = 0;
  let mstlPoints = 0;
  for (let o = 0; o < count; o++) {
    const origin = firstOrigin + Math.round(((lastOrigin - firstOrigin) * o) / Math.max(1, count - 1));
    const f = forecastAt(s, origin, horizon, opts.preset, mstl);
    r.origins++;
    r.oursMs += f.oursMs;
    r.mstlMs += f.mstlMs;
    f.actual.forEach((x, i) => {
      r.points++;
      r.inside += x >= f.low[i] && x <= f.high[i] ? 1 : 0;
      r.maeOurs += Math.abs(x - f.ours[i]);
      r.maeNaive += Math.abs(x - f.naive[i]);
      if (f.mstl) {
        mstlOurs += Math.abs(x - f.ours[i]);
        mstlTheirs += Math.abs(x - f.mstl[i]);
        mstlPoints++;
      }
    });
  }
  r.maeOurs /= r.points;
  r.maeNaive /= r.points;
  if (mstlPoints > 0) {
    r.mstl = { ours: mstlOurs / mstlPoints, theirs: mstlTheirs / mstlPoints };
  }
  return r;
}

/** Ratio of two errors, each at least 1 % of the file's spread (a flat file: of 1e-12). */
function ratio(ours: number, theirs: number, spread: number): number {
  const floor = Math.max(0.01 * spread, 1e-12);
  return Math.max(ours, floor) / Math.max(theirs, floor);
}

const geomean = (xs: number[]) => (xs.length ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length) : NaN);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** P(|Z| ≤ k) for a standard normal Z (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
function gaussianCoverage(k: number): number {
  const x = k / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return 1 - poly * Math.exp(-x * x);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const data = readData(opts.dataDir);
  const mstl = await loadMstl();
  const k = createDetector(opts.preset).params.k;
  console.log(
    `eval:forecast — preset ${opts.preset} (k = ${k}: Gaussian errors would give ${(100 * gaussianCoverage(k)).toFixed(3)} % coverage), ` +
      `${data.length} series, up to ${opts.origins} origins per file and horizon`
  );
  console.log(
    'horizon  files  origins   points  coverage  vs seasonal-naive (better in)  vs MSTL (better in, files)   ms/forecast ours  MSTL'
  );
  const json: Record<string, { coverage: number; errorVsSeasonalNaive: number; errorVsMSTL: number }> = {};
  const perFile: string[] = [];
  for (const [label, horizon] of HORIZONS) {
    const results = data
      .map((s) => evaluateFile(s, horizon, opts, mstl))
      .filter((r): r is FileResult => r !== undefined);
    if (results.length === 0) {
      continue;
    }
    const points = results.reduce((a, r) => a + r.points, 0);
    const coverage = results.reduce((a, r) => a + r.inside, 0) / points;
    const vsNaive = results.map((r) => ratio(r.maeOurs, r.maeNaive, r.spread));
    const withMstl = results.filter((r) => r.mstl);
    const vsMstl = withMstl.map((r) => ratio(r.mstl!.ours, r.mstl!.theirs, r.spread));
    const origins = results.reduce((a, r) => a + r.origins, 0);
    const oursMs = results.reduce((a, r) => a + r.oursMs, 0) / origins;
    const mstlMs =
      withMstl.reduce((a, r) => a + r.mstlMs, 0) /
      Math.max(
        1,
        withMstl.reduce((a, r) => a + r.origins, 0)
      );
    json[label] = {
      coverage: round3(coverage),
      errorVsSeasonalNaive: round3(geomean(vsNaive)),
      errorVsMSTL: round3(geomean(vsMstl)),
    };
    console.log(
      `${label.padEnd(7)}  ${String(results.length).padStart(5)}  ${String(origins).padStart(7)}  ${String(points).padStart(7)}  ` +
        `${(100 * coverage).toFixed(1).padStart(7)} %  ${json[label].errorVsSeasonalNaive.toFixed(3).padStart(6)} ` +
        `(${vsNaive.filter((x) => x < 1).length}/${results.length})`.padEnd(23) +
        `${json[label].errorVsMSTL.toFixed(3).padStart(6)} (${vsMstl.filter((x) => x < 1).length}/${withMstl.length})`.padEnd(
          30
        ) +
        `${oursMs.toFixed(1).padStart(10)}  ${mstlMs.toFixed(1).padStart(6)}`
    );
    for (const r of results) {
      perFile.push(
        `${label.padEnd(4)} ${r.name.padEnd(42)} coverage ${((100 * r.inside) / r.points).toFixed(1).padStart(5)} %  ` +
          `vs naive ${ratio(r.maeOurs, r.maeNaive, r.spread).toFixed(3)}  vs MSTL ${r.mstl ? ratio(r.mstl.ours, r.mstl.theirs, r.spread).toFixed(3) : 'n/a'}`
      );
    }
  }
  if (opts.files) {
    console.log(perFile.join('\n'));
  }
  console.log(JSON.stringify({ horizons: json }));
}

main().catch((e: unknown) => {
  process.stderr.write(`eval:forecast: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
