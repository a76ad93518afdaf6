// Building the table from the operator's files (tests/fixtures/geo/, written for these tests): each format,
// lookups at range boundaries and for IPv6, malformed lines, overlaps, and the size budget.

import fc from 'fast-check';
import { zipSync } from 'fflate';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { GeoTable } from '../src/geo/table';
import { importRanges, type Imported, type InputFile, type IpRange, overlay, splitCsvLine } from './geo-import';
import { readInputFiles } from './geo-node';
import { packSegments, packWithinBudget, type Precision } from './geo-table';

const FIXTURES = path.resolve(__dirname, '../tests/fixtures/geo');
const MAXMIND_DIR = 'GeoLite2-Country-CSV_20260106';
const MAXMIND = ['Blocks-IPv4', 'Blocks-IPv6', 'Locations-en'].map((f) =>
  path.join(FIXTURES, MAXMIND_DIR, `GeoLite2-Country-${f}.csv`)
);
const fixture = (name: string) => path.join(FIXTURES, name);
const scratch = () => mkdtempSync(path.join(os.tmpdir(), 'bandscope-geo-import-'));

function build(files: InputFile[], precision?: Precision): { table: GeoTable; imported: Imported } {
  const imported = importRanges(files);
  return { table: new GeoTable(packSegments(imported.lists, imported, precision).segments), imported };
}

/** Each address with the country the fixture says it has, checked in one expectation. */
function expectLookups(table: GeoTable, want: Record<string, string>) {
  const got = Object.fromEntries(Object.keys(want).map((ip) => [ip, table.lookup(ip)]));
  expect(got).toEqual(want);
}

describe('MaxMind GeoLite2 Country CSV', () => {
  const want = {
    '192.0.1.255': '',
    '192.0.2.0': 'FR',
    '192.0.2.127': 'FR',
    '192.0.2.128': 'AU',
    '192.0.2.191': 'AU',
    '192.0.2.192': 'US',
    '192.0.2.193': 'BQ', // its Locations row quotes a name with commas
    '192.0.2.194': '',
    '198.51.100.1': '', // a network without a location (anonymous proxy)
    '203.0.113.1': '', // a location with a continent only
    '::ffff:192.0.2.130': 'AU',
    '2001:db7:ffff:ffff:ffff:ffff:ffff:ffff': '',
    '2001:db8::': 'JP',
    '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff': 'JP',
    '2001:db9::': '',
    '2001:db9:1::': 'FR',
    '2001:db9:1:ffff:ffff:ffff:ffff:ffff': 'FR',
    '2001:db9:2::': '',
    // One /64 holding a /120 (US) and a /80 (FR): the lookup keys /64s, and FR covers most of it.
    '2001:dba::5': 'FR',
    '2001:dba::1:0:0:5': 'FR',
    '2001:dbb::1': 'AU',
    '2001:dbb:0:1:ffff::': 'AU',
    '2001:dbb:0:2::': '',
  };

  it('joins the Blocks files with Locations-en, at range boundaries and for IPv6', () => {
    const { table, imported } = build(readInputFiles(MAXMIND));
    expectLookups(table, want);
    // The /120 is the one range no address of which answers its country.
    expect(packSegments(imported.lists, imported).left).toEqual({ v4: 0, v6: 1 });
    expect(table.source).toBe('GeoLite2 Country');
    expect(table.date).toBe('2026-01-06'); // from the folder MaxMind's zip unpacks to
    expect(table.attribution).toMatch(/^This product includes GeoLite2 data created by MaxMind/);
    expect(imported).toMatchObject({ ranges: 10, noCountry: 2, malformed: 3, undated: [], unlicensed: [] });
    expect(imported.problems.map((p) => [path.basename(p.file), p.line])).toEqual([
      ['GeoLite2-Country-Blocks-IPv4.csv', 8],
      ['GeoLite2-Country-Blocks-IPv4.csv', 9],
      ['GeoLite2-Country-Blocks-IPv4.csv', 10],
    ]);
    expect(imported.problems.map((p) => p.reason)).toEqual([
      'network "203.0.114.0/33" is not address/prefix',
      'network "203.0.115.7/24" has host bits set',
      'geoname_id 999999 is not in the Locations file',
    ]);
  });

  it('reads the same from the zip, ignoring the other languages and the licence text', () => {
    const files: Record<string, Uint8Array> = {};
    for (const f of MAXMIND) {
      files[`${MAXMIND_DIR}/${path.basename(f)}`] = readFileSync(f);
    }
    // Another language's Locations file: names differ, codes do not; a broken one must not be read at all.
    files[`${MAXMIND_DIR}/GeoLite2-Country-Locations-de.csv`] = new TextEncoder().encode('kaputt\n"');
    files[`${MAXMIND_DIR}/LICENSE.txt`] = new TextEncoder().encode('licence text');
    const zip = path.join(scratch(), `${MAXMIND_DIR}.zip`);
    writeFileSync(zip, zipSync(files));
    const fromZip = build(readInputFiles([zip]));
    expectLookups(fromZip.table, want);
    expect([fromZip.table.source, fromZip.table.date]).toEqual(['GeoLite2 Country', '2026-01-06']);
    expect(fromZip.imported.problems[0].file).toBe(
      `${MAXMIND_DIR}.zip:${MAXMIND_DIR}/GeoLite2-Country-Blocks-IPv4.csv`
    );
  });

  it('reads the same from the unpacked folder', () => {
    const { table, imported } = build(readInputFiles([path.join(FIXTURES, MAXMIND_DIR)]));
    expectLookups(table, want);
    expect([table.source, table.date, imported.ranges]).toEqual(['GeoLite2 Country', '2026-01-06', 10]);
  });

  it('takes the first non-blank line for the header', () => {
    const files = readInputFiles(MAXMIND).map((f) => ({ ...f, text: `\r\n${f.text}` }));
    const { table, imported } = build(files);
    expectLookups(table, want);
    expect(imported.problems.map((p) => p.line)).toEqual([9, 10, 11]);
  });

  it('asks for the Locations file when only Blocks are given', () => {
    expect(() => importRanges(readInputFiles(MAXMIND.slice(0, 2)))).toThrow(/give its Locations file too/);
  });
});

describe('DB-IP IP to Country Lite', () => {
  const want = {
    '0.1.2.3': '', // ZZ: unknown
    '1.0.0.0': 'AU',
    '1.0.0.255': 'AU',
    '1.0.1.0': 'CN',
    '1.0.3.255': 'CN',
    '1.0.4.0': '',
    '192.0.2.255': 'DE',
    '192.0.3.1': '',
    '2001:db8:abcd::1': 'NL',
    '2001:db9::1': 'SE', // a range inside one /64 answers for all of it
    '2001:db9:0:1::': '',
  };

  it('reads IPv4 and IPv6 from one file, with product and month from its name', () => {
    const { table, imported } = build(readInputFiles([fixture('dbip-country-lite-2026-01.csv')]));
    expectLookups(table, want);
    expect([table.source, table.date]).toEqual(['DB-IP IP to Country Lite', '2026-01']);
    expect(table.attribution).toContain('IP Geolocation by DB-IP (https://db-ip.com)');
    expect(table.attribution).toContain('CC BY 4.0');
    expect(imported).toMatchObject({ ranges: 5, noCountry: 2, malformed: 0 });
  });

  it('reads the gzipped file DB-IP publishes', () => {
    const gz = path.join(scratch(), 'dbip-country-lite-2026-01.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(fixture('dbip-country-lite-2026-01.csv'))));
    const { table } = build(readInputFiles([gz]));
    expectLookups(table, want);
    expect(table.date).toBe('2026-01');
  });
});

describe('start,end,country CSV', () => {
  it('reads addresses, integers, quotes and IPv4-mapped IPv6; counts malformed lines with their numbers', () => {
    const files = readInputFiles([fixture('ranges.csv')]).map((f) => ({ ...f, modified: '2026-02-03' }));
    const { table, imported } = build(files);
    expectLookups(table, {
      '198.51.100.0': 'FR',
      '198.51.100.127': 'FR',
      '198.51.100.128': 'NZ', // integers
      '198.51.100.255': 'NZ',
      '198.51.101.0': '',
      '203.0.113.0': 'JP', // given as ::ffff:203.0.113.0, which the lookup answers from IPv4
      '203.0.113.255': 'JP',
      '::ffff:203.0.113.7': 'JP',
      '2001:db8:2::': 'BR', // 128-bit integers
      '2001:db8:2:ffff:ffff:ffff:ffff:ffff': 'BR',
      '2001:db8:1::1': '', // '-'
      '2001:db8:3::1': 'MX',
      '192.0.2.0': 'US',
      '192.0.2.255': 'US',
      '10.1.2.3': 'CA', // the operator's own data may place private space
      '0.0.0.1': '',
    });
    expect(imported.problems.map((p) => p.line)).toEqual([8, 9, 10, 11, 12]);
    expect(imported.problems.map((p) => p.reason)).toEqual([
      'end is before start',
      'start "192.0.2.300" is not an IP address',
      'end "2001:db8::" is not an IPv4 address',
      'country "USA" is not a two-letter code',
      'expected start,end,country',
    ]);
    expect(imported).toMatchObject({ ranges: 7, noCountry: 2, malformed: 5, date: '2026-02-03' });
    expect([table.source, table.attribution, imported.unlicensed]).toEqual(['ranges.csv', '', ['geo/ranges.csv']]);
  });

  it('refuses overlaps with different countries in one file, naming the lines', () => {
    expect(() => importRanges(readInputFiles([fixture('overlap.csv')]))).toThrow(
      'geo/overlap.csv: 1 overlapping range(s) with different countries, e.g. line 2 (192.0.2.0–192.0.2.127 FR) ' +
        'and line 4 (192.0.2.64–192.0.2.255 AU).'
    );
  });

  it('lets a later file override an earlier one', () => {
    const files = readInputFiles([fixture('dbip-country-lite-2026-01.csv'), fixture('override.csv')]);
    const { table, imported } = build(files.map((f) => ({ ...f, modified: '2026-03-01' })));
    expectLookups(table, {
      '192.0.2.63': 'DE',
      '192.0.2.64': 'GB',
      '192.0.2.95': 'GB',
      '192.0.2.96': 'DE',
      '10.1.0.0': 'GB',
      '1.0.0.1': 'AU',
    });
    expect(imported.notes).toEqual(['geo/override.csv overrides 1 IPv4 range(s) of the files before it']);
    expect(table.source).toBe('DB-IP IP to Country Lite + override.csv');
    expect(table.date).toBe('2026-01'); // the oldest: the table is at least that old
    expect(table.attribution).toContain('DB-IP');
  });

  it('refuses files that are mostly not ranges, and files without any', () => {
    const text = (t: string): InputFile[] => [{ name: 'x.csv', text: t, modified: '2026-01-01' }];
    expect(() => importRanges(text('a,b,c\n1,2\n3,4\n5,6\n1.2.3.4,1.2.3.5,FR\n'))).toThrow(
      /3 of 4 rows are malformed \(first: x.csv line 2, expected start,end,country\)/
    );
    expect(() => importRanges(text('1.2.3.4,1.2.3.5,ZZ\n'))).toThrow(/no IP ranges with a country in x.csv/);
  });
});

describe('CSV lines', () => {
  it('splits RFC 4180 fields', () => {
    expect(splitCsvLine('a,"b, c","d ""e""",')).toEqual(['a', 'b, c', 'd "e"', '']);
    expect(splitCsvLine(' "x" , y ')).toEqual(['x', 'y']);
    expect(splitCsvLine('"open')).toBeNull();
    expect(splitCsvLine('"a"b')).toBeNull();
  });

  it('runs in linear time on hostile lines', () => {
    const t0 = performance.now();
    for (const line of ['"' + '""'.repeat(200_000), ','.repeat(400_000), '"a",'.repeat(100_000)]) {
      splitCsvLine(line);
    }
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

// ---- properties against a naive reference ----

const TWO64 = BigInt(1) << BigInt(64);
const COUNTRIES = ['AU', 'DE', 'FR', 'JP'];

/** Disjoint ranges with countries from cut points in [0, space), each piece kept or left as a gap. */
function disjointRanges(space: bigint, maxCuts: number) {
  return fc
    .tuple(
      fc.uniqueArray(fc.bigInt({ min: BigInt(1), max: space - BigInt(1) }), { maxLength: maxCuts }),
      fc.array(fc.integer({ min: -1, max: COUNTRIES.length - 1 }), { minLength: maxCuts + 1, maxLength: maxCuts + 1 })
    )
    .map(([cuts, picks]) => {
      const edges = [BigInt(0), ...cuts.sort((a, b) => (a < b ? -1 : 1)), space];
      const out: IpRange[] = [];
      for (let i = 0; i + 1 < edges.length; i++) {
        if (picks[i] >= 0) {
          out.push({ start: edges[i], end: edges[i + 1] - BigInt(1), country: COUNTRIES[picks[i]] });
        }
      }
      return out;
    })
    .filter((r) => r.length > 0);
}

const ntoa4 = (n: bigint) => [24, 16, 8, 0].map((s) => Number((n >> BigInt(s)) & BigInt(255))).join('.');
function ntoa6(n: bigint): string {
  const groups: string[] = [];
  for (let g = 7; g >= 0; g--) {
    groups.push(((n >> BigInt(16 * g)) & BigInt(0xffff)).toString(16));
  }
  return groups.join(':');
}

/** The country covering most of the block of 2^shift addresses holding `ip` (lowest start on a tie). */
function majority(ranges: IpRange[], ip: bigint, shift: number): string {
  const lo = (ip >> BigInt(shift)) << BigInt(shift);
  const hi = lo + (BigInt(1) << BigInt(shift)) - BigInt(1);
  const cover = new Map<string, bigint>();
  for (const r of ranges) {
    const a = r.start > lo ? r.start : lo;
    const b = r.end < hi ? r.end : hi;
    if (a <= b) {
      cover.set(r.country, (cover.get(r.country) ?? BigInt(0)) + b - a + BigInt(1));
    }
  }
  let best = '';
  let most = BigInt(0);
  for (const [c, n] of cover) {
    if (n > most) {
      [best, most] = [c, n];
    }
  }
  return best;
}

const boundaries = (ranges: IpRange[], space: bigint) =>
  ranges
    .flatMap((r) => [r.start - BigInt(1), r.start, r.end, r.end + BigInt(1)])
    .filter((x) => x >= BigInt(0) && x < space);

/** The ranges as a CSV in random row order, each address as dotted/colon text or as an integer. */
function asCsv(ranges: IpRange[], v6: boolean, seed: number): string {
  const rnd = (i: number) => Math.abs(Math.sin(seed * 9301 + i * 49297)) % 1;
  const rows = ranges.map((r, i) => {
    const text = (n: bigint) => (rnd(i) < 0.5 ? n.toString() : v6 ? ntoa6(n) : ntoa4(n));
    return `${text(r.start)},${text(r.end)},${r.country}`;
  });
  return rows.sort((a, b) => rnd(a.length + b.length) - 0.5).join('\n');
}

describe('properties', () => {
  it('IPv4: every range boundary answers as the ranges say, whatever the row order and spelling', () => {
    const space = BigInt(1) << BigInt(32);
    fc.assert(
      fc.property(disjointRanges(space, 40), fc.integer(), (ranges, seed) => {
        const { table } = build([{ name: 'r.csv', text: asCsv(ranges, false, seed), modified: '2026-01-01' }]);
        return boundaries(ranges, space).every((ip) => table.lookup(ntoa4(ip)) === majority(ranges, ip, 0));
      }),
      { numRuns: 200 }
    );
  });

  it('IPv6: each /64 answers with the country covering most of it', () => {
    // Cut points near a few /64s, so that ranges share them.
    const space = BigInt(1) << BigInt(128);
    const base = BigInt('0x20010db8') << BigInt(96);
    const local = fc.bigInt({ min: BigInt(1), max: BigInt(4) * TWO64 }).map((x) => base + x);
    const ranges6 = fc
      .uniqueArray(local, { maxLength: 12 })
      .chain((cuts) =>
        fc
          .array(fc.integer({ min: -1, max: 3 }), { minLength: cuts.length + 1, maxLength: cuts.length + 1 })
          .map((picks) => {
            const edges = [base, ...cuts.sort((a, b) => (a < b ? -1 : 1)), base + BigInt(5) * TWO64];
            return edges
              .slice(1)
              .flatMap((e, i) =>
                picks[i] >= 0 && edges[i] < e
                  ? [{ start: edges[i], end: e - BigInt(1), country: COUNTRIES[picks[i]] }]
                  : []
              );
          })
      )
      .filter((r) => r.length > 0);
    fc.assert(
      fc.property(ranges6, fc.integer(), (ranges, seed) => {
        const { table } = build([{ name: 'r.csv', text: asCsv(ranges, true, seed), modified: '2026-01-01' }]);
        return boundaries(ranges, space).every((ip) => table.lookup(ntoa6(ip)) === majority(ranges, ip, 64));
      }),
      { numRuns: 200 }
    );
  });

  it('coarser precision answers with the majority of each block, and loses nothing on aligned ranges', () => {
    const space = BigInt(1) << BigInt(32);
    fc.assert(
      fc.property(disjointRanges(space, 40), fc.integer({ min: 16, max: 31 }), (ranges, bits) => {
        const lists = { v4: ranges, v6: [] };
        const info = { date: 'd', source: 's', attribution: '' };
        const coarse = packSegments(lists, info, { v4: bits, v6: 64 });
        const table = new GeoTable(coarse.segments);
        const shift = 32 - bits;
        const ok = boundaries(ranges, space).every((ip) => table.lookup(ntoa4(ip)) === majority(ranges, ip, shift));
        // Left out: the ranges whose every block is won by another country (one spanning 3+ blocks owns some).
        const blocksOf = (r: IpRange) => [r.start >> BigInt(shift), r.end >> BigInt(shift)];
        const left = ranges.filter((r) => {
          const [a, b] = blocksOf(r);
          return b - a < BigInt(2) && [r.start, r.end].every((ip) => majority(ranges, ip, shift) !== r.country);
        }).length;
        const aligned = ranges.every(
          (r) =>
            r.start % (BigInt(1) << BigInt(shift)) === BigInt(0) &&
            (r.end + BigInt(1)) % (BigInt(1) << BigInt(shift)) === BigInt(0)
        );
        return ok && coarse.left.v4 === left && (!aligned || coarse.changed.v4 === 0);
      }),
      { numRuns: 200 }
    );
  });

  it('overlay: the top list wins where it covers, the base elsewhere', () => {
    const space = BigInt(1) << BigInt(16);
    fc.assert(
      fc.property(
        disjointRanges(space, 12),
        disjointRanges(space, 12),
        fc.bigInt({ min: BigInt(0), max: space - BigInt(1) }),
        (base, top, ip) => {
          const { ranges } = overlay(base, top);
          const at = (list: IpRange[]) => list.find((r) => r.start <= ip && ip <= r.end)?.country;
          const sorted = ranges.every((r, i) => r.start <= r.end && (i === 0 || ranges[i - 1].end < r.start));
          return sorted && at(ranges) === (at(top) ?? at(base));
        }
      )
    );
  });
});

describe('size budget', () => {
  // 20,000 single addresses at pseudo-random spacing and countries: hard to compress at full precision.
  let seed = 1;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  let at = 0;
  const v4: IpRange[] = Array.from({ length: 20_000 }, () => {
    at += 1 + (next() % 200_000);
    return { start: BigInt(at), end: BigInt(at), country: COUNTRIES[next() % COUNTRIES.length] };
  });
  const info = { date: '2026-01-01', source: 'test', attribution: '' };

  it('lowers precision until the gzipped table fits, and says what that changed', () => {
    const full = packWithinBudget({ v4, v6: [] }, info, 1 << 30);
    expect(full.precision).toEqual({ v4: 32, v6: 64 });
    const budget = Math.floor(full.gz.length / 2);
    const fit = packWithinBudget({ v4, v6: [] }, info, budget);
    expect(fit.gz.length).toBeLessThanOrEqual(budget);
    expect(fit.precision.v4).toBeLessThan(32);
    expect(fit.fullSize).toBe(full.gz.length);
    expect(fit.changed.v4).toBeGreaterThan(0);
  });

  it('refuses a budget nothing fits', () => {
    expect(() => packWithinBudget({ v4, v6: [] }, info, 10)).toThrow(
      /does not fit 0.0 KB gzipped even at IPv4 \/20 and IPv6 \/32 \(full precision: \d+\.\d KB\)/
    );
  });
});
