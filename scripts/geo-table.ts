// Build-time: IP range lists (geoip-lite's country files or a user's CSV) → the segment table of
// src/geo/format.ts. Node only.
//
// Exactness: geoip-lite answers with a binary search over [start, end] records. For IPv6 it compares
// only the top 64 bits, and in that projection ~11,000 of its 95,027 records overlap, so its answer
// there depends on the search path, not just on the ranges. Instead of approximating, we run *its*
// search on every address where any comparison it makes can change outcome (each record's start and
// end+1, the private ranges' edges); between two such points its answer is constant. The result tiles
// the space and reproduces geoip-lite's answer for every address.

import { readFileSync } from 'node:fs';
import path from 'node:path';

import { GeoSegments } from '../src/geo/format';
import { parseIPv4, parseIPv6, ParsedIPv6 } from '../src/geo/ip';

/** One input record; IPv6 keys are the top 64 bits. */
export interface IpRange {
  start: bigint;
  end: bigint;
  country: string;
}

export interface RangeLists {
  v4: IpRange[];
  v6: IpRange[];
}

const ZERO = BigInt(0);
const ONE = BigInt(1);
/** Sizes of the key spaces: IPv4 addresses, and IPv6 top 64 bits. */
export const V4_SPACE = BigInt(2) ** BigInt(32);
export const V6_SPACE = BigInt(2) ** BigInt(64);

// geoip-lite's lookup4 returns nothing for these, whatever its table says.
const PRIVATE_V4: Array<[bigint, bigint]> = [
  ['10.0.0.0', '10.255.255.255'],
  ['172.16.0.0', '172.31.255.255'],
  ['192.168.0.0', '192.168.255.255'],
].map(([a, b]) => [BigInt(parseIPv4(a)), BigInt(parseIPv4(b))]);

/** Reads geoip-lite's `geoip-country.dat` (10-byte records) and `geoip-country6.dat` (34-byte records). */
export function readGeoipLiteCountry(dataDir: string): RangeLists {
  const b4 = readFileSync(path.join(dataDir, 'geoip-country.dat'));
  const b6 = readFileSync(path.join(dataDir, 'geoip-country6.dat'));
  const v4: IpRange[] = [];
  for (let o = 0; o + 10 <= b4.length; o += 10) {
    v4.push({
      start: BigInt(b4.readUInt32BE(o)),
      end: BigInt(b4.readUInt32BE(o + 4)),
      country: b4.toString('latin1', o + 8, o + 10),
    });
  }
  const v6: IpRange[] = [];
  for (let o = 0; o + 34 <= b6.length; o += 34) {
    // Bytes 8–15 and 24–31 (the low halves) are never read by geoip-lite.
    v6.push({
      start: b6.readBigUInt64BE(o),
      end: b6.readBigUInt64BE(o + 16),
      country: b6.toString('latin1', o + 32, o + 34).replace(/\0.*$/, ''),
    });
  }
  return { v4, v6 };
}

function top64(p: ParsedIPv6): bigint {
  return (BigInt(p.hi) << BigInt(32)) | BigInt(p.lo);
}

/**
 * Parses a `start,end,country` CSV (IPv4 or IPv6 addresses, optional header, optional double quotes,
 * '#' comments). Rows without a country are skipped. Throws with the line number on malformed rows.
 */
export function parseRangeCsv(text: string): RangeLists {
  const v4: IpRange[] = [];
  const v6: IpRange[] = [];
  const p: ParsedIPv6 = { hi: 0, lo: 0, v4: -1 };
  // Only the first row (after blank and comment lines) may be a header.
  let sawRow = false;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      return;
    }
    const firstRow = !sawRow;
    sawRow = true;
    const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    const bad = (why: string) => new Error(`CSV line ${i + 1}: ${why}: ${raw}`);
    if (cells.length < 3) {
      throw bad('expected start,end,country');
    }
    const [a, b] = cells;
    const country = cells[2].toUpperCase();
    const a4 = parseIPv4(a);
    const b4 = parseIPv4(b);
    let range: IpRange;
    let list: IpRange[];
    if (a4 >= 0 && b4 >= 0) {
      range = { start: BigInt(a4), end: BigInt(b4), country };
      list = v4;
    } else if (parseIPv6(a, p)) {
      const start = top64(p);
      if (!parseIPv6(b, p)) {
        throw bad('end is not an address of the same family as start');
      }
      range = { start, end: top64(p), country };
      list = v6;
    } else if (firstRow) {
      return; // header row
    } else {
      throw bad('start is not an IPv4 or IPv6 address');
    }
    if (range.end < range.start) {
      throw bad('end < start');
    }
    if (country === '' || country === '-') {
      return;
    }
    if (!/^[A-Z0-9]{2}$/.test(country)) {
      throw bad(`country "${cells[2]}" is not a two-letter code`);
    }
    list.push(range);
  });
  // Sorted as geoip-lite's own builder sorts; stable, so ties keep file order.
  const byStart = (x: IpRange, y: IpRange) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0);
  return { v4: v4.sort(byStart), v6: v6.sort(byStart) };
}

/** geoip-lite's lookup4 / lookup6 search, transcribed: the record index it answers with, or -1. */
function geoipLiteSearch(records: IpRange[], ip: bigint, privateRanges: Array<[bigint, bigint]>): number {
  const last = records.length - 1;
  if (last < 0 || ip > records[last].end || ip < records[0].start) {
    return -1;
  }
  for (const [a, b] of privateRanges) {
    if (ip >= a && ip <= b) {
      return -1;
    }
  }
  let fline = 0;
  let cline = last;
  for (;;) {
    const line = (fline + cline) >>> 1;
    const { start, end } = records[line];
    if (start <= ip && end >= ip) {
      return line;
    } else if (fline === cline) {
      return -1;
    } else if (fline === cline - 1) {
      if (line === fline) {
        fline = cline;
      } else {
        cline = fline;
      }
    } else if (start > ip) {
      cline = line;
    } else if (end < ip) {
      fline = line;
    }
  }
}

interface Tiling {
  starts: bigint[];
  countries: string[];
}

function tile(records: IpRange[], space: bigint, privateRanges: Array<[bigint, bigint]>): Tiling {
  const points = new Set<bigint>([ZERO]);
  const add = (x: bigint) => {
    if (x < space) {
      points.add(x);
    }
  };
  for (const r of records) {
    add(r.start);
    add(r.end + ONE);
  }
  for (const [a, b] of privateRanges) {
    add(a);
    add(b + ONE);
  }
  const sorted = [...points].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const starts: bigint[] = [];
  const countries: string[] = [];
  for (const p of sorted) {
    const hit = geoipLiteSearch(records, p, privateRanges);
    const country = hit < 0 ? '' : records[hit].country;
    if (countries.length === 0 || countries[countries.length - 1] !== country) {
      starts.push(p);
      countries.push(country);
    }
  }
  return { starts, countries };
}

/** Builds the tiled segment table that answers exactly as geoip-lite would over these records. */
export function buildSegments(lists: RangeLists, date: string, source: string): GeoSegments {
  const t4 = tile(lists.v4, V4_SPACE, PRIVATE_V4);
  const t6 = tile(lists.v6, V6_SPACE, []);
  const countries = ['', ...new Set([...t4.countries, ...t6.countries].filter((c) => c !== ''))].sort();
  if (countries.length > 256) {
    throw new Error(`${countries.length - 1} distinct countries; the format holds at most 255`);
  }
  const index = new Map(countries.map((c, i) => [c, i]));
  const mask32 = BigInt(0xffffffff);
  return {
    date,
    source,
    countries,
    v4Start: Uint32Array.from(t4.starts, Number),
    v4Country: Uint8Array.from(t4.countries, (c) => index.get(c)!),
    v6Hi: Uint32Array.from(t6.starts, (s) => Number(s >> BigInt(32))),
    v6Lo: Uint32Array.from(t6.starts, (s) => Number(s & mask32)),
    v6Country: Uint8Array.from(t6.countries, (c) => index.get(c)!),
  };
}
