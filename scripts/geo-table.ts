// Build-time: IP ranges (geoip-lite's country files, or what geo-import.ts read) → the segment table of
// src/geo/format.ts, within the size budget. Node only.
//
// The lookup keys IPv4 by the address and IPv6 by its top 64 bits. A key block holding ranges of several
// countries (an IPv6 /64 split below /64; any block when precision is lowered to fit the budget) answers
// with the country covering most of it; countries win over "none" so small networks are not lost.
//
// Exactness for the default build: geoip-lite answers with a binary search over [start, end] records. For
// IPv6 it compares only the top 64 bits, and in that projection ~11,000 of its 95,027 records overlap, so
// its answer there depends on the search path, not just on the ranges. Instead of approximating, we run
// *its* search on every address where any comparison it makes can change outcome (each record's start
// and end+1, the private ranges' edges); between two such points its answer is constant. The result tiles
// the space and reproduces geoip-lite's answer for every address.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { encodeGeoSegments, type GeoSegments, type GeoTableInfo } from '../src/geo/format';
import { parseIPv4 } from '../src/geo/ip';
import type { IpRange, RangeLists } from './geo-import';

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

/** geoip-lite's records as it stores them: IPv4 addresses, and IPv6 top 64 bits. */
export interface GeoipLiteRecords {
  v4: IpRange[];
  v6: IpRange[];
}

/** Where a `geoip-country6.dat` record keeps its fields (its start, the top 64 bits, is at 0). */
export interface V6RecordLayout {
  size: number;
  end: number;
  country: number;
}

/** geoip-lite's 34-byte IPv6 records; bytes 8–15 and 24–31 (the low halves) are never read by geoip-lite. */
const GEOIP_LITE_V6: V6RecordLayout = { size: 34, end: 16, country: 32 };

/**
 * Reads `geoip-country.dat` (10-byte IPv4 records: start, end, country) and `geoip-country6.dat` as geoip-lite
 * writes them, or with another IPv6 record layout (its fork geoip-country writes 18-byte records).
 */
export function readCountryDat(dataDir: string, layout: V6RecordLayout = GEOIP_LITE_V6): GeoipLiteRecords {
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
  for (let o = 0; o + layout.size <= b6.length; o += layout.size) {
    v6.push({
      start: b6.readBigUInt64BE(o),
      end: b6.readBigUInt64BE(o + layout.end),
      country: b6.toString('latin1', o + layout.country, o + layout.country + 2).replace(/\0.*$/, ''),
    });
  }
  return { v4, v6 };
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

/** geoip-lite's answers as non-overlapping ranges with a country, over `space` keys. */
function replay(records: IpRange[], space: bigint, privateRanges: Array<[bigint, bigint]>): IpRange[] {
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
  const out: IpRange[] = [];
  sorted.forEach((p, i) => {
    const hit = geoipLiteSearch(records, p, privateRanges);
    if (hit >= 0) {
      out.push({ start: p, end: (i + 1 < sorted.length ? sorted[i + 1] : space) - ONE, country: records[hit].country });
    }
  });
  return out;
}

/** IPv6 ranges over top-64-bit keys as full 128-bit ranges: each key stands for its whole /64. */
export function widenTop64(ranges: IpRange[]): IpRange[] {
  const low = (ONE << BigInt(64)) - ONE;
  return ranges.map((r) => ({ start: r.start << BigInt(64), end: (r.end << BigInt(64)) | low, country: r.country }));
}

/** The ranges that answer, for every address, exactly as geoip-lite does from these records. */
export function geoipLiteRanges(records: GeoipLiteRecords): RangeLists {
  return { v4: replay(records.v4, V4_SPACE, PRIVATE_V4), v6: widenTop64(replay(records.v6, V6_SPACE, [])) };
}

/** A tiling of key space from key 0: `starts[i]` begins a run answering `countries[i]` ('' = none). */
interface Tiling {
  starts: bigint[];
  countries: string[];
  /** Addresses with a country that answer another one at this key size. */
  changed: bigint;
  /** Addresses with a country. */
  known: bigint;
  /** Ranges none of whose addresses answers their country (small ones outvoted in their key block). */
  left: number;
}

/**
 * Keys the ranges (sorted, non-overlapping, in a space of `bits`-bit addresses) by `address >> shift`. A key
 * shared by ranges of several countries answers with the one covering most of it (the lowest on a tie).
 */
export function tileRanges(ranges: IpRange[], bits: number, shift: number): Tiling {
  const sh = BigInt(shift);
  const block = ONE << sh;
  const starts: bigint[] = [ZERO];
  const countries: string[] = [''];
  let next = ZERO; // first key not yet tiled
  let changed = ZERO;
  let known = ZERO;
  const run = (first: bigint, last: bigint, country: string) => {
    if (first > next && countries[countries.length - 1] !== '') {
      starts.push(next);
      countries.push('');
    }
    // Equal to the last run's country means contiguous with it (a gap was just closed with ''): extend it.
    if (countries[countries.length - 1] !== country) {
      if (starts[starts.length - 1] === first) {
        countries[countries.length - 1] = country; // only the initial '' run at key 0
      } else {
        starts.push(first);
        countries.push(country);
      }
    }
    next = last + ONE;
  };
  // Ranges with at least one key answering their country; the others are left out of the table entirely.
  const kept = new Uint8Array(ranges.length);
  // The key block being shared, how much of it each country covers (insertion order = address order), and
  // which ranges each country's share comes from.
  let shared: bigint | undefined;
  const cover = new Map<string, { n: bigint; ids: number[] }>();
  const settle = () => {
    if (shared === undefined) {
      return;
    }
    let best: [string, { n: bigint; ids: number[] }] | undefined;
    let total = ZERO;
    for (const entry of cover) {
      total += entry[1].n;
      if (!best || entry[1].n > best[1].n) {
        best = entry;
      }
    }
    changed += total - best![1].n;
    best![1].ids.forEach((id) => (kept[id] = 1));
    run(shared, shared, best![0]);
    shared = undefined;
    cover.clear();
  };
  const part = (id: number, key: bigint, n: bigint) => {
    const country = ranges[id].country;
    if (shared !== undefined && shared !== key) {
      settle();
    }
    if (shared === undefined && n === block) {
      kept[id] = 1;
      run(key, key, country);
      return;
    }
    shared = key;
    const c = cover.get(country);
    if (c) {
      c.n += n;
      c.ids.push(id);
    } else {
      cover.set(country, { n, ids: [id] });
    }
  };
  ranges.forEach((r, id) => {
    known += r.end - r.start + ONE;
    const first = r.start >> sh;
    const last = r.end >> sh;
    if (first === last) {
      part(id, first, r.end - r.start + ONE);
      return;
    }
    part(id, first, ((first + ONE) << sh) - r.start);
    if (last > first + ONE) {
      settle();
      kept[id] = 1;
      run(first + ONE, last - ONE, r.country);
    }
    part(id, last, r.end - (last << sh) + ONE);
  });
  settle();
  if (next < ONE << BigInt(bits - shift)) {
    run(next, next, ''); // what follows the last range has no country
  }
  return { starts, countries, changed, known, left: kept.length - kept.reduce((a, b) => a + b, 0) };
}

/** Bits of address kept per family: the lookup's full precision is IPv4 /32 and IPv6 /64. */
export interface Precision {
  v4: number;
  v6: number;
}

export const FULL_PRECISION: Precision = { v4: 32, v6: 64 };

/**
 * Coarser and coarser tables, tried in turn until one fits the budget: IPv6 first, whose networks are large
 * (GeoLite2 2026 at /40 changes no measurable share of addresses), then IPv4 two bits at a time.
 */
export const PRECISION_LADDER: readonly Precision[] = [
  FULL_PRECISION,
  { v4: 32, v6: 48 },
  { v4: 32, v6: 40 },
  { v4: 30, v6: 40 },
  { v4: 28, v6: 40 },
  { v4: 26, v6: 40 },
  { v4: 24, v6: 40 },
  { v4: 24, v6: 32 },
  { v4: 22, v6: 32 },
  { v4: 20, v6: 32 },
];

export interface Packed {
  segments: GeoSegments;
  precision: Precision;
  /** Share of addresses with a country that answer another one than at full precision, per family. */
  changed: { v4: number; v6: number };
  /** Ranges left out entirely, per family: none of their addresses answers their country. */
  left: { v4: number; v6: number };
  /** Ranges packed, per family. */
  ranges: { v4: number; v6: number };
}

const share = (t: Tiling) => (t.known === ZERO ? 0 : Number((t.changed * BigInt(1e9)) / t.known) / 1e9);

/** Packs the ranges at the given precision into the table format's segments. */
export function packSegments(lists: RangeLists, info: GeoTableInfo, precision: Precision = FULL_PRECISION): Packed {
  const t4 = tileRanges(lists.v4, 32, 32 - precision.v4);
  const t6 = tileRanges(lists.v6, 128, 128 - precision.v6);
  const countries = ['', ...new Set([...t4.countries, ...t6.countries].filter((c) => c !== ''))].sort();
  if (countries.length > 256) {
    throw new Error(`${countries.length - 1} distinct countries; the format holds at most 255`);
  }
  const index = new Map(countries.map((c, i) => [c, i]));
  const up4 = BigInt(32 - precision.v4);
  const up6 = BigInt(64 - precision.v6);
  const top64 = t6.starts.map((k) => k << up6);
  const mask32 = BigInt(0xffffffff);
  return {
    segments: {
      date: info.date,
      source: info.source,
      attribution: info.attribution,
      countries,
      v4Start: Uint32Array.from(t4.starts, (k) => Number(k << up4)),
      v4Country: Uint8Array.from(t4.countries, (c) => index.get(c)!),
      v6Hi: Uint32Array.from(top64, (s) => Number(s >> BigInt(32))),
      v6Lo: Uint32Array.from(top64, (s) => Number(s & mask32)),
      v6Country: Uint8Array.from(t6.countries, (c) => index.get(c)!),
    },
    precision,
    changed: { v4: share(t4), v6: share(t6) },
    left: { v4: t4.left, v6: t6.left },
    ranges: { v4: lists.v4.length, v6: lists.v6.length },
  };
}

/** The shipped asset's bytes: deterministic, as Node's gzip header carries a zero mtime. */
export function gzipTable(segments: GeoSegments): Buffer {
  return gzipSync(encodeGeoSegments(segments), { level: 9 });
}

/**
 * The finest table of {@link PRECISION_LADDER} whose gzipped asset fits `maxBytes`, with those bytes.
 * Throws when even the coarsest does not fit.
 */
export function packWithinBudget(
  lists: RangeLists,
  info: GeoTableInfo,
  maxBytes: number
): Packed & { gz: Buffer; fullSize: number } {
  let fullSize = 0;
  for (const precision of PRECISION_LADDER) {
    const packed = packSegments(lists, info, precision);
    const gz = gzipTable(packed.segments);
    fullSize ||= gz.length;
    if (gz.length <= maxBytes) {
      return { ...packed, gz, fullSize };
    }
  }
  const last = PRECISION_LADDER[PRECISION_LADDER.length - 1];
  throw new Error(
    `the table does not fit ${(maxBytes / 1024).toFixed(1)} KB gzipped even at IPv4 /${last.v4} and IPv6 /${last.v6} ` +
      `(full precision: ${(fullSize / 1024).toFixed(1)} KB); raise --max-size`
  );
}
