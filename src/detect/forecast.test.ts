// Forecast: the learnt cycle continues, the first future point is the detector's own next band, the band widens as
// the h-step error of the model grows (checked against a simulation of that model), bad requests fail clearly.
import {
  createDetector,
  DetectorError,
  FORECAST_PRESETS,
  horizonVarianceFactor,
  MAX_FORECAST_POINTS,
  PRESETS,
} from './index';

const STEP = 300_000; // 5 minutes
const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1);

/** Deterministic noise in [−1, 1). */
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 31 - 1;
  };
}

function correlation(a: number[], b: number[]): number {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  a.forEach((x, i) => {
    ab += (x - ma) * (b[i] - mb);
    aa += (x - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}

const daily = (t: number) => 100 + 40 * Math.sin((2 * Math.PI * (t - T0)) / DAY);

function dailySeries(days: number): { times: Float64Array; values: Float64Array } {
  const n = (days * DAY) / STEP;
  const rand = noise(7);
  const times = Float64Array.from({ length: n }, (_, i) => T0 + i * STEP);
  return { times, values: times.map((t) => daily(t) + 2 * rand()) };
}

describe('forecast', () => {
  it.each(FORECAST_PRESETS)('%s: a learnt daily cycle continues a day ahead at the series step', (preset) => {
    const { times, values } = dailySeries(14);
    const d = createDetector(preset);
    d.run(times, values);
    const f = d.forecast(DAY);
    expect(f.times.length).toBe(DAY / STEP);
    f.times.forEach((t, h) => expect(t).toBe(times[times.length - 1] + (h + 1) * STEP));
    // the forecast has the cycle's shape (the last level alone would be flat)
    const truth = Array.from(f.times, daily);
    expect(correlation(Array.from(f.predicted), truth)).toBeGreaterThan(0.95);
    if (preset === 'ewma') {
      // and its size: the sine's amplitude is 40, the noise ±2
      f.predicted.forEach((p, h) => expect(Math.abs(p - truth[h])).toBeLessThan(6));
    }
  });

  it.each(FORECAST_PRESETS)('%s: one step ahead is the band the detector gives the next point', (preset) => {
    const { times, values } = dailySeries(9);
    const d = createDetector(preset);
    d.run(times.subarray(0, -1), values.subarray(0, -1));
    const f = d.forecast(STEP);
    const next = d.push(times[times.length - 1], values[values.length - 1]);
    expect(f.predicted[0]).toBeCloseTo(next.predicted, 9);
    expect(f.low[0]).toBeCloseTo(next.low, 9);
    expect(f.high[0]).toBeCloseTo(next.high, 9);
  });

  it('the forecast band is clipped as the observed band: not below 0 for a series never negative', () => {
    // a small count with a daily cycle: k·sigma_h soon exceeds the level
    const counts = (shift: number) => {
      const rand = noise(3);
      const times = Float64Array.from({ length: (7 * DAY) / STEP }, (_, i) => T0 + i * STEP);
      return {
        times,
        values: times.map((t) => Math.max(0, 3 + 2 * Math.sin((2 * Math.PI * (t - T0)) / DAY) + rand()) + shift),
      };
    };
    for (const preset of FORECAST_PRESETS) {
      const { times, values } = counts(0);
      const d = createDetector(preset);
      d.run(times, values);
      const f = d.forecast(2 * DAY);
      expect(Math.min(...f.low)).toBe(0);
      expect(Array.from(f.high).every((h) => h >= 0)).toBe(true);
      // the same series shifted below 0 once: negative values are possible, the band may go there
      const shifted = counts(-10);
      const e = createDetector(preset);
      e.run(shifted.times, shifted.values);
      expect(Math.min(...e.forecast(2 * DAY).low)).toBeLessThan(-10);
    }
  });

  it('the band never narrows with the horizon and widens by the model formula', () => {
    const { times, values } = dailySeries(3);
    const d = createDetector('ewma');
    d.run(times, values);
    const f = d.forecast(2 * DAY);
    const half = f.high.map((h, i) => h - f.predicted[i]);
    for (let h = 1; h < half.length; h++) {
      expect(half[h]).toBeGreaterThanOrEqual(half[h - 1] * (1 - 1e-12));
    }
    const { alpha } = d.params;
    // 3 days of data: the day cycle predicts (the week cycle has not started); period = a day of 5-minute slots
    const period = DAY / STEP;
    const ratio = (h: number) => half[h - 1] / half[0];
    expect(ratio(period)).toBeCloseTo(Math.sqrt(horizonVarianceFactor(period, alpha, period, 0.2)), 9);
    expect(ratio(2 * period)).toBeCloseTo(Math.sqrt(1 + (2 * period - 1) * alpha ** 2 + 0.2 * (2 * alpha + 0.2)), 9);
  });

  it('the h-step variance factor matches a simulation of the model it describes', () => {
    // ETS(A,N,N): x = level + e, level += alpha·e; Var(x[t+h] − level[t]) / sigma² = 1 + (h − 1)·alpha²
    const alpha = 0.3;
    const runs = 20_000;
    const h = 25;
    const rand = noise(99);
    const gauss = () => {
      // Irwin–Hall: sum of 12 uniforms in [0, 1) minus 6 is close to N(0, 1)
      let s = 0;
      for (let i = 0; i < 12; i++) {
        s += (rand() + 1) / 2;
      }
      return s - 6;
    };
    let sum2 = 0;
    for (let r = 0; r < runs; r++) {
      let level = 0;
      let x = 0;
      for (let step = 1; step <= h; step++) {
        const e = gauss();
        x = level + e;
        level += alpha * e;
      }
      sum2 += x * x;
    }
    expect(sum2 / runs / horizonVarianceFactor(h, alpha, Infinity, 0)).toBeGreaterThan(0.95);
    expect(sum2 / runs / horizonVarianceFactor(h, alpha, Infinity, 0)).toBeLessThan(1.05);
  });

  it('presets without a model of the future say so; bad horizons fail clearly; no step yet is no forecast', () => {
    for (const preset of PRESETS.filter((p) => !FORECAST_PRESETS.includes(p))) {
      expect(() => createDetector(preset).forecast(DAY)).toThrow(`the ${preset} preset cannot forecast`);
    }
    const d = createDetector('ewma');
    expect(d.forecast(DAY).times.length).toBe(0);
    d.run([0, 1000], [1, 2]);
    expect(() => d.forecast(0)).toThrow('forecast horizon must be a finite number of milliseconds > 0, got 0');
    expect(() => d.forecast(NaN)).toThrow(DetectorError);
    expect(() => d.forecast(1000 * (MAX_FORECAST_POINTS + 1))).toThrow(`at most ${MAX_FORECAST_POINTS}`);
    expect(d.forecast(5500).times).toEqual(Float64Array.from([2000, 3000, 4000, 5000, 6000]));
  });
});
