// `npm run eval:noise [-- --preset P] [--param name=value ...]`: how often each preset cries wolf on pure noise.
// Independent, identically distributed values hold nothing to detect, so every detection on them is a false alarm;
// a threshold of 50 means a tail probability of 1e-5 for the likelihood presets, so about one detection per
// 100,000 points is what their score promises. The series are one value a minute, of four shapes (Gaussian,
// Laplace: heavier tails, Poisson counts with a small mean: discrete, uniform: bounded), an hour, a day, a week
// and 100,000 points long, from fixed seeds. It prints, per preset × shape × length: detections per 100,000
// points, the share of series flagged at least once, and the share of detections at a new extreme (a value
// beyond every earlier value of its series: the "new level" check's doing, or at least where it could fire).
// The last line is JSON. A random walk is not i.i.d. (a new extreme is its normal course): not measured here.
import {
  createDetector,
  type DetectorParams,
  parseParamText,
  PARAM_KEYS,
  type ParamKey,
  type PresetName,
  PRESETS,
} from '../src/detect';

export const SHAPES = ['gaussian', 'laplace', 'poisson', 'uniform'] as const;
export type Shape = (typeof SHAPES)[number];

/** Series lengths (one value a minute) and how many series of each: about 300,000 points per row but the hour's. */
export const LENGTHS = [
  { name: '1 h', points: 60, series: 1000 },
  { name: '1 day', points: 1440, series: 200 },
  { name: '1 week', points: 10_080, series: 30 },
  { name: '100,000 points', points: 100_000, series: 4 },
] as const;

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 5);
/** Mean and standard deviation of the continuous shapes; the Poisson's mean (a count of rare events a minute). */
const MEAN = 100;
const SD = 10;
const POISSON_MEAN = 2;

/** xorshift32 in (0, 1), seeded through a multiplicative hash so neighbouring seeds give unrelated streams. */
function uniform(seed: number): () => number {
  let s = Math.imul(seed + 1, 0x9e3779b1) | 0 || 1;
  const next = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) + 0.5) / 2 ** 32;
  };
  for (let i = 0; i < 8; i++) {
    next();
  }
  return next;
}

const DRAW: Record<Shape, (u: () => number) => number> = {
  // Box–Muller (one of the pair)
  gaussian: (u) => MEAN + SD * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()),
  // inverse CDF; scale SD/√2 gives standard deviation SD
  laplace: (u) => {
    const v = u() - 0.5;
    return MEAN - (SD / Math.SQRT2) * Math.sign(v) * Math.log(1 - 2 * Math.abs(v));
  },
  // Knuth's product of uniforms
  poisson: (u) => {
    const limit = Math.exp(-POISSON_MEAN);
    let n = 0;
    for (let p = u(); p > limit; p *= u()) {
      n++;
    }
    return n;
  },
  uniform: (u) => MEAN + SD * Math.sqrt(3) * (2 * u() - 1),
};

/** Series `seed` of a shape: `points` values a minute apart. The same arguments give the same series. */
export function noiseSeries(shape: Shape, points: number, seed: number): { times: Float64Array; values: Float64Array } {
  const u = uniform(seed * SHAPES.length + SHAPES.indexOf(shape));
  const times = new Float64Array(points);
  const values = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    times[i] = START + i * MINUTE;
    values[i] = DRAW[shape](u);
  }
  return { times, values };
}

export interface NoiseRate {
  points: number;
  series: number;
  detections: number;
  /** Series with at least one detection. */
  flaggedSeries: number;
  /** Detections whose value is beyond every earlier value of its series. */
  atNewExtreme: number;
}

/** Runs a fresh detector over series 0..series−1 of a shape and counts its flags (score ≥ threshold). */
export function noiseRate(
  preset: PresetName,
  params: Partial<DetectorParams>,
  shape: Shape,
  points: number,
  series: number
): NoiseRate {
  const rate: NoiseRate = { points: points * series, series, detections: 0, flaggedSeries: 0, atNewExtreme: 0 };
  for (let seed = 0; seed < series; seed++) {
    const { times, values } = noiseSeries(shape, points, seed);
    const { anomaly } = createDetector(preset, params).run(times, values);
    let lo = Infinity;
    let hi = -Infinity;
    let flagged = 0;
    for (let i = 0; i < points; i++) {
      const x = values[i];
      if (anomaly[i] === 1) {
        flagged++;
        rate.atNewExtreme += x > hi || x < lo ? 1 : 0;
      }
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    rate.detections += flagged;
    rate.flaggedSeries += flagged > 0 ? 1 : 0;
  }
  return rate;
}

const per100k = (r: NoiseRate) => (r.detections / r.points) * 1e5;

/** Width of a table cell. */
const CELL = 30;

const USAGE = `usage: npm run eval:noise -- [--preset ${PRESETS.join('|')}] [--param name=value ...]`;

function parseArgs(argv: string[]): { presets: PresetName[]; params: Partial<DetectorParams> } {
  const presets: PresetName[] = [];
  const params: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--preset' && value !== undefined && (PRESETS as readonly string[]).includes(value)) {
      presets.push(value as PresetName);
    } else if (argv[i] === '--param' && value !== undefined && value.includes('=')) {
      const key = value.slice(0, value.indexOf('='));
      const parsed = (PARAM_KEYS as readonly string[]).includes(key)
        ? parseParamText(key as ParamKey, value.slice(key.length + 1))
        : { error: `unknown parameter "${key}" (one of ${PARAM_KEYS.join(', ')})` };
      if (parsed === undefined || typeof parsed === 'object') {
        throw new Error(`${parsed?.error ?? `${key} needs a value`}\n${USAGE}`);
      }
      params[key] = parsed;
    } else {
      throw new Error(`${USAGE}\ngot "${argv[i]}"`);
    }
    i++;
  }
  return { presets: presets.length > 0 ? presets : [...PRESETS], params: params as Partial<DetectorParams> };
}

function main(): void {
  const { presets, params } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  console.log(
    `i.i.d. noise, one value a minute (Gaussian and Laplace: mean ${MEAN}, sd ${SD}; Poisson: mean ${POISSON_MEAN}; ` +
      `uniform: mean ${MEAN}, sd ${SD}); fixed seeds; each preset's flag (score ≥ its threshold; notebook: band exits)` +
      (Object.keys(params).length > 0 ? `; parameters ${JSON.stringify(params)}` : '')
  );
  console.log('every detection is a false alarm; a threshold of 50 promises about 1 per 100,000 points (p = 1e-5)\n');
  console.log('each cell: detections per 100,000 points / series flagged at least once / detections at a new extreme');
  const header = LENGTHS.map((l) => `${l.name} (${l.series} series)`.padStart(CELL)).join('');
  console.log(`${'preset'.padEnd(10)}${'shape'.padEnd(10)}${header}`);
  const rows = [];
  for (const preset of presets) {
    for (const shape of SHAPES) {
      const byLength = LENGTHS.map((l) => ({ length: l.name, ...noiseRate(preset, params, shape, l.points, l.series) }));
      const cells = byLength.map((r) => {
        const share = r.detections > 0 ? `${Math.round((100 * r.atNewExtreme) / r.detections)} %` : '–';
        const flagged = `${Math.round((100 * r.flaggedSeries) / r.series)} %`;
        return `${per100k(r).toFixed(1)} / ${flagged} / ${share}`.padStart(CELL);
      });
      console.log(`${preset.padEnd(10)}${shape.padEnd(10)}${cells.join('')}`);
      rows.push({
        preset,
        shape,
        lengths: byLength.map((r) => ({
          length: r.length,
          per100k: Math.round(per100k(r) * 100) / 100,
          flaggedShare: Math.round((1000 * r.flaggedSeries) / r.series) / 1000,
          atNewExtreme: r.atNewExtreme,
          detections: r.detections,
          points: r.points,
        })),
      });
    }
  }
  console.log(`\ntime: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(JSON.stringify({ params, rows }));
}

if (require.main === module) {
  try {
    main();
  } catch (e: unknown) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
