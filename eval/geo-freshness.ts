// `npm run eval:geo -- --reference DIR [--data DIR]`: how far the shipped IP table (GeoLite2 of 2019 via
// geoip-lite) is from fresher GeoLite2 data, and what a table rebuilt from that data within the size budget
// keeps of it. The yardstick is the reference package's own lookup.
//
// DIR is an installed `geoip-country` npm package (5.x: `data/geoip-country.dat` with 10-byte IPv4 records,
// `data/geoip-country6.dat` with 18-byte IPv6 records of top-64-bit start, end and country). Its data is
// GeoLite2 under MaxMind's EULA, which Bandscope cannot ship: install it outside the repository
// (`npm install --prefix /tmp/ref geoip-country`) and pass /tmp/ref/node_modules/geoip-country.
// Prints figures, then one JSON line (the last line).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { MissingDataError, readText, requireData, SHARED_DATA } from '../scripts/datasets';
import { buildTable, DEFAULT_MAX_KB } from '../scripts/geo-node';
import { ipv6Sample, randomIPv4 } from '../scripts/geo-reference';
import type { RangeLists } from '../scripts/geo-import';
import { packSegments, packWithinBudget, readCountryDat, widenTop64 } from '../scripts/geo-table';
import { GeoTable } from '../src/geo/table';

const USAGE = 'usage: npm run eval:geo -- --reference DIR [--data DIR] [--count N]';

interface Reference {
  lookup(ip: string): { country: string } | null;
}

/** The reference package's ranges (geoip-country's 18-byte IPv6 records), to rebuild our table from the same data. */
function referenceRanges(dir: string): RangeLists {
  const records = readCountryDat(path.join(dir, 'data'), { size: 18, end: 8, country: 16 });
  return { v4: records.v4, v6: widenTop64(records.v6) };
}

/** Among addresses the reference places in a country: how many a table places elsewhere or nowhere. */
function disagreement(ips: string[], reference: Reference, table: GeoTable) {
  let known = 0;
  let differ = 0;
  for (const ip of ips) {
    const want = reference.lookup(ip)?.country;
    if (want) {
      known++;
      if (table.lookup(ip) !== want) {
        differ++;
      }
    }
  }
  return { addresses: ips.length, known, differ, share: known > 0 ? differ / known : 0 };
}

function parseArgs(argv: string[]) {
  let reference: string | undefined;
  let data = SHARED_DATA;
  let count = 200_000;
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1];
    if (v === undefined || !['--reference', '--data', '--count'].includes(argv[i])) {
      throw new Error(USAGE);
    }
    if (argv[i] === '--reference') {
      reference = path.resolve(v);
    } else if (argv[i] === '--data') {
      data = path.resolve(v);
    } else {
      count = Number(v);
      if (!Number.isInteger(count) || count < 1) {
        throw new Error(`--count wants a positive integer\n${USAGE}`);
      }
    }
    i++;
  }
  if (!reference) {
    throw new Error(USAGE);
  }
  return { reference, data, count };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  requireData(
    opts.reference,
    ['package.json', 'data/geoip-country.dat', 'data/geoip-country6.dat'],
    'the geoip-country package',
    'npm install --prefix /tmp/ref geoip-country, then --reference /tmp/ref/node_modules/geoip-country'
  );
  requireData(opts.data, ['apache_logs/'], 'the Apache log sample', 'pass --data DIR holding apache_logs/apache_logs');
  const pkg = JSON.parse(readFileSync(path.join(opts.reference, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
  };
  const reference = createRequire(path.join(opts.reference, 'package.json'))(opts.reference) as Reference;
  const shipped = new GeoTable(buildTable().segments);
  const ranges = referenceRanges(opts.reference);
  const info = { date: pkg.version, source: `${pkg.name} ${pkg.version}`, attribution: '' };
  const rebuilt = packWithinBudget(ranges, info, DEFAULT_MAX_KB * 1024);
  const tables: Array<[string, GeoTable]> = [
    ['shipped', shipped],
    ['rebuilt', new GeoTable(rebuilt.segments)],
    ['rebuilt at full precision', new GeoTable(packSegments(ranges, info).segments)],
  ];

  const log = readText(path.join(opts.data, 'apache_logs', 'apache_logs'));
  const clients = [
    ...new Set(
      log
        .split('\n')
        .map((l) => l.slice(0, l.indexOf(' ')))
        .filter((ip) => ip !== '')
    ),
  ];
  const sets: Array<[string, string[]]> = [
    [`${opts.count.toLocaleString('en-US')} random IPv4`, randomIPv4(opts.count, 2026)],
    [`clients of apache_logs`, clients],
    ['IPv6 (boundaries of the 2019 records, random)', ipv6Sample(50_000, 2026)],
  ];

  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  const results: Record<string, unknown> = {};
  console.log(`reference: ${pkg.name} ${pkg.version}; shipped table: ${shipped.source}, ${shipped.date}`);
  console.log(
    `rebuilt from the reference's ranges within ${DEFAULT_MAX_KB} KB: IPv4 /${rebuilt.precision.v4}, ` +
      `IPv6 /${rebuilt.precision.v6}, ${(rebuilt.gz.length / 1024).toFixed(1)} KB gzipped ` +
      `(full precision ${(rebuilt.fullSize / 1024).toFixed(1)} KB)`
  );
  for (const [name, ips] of sets) {
    const rows = tables.map(([label, table]) => [label, disagreement(ips, reference, table)] as const);
    const known = rows[0][1].known.toLocaleString('en-US');
    const figures = rows.map(([label, d]) => `${label} ${d.differ.toLocaleString('en-US')} (${pct(d.share)})`);
    console.log(`${name}: the reference knows ${known}; differ: ${figures.join(', ')}`);
    results[name] = Object.fromEntries(rows);
  }
  console.log(JSON.stringify({ reference: `${pkg.name}@${pkg.version}`, precision: rebuilt.precision, ...results }));
}

try {
  main();
} catch (e) {
  console.error(`eval:geo: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = e instanceof MissingDataError ? 2 : 1;
}
