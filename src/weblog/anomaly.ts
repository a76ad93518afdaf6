// Where traffic is not normal: each country's requests per bucket get their own band and score (the per-series
// detector over that country's buckets), so a map can colour countries by anomaly instead of by volume and list
// the most anomalous countries of a bucket. Pure: any of the three input shapes ends as a WeblogAggregate first.
import { createDetector, type DetectorParams, type PresetName } from '../detect';
import type { Breakdown, WeblogAggregate } from './aggregate';

export interface CountryAnomalies {
  /** Bucket starts (the aggregate's). */
  times: Float64Array;
  /** Country codes ('' = unknown), in the aggregate's order (descending total). */
  keys: string[];
  /** Per country, per bucket: the detector's outputs on that country's request counts. */
  predicted: Float64Array[];
  low: Float64Array[];
  high: Float64Array[];
  score: Float64Array[];
  anomaly: Uint8Array[];
  /** Per country: its highest score over the buckets. */
  peak: Float64Array;
}

/** The detector the per-country bands use: a preset and its parameters (plain data, so it crosses to a worker). */
export interface DetectorChoice {
  preset: PresetName;
  params: Partial<DetectorParams>;
}

/**
 * Runs `detector` over every country's counts. Buckets without traffic count 0 requests: a silence can be news.
 * A partial last bucket (the data ends inside it) is not scored, as for the total requests: fewer requests only
 * because the data stops would read as a drop. Its outputs are NaN (anomaly 0).
 */
export function countryAnomalies(
  agg: Pick<WeblogAggregate, 'times' | 'by'> & { partial?: boolean },
  detector: DetectorChoice
): CountryAnomalies {
  const countries: Breakdown[] = agg.by.country;
  const n = agg.times.length;
  const scored = agg.partial ? Math.max(0, n - 1) : n;
  const padded = (x: Float64Array) => {
    if (scored === n) {
      return x;
    }
    const out = new Float64Array(n).fill(NaN);
    out.set(x);
    return out;
  };
  const out: CountryAnomalies = {
    times: agg.times,
    keys: countries.map((c) => c.key),
    predicted: [],
    low: [],
    high: [],
    score: [],
    anomaly: [],
    peak: new Float64Array(countries.length),
  };
  countries.forEach((c, i) => {
    const r = createDetector(detector.preset, detector.params).run(
      agg.times.subarray(0, scored),
      c.counts.subarray(0, scored)
    );
    out.predicted.push(padded(r.predicted));
    out.low.push(padded(r.low));
    out.high.push(padded(r.high));
    out.score.push(padded(r.score));
    const anomaly = new Uint8Array(n);
    anomaly.set(r.anomaly);
    out.anomaly.push(anomaly);
    out.peak[i] = r.score.reduce((m, s) => (s > m ? s : m), 0);
  });
  return out;
}

export interface CountryScore {
  key: string;
  score: number;
  anomaly: boolean;
}

/** The `n` countries with the highest score at bucket `b`, highest first (ties: the bigger country first). */
export function topAnomalousAt(a: CountryAnomalies, b: number, n: number): CountryScore[] {
  const scored: CountryScore[] = [];
  a.keys.forEach((key, i) => {
    const score = a.score[i][b];
    if (score > 0) {
      scored.push({ key, score, anomaly: a.anomaly[i][b] === 1 });
    }
  });
  // stable sort: equal scores keep the aggregate's order, i.e. by descending traffic
  return scored.sort((x, y) => y.score - x.score).slice(0, n);
}
