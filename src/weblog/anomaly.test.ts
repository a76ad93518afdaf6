// Country anomalies: each country's counts through the per-series detector, and the most anomalous countries of a
// bucket, on the Apache sample's requests per hour by country (tests/fixtures/population).
import { readFileSync } from 'fs';
import * as path from 'path';

import { createDetector } from '../detect';
import { Aggregator } from './aggregate';
import { countryAnomalies, topAnomalousAt } from './anomaly';

const FIXTURE = path.resolve(__dirname, '..', '..', 'tests', 'fixtures', 'population', 'apache-country-1h.csv');
const DETECTOR = { preset: 'ewma' as const, params: { alpha: 0.2, k: 3, warmup: 12 } };

/** The fixture as counts input (time, country, count): the aggregated input shape. */
function aggregate(boost?: { country: string; hour: number; extra: number }) {
  const [head, ...rows] = readFileSync(FIXTURE, 'utf8').trim().split('\n');
  const keys = head.split(',').slice(1);
  const time: number[] = [];
  const country: string[] = [];
  const count: number[] = [];
  rows.forEach((row, h) => {
    const cells = row.split(',');
    keys.forEach((key, i) => {
      const extra = boost && boost.country === key && boost.hour === h ? boost.extra : 0;
      time.push(Date.parse(cells[0]));
      country.push(key);
      count.push(Number(cells[i + 1]) + extra);
    });
  });
  const agg = new Aggregator({ bucket: '1h' });
  agg.addCounts({ time, country, count });
  return agg.result();
}

describe('country anomalies', () => {
  it('each country gets exactly the per-series detector on its own counts', () => {
    const agg = aggregate();
    const a = countryAnomalies(agg, DETECTOR);
    expect(a.keys).toEqual(agg.by.country.map((c) => c.key));
    agg.by.country.forEach((c, i) => {
      const r = createDetector(DETECTOR.preset, DETECTOR.params).run(agg.times, c.counts);
      expect(Array.from(a.score[i])).toEqual(Array.from(r.score));
      expect(Array.from(a.high[i])).toEqual(Array.from(r.high));
      expect(a.peak[i]).toBe(Math.max(...r.score));
    });
  });

  it('a burst from one country makes it the most anomalous country of that bucket', () => {
    const hour = 60;
    const plain = countryAnomalies(aggregate(), DETECTOR);
    const burst = countryAnomalies(aggregate({ country: 'SE', hour, extra: 300 }), DETECTOR);
    const top = topAnomalousAt(burst, hour, 5);
    expect(top[0]).toMatchObject({ key: 'SE', anomaly: true });
    expect(top.length).toBeLessThanOrEqual(5);
    top.slice(1).forEach((c, i) => expect(c.score).toBeLessThanOrEqual(top[i].score));
    // the same bucket without the burst does not put SE first
    expect(topAnomalousAt(plain, hour, 1)[0]?.key).not.toBe('SE');
  });
});
