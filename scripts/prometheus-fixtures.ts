// Writes tests/fixtures/prometheus/apache-requests-by-country.om.gz (OpenMetrics text, gzip): the Apache log sample (tests/fixtures/apache_logs)
// as the per-country counts a Loki recording rule writes to Prometheus when Grafana Alloy's geoip stage labelled
// the lines with MaxMind's English country name:
//   record: geoip_country_name:apache_requests:count1h
//   expr:   sum by (geoip_country_name) (count_over_time({job="apache"}[1h]))
// evaluated every hour on the hour. count_over_time's range is (t − 1h, t], so a line at time x counts in the
// sample at x rounded up to the hour. Lines whose address has no country carry no label (Alloy leaves it unset):
// one series without it. Zero counts write no sample, as the rule writes none.
// Run: npm run build:geo && npx tsx scripts/prometheus-fixtures.ts
import { writeFileSync } from 'fs';
import { gzipSync } from 'zlib';
import * as path from 'path';

import { parseLine } from '../src/weblog/parse';
import { readApacheLines, readFixture } from '../tests/fixture-data';
import { nodeGeoTable, ROOT } from './geo-node';

const METRIC = 'geoip_country_name:apache_requests:count1h';
const HOUR = 3_600_000;
const OUT = path.join(ROOT, 'tests', 'fixtures', 'prometheus', 'apache-requests-by-country.om.gz');

// MaxMind's English names by ISO code (tests/fixtures/geo/geolite2-country-names-en.tsv), not Bandscope's own table
const maxmindName = new Map(
  readFixture('geo/geolite2-country-names-en.tsv')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split('\t') as [string, string])
);

const geo = nodeGeoTable();
/** label value ('' = no label) → sample time → count */
const series = new Map<string, Map<number, number>>();
let skipped = 0;
for (const line of readApacheLines()) {
  const r = parseLine(line);
  if (typeof r === 'string') {
    skipped++;
    continue;
  }
  const code = geo.lookup(r.host);
  const name = code === '' ? '' : maxmindName.get(code);
  if (name === undefined) {
    throw new Error(`no MaxMind name for ${code}`);
  }
  const at = Math.ceil(r.time / HOUR) * HOUR;
  const counts = series.get(name) ?? new Map<number, number>();
  counts.set(at, (counts.get(at) ?? 0) + 1);
  series.set(name, counts);
}

const out = [`# TYPE ${METRIC} gauge`];
for (const [name, counts] of [...series].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const labels = name === '' ? '' : `{geoip_country_name=${JSON.stringify(name)}}`;
  for (const [t, n] of [...counts].sort(([a], [b]) => a - b)) {
    out.push(`${METRIC}${labels} ${n} ${t / 1000}`);
  }
}
out.push('# EOF', '');
writeFileSync(OUT, gzipSync(out.join('\n'), { level: 9 }));
console.log(`${OUT}: ${series.size} series, ${out.length - 3} samples (${skipped} unparsed lines left out)`);
