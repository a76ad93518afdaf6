// `npx tsx scripts/population-fixtures.ts`: writes the small fixtures of the population tests from the shared
// datasets (../shared/data), so the tests run in a clone with nothing beside it. Re-run to refresh them.
//   nab-art-daily.csv      NAB's artificial daily series (one time axis), 2014-04-10 to 2014-04-12: four of
//                          them depart from the common daily shape on 2014-04-11 (labelled windows in README)
//   apache-country-1h.csv  the Apache log sample's requests per hour by country (top 12 countries)
//   apache-browser-1h.csv  the same by browser family (top 8)
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';

import { Aggregator, type Breakdown } from '../src/weblog/aggregate';
import { readApacheLines } from '../tests/fixture-data';
import { SHARED_DATA } from './datasets';
import { nodeGeoTable } from './geo-node';

const OUT = path.resolve(__dirname, '..', 'tests', 'fixtures', 'population');
const ART = [
  'artificialNoAnomaly/art_daily_no_noise',
  'artificialNoAnomaly/art_daily_small_noise',
  'artificialNoAnomaly/art_daily_perfect_square_wave',
  'artificialWithAnomaly/art_daily_jumpsup',
  'artificialWithAnomaly/art_daily_jumpsdown',
  'artificialWithAnomaly/art_daily_nojump',
  'artificialWithAnomaly/art_daily_flatmiddle',
];
const FROM = '2014-04-10 00:00:00';
const TO = '2014-04-13 00:00:00';

function artDaily(): string {
  const columns = ART.map((f) =>
    readFileSync(path.join(SHARED_DATA, 'nab-visible', 'data', `${f}.csv`), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter(([t]) => t >= FROM && t < TO)
  );
  const rows = columns[0].map(([t], i) => [t, ...columns.map((c) => c[i][1])].join(','));
  return [['timestamp', ...ART.map((f) => path.basename(f))].join(','), ...rows].join('\n') + '\n';
}

function wide(times: Float64Array, series: Breakdown[]): string {
  const head = ['timestamp', ...series.map((s) => s.key || 'unknown')].join(',');
  const rows = Array.from(times, (t, i) => [new Date(t).toISOString(), ...series.map((s) => s.counts[i])].join(','));
  return [head, ...rows].join('\n') + '\n';
}

const agg = new Aggregator({ bucket: '1h', geo: nodeGeoTable() });
agg.add(readApacheLines(), 1);
const r = agg.result();
writeFileSync(path.join(OUT, 'nab-art-daily.csv'), artDaily());
writeFileSync(path.join(OUT, 'apache-country-1h.csv'), wide(r.times, r.by.country.slice(0, 12)));
writeFileSync(path.join(OUT, 'apache-browser-1h.csv'), wide(r.times, r.by.browser.slice(0, 8)));
