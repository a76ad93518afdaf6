// Test and bench helper: geoip-lite answering from its *country* files — the reference the packed table
// must match — and the address sets the agreement is checked on.

import { mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { GEOIP_LITE_DATA } from './geo-node';
import { readCountryDat, V4_SPACE, V6_SPACE } from './geo-table';

export interface GeoipLite {
  lookup(ip: string): { country: string } | null;
}

/**
 * geoip-lite prefers its city files and falls back to the country files only when the city files are
 * missing, so point it (via its `global.geodatadir` setting, read when the module loads) at a directory
 * holding just the latter. Load it nowhere else in the same module registry first.
 */
export function geoipLiteCountryOnly(): GeoipLite {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'geoip-country-'));
  for (const f of ['geoip-country.dat', 'geoip-country6.dat']) {
    symlinkSync(path.join(GEOIP_LITE_DATA, f), path.join(dir, f));
  }
  const g = global as { geodatadir?: string };
  const previous = g.geodatadir;
  g.geodatadir = dir;
  try {
    return require('geoip-lite');
  } finally {
    g.geodatadir = previous;
  }
}

/** Deterministic uniform [0, 1). */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ntoa4 = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** Formats top 64 bits + low 64 bits, in full or with the first zero run `::`-compressed. */
function ntoa6(top: bigint, low: bigint, compress: boolean): string {
  const v = (top << BigInt(64)) | low;
  const groups: string[] = [];
  for (let g = 7; g >= 0; g--) {
    groups.push(((v >> BigInt(16 * g)) & BigInt(0xffff)).toString(16));
  }
  const s = groups.join(':');
  return compress ? s.replace(/(^|:)0(:0)+(:|$)/, '::') : s;
}

export function randomIPv4(count: number, seed = 42): string[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: count }, () => ntoa4(Math.floor(rnd() * 4294967296)));
}

/** start−1, start, end and end+1 of every record of geoip-lite's IPv4 or IPv6 country file, those in range. */
function recordBoundaries(family: 'v4' | 'v6'): bigint[] {
  const space = family === 'v4' ? V4_SPACE : V6_SPACE;
  const out: bigint[] = [];
  for (const r of readCountryDat(GEOIP_LITE_DATA)[family]) {
    for (const n of [r.start - BigInt(1), r.start, r.end, r.end + BigInt(1)]) {
      if (n >= BigInt(0) && n < space) {
        out.push(n);
      }
    }
  }
  return out;
}

/** start−1, start, end and end+1 of every record of geoip-country.dat (324,766 records). */
export function ipv4Boundaries(): string[] {
  return recordBoundaries('v4').map((n) => ntoa4(Number(n)));
}

/**
 * start−1, start, end and end+1 (top 64 bits, random low bits) of every record of geoip-country6.dat,
 * where the overlaps geoip-lite's 64-bit comparison creates live, plus `random` addresses, mostly in 2000::/3.
 */
export function ipv6Sample(random = 100_000, seed = 7): string[] {
  const rnd = mulberry32(seed);
  const r32 = () => BigInt(Math.floor(rnd() * 4294967296));
  const r64 = () => (r32() << BigInt(32)) | r32();
  const out = recordBoundaries('v6').map((top, i) => ntoa6(top, r64(), i % 2 === 0));
  for (let i = 0; i < random; i++) {
    const top =
      i % 4 === 0 ? r64() : (BigInt(0x2000 + Math.floor(rnd() * 0x2000)) << BigInt(48)) | (r64() >> BigInt(16));
    out.push(ntoa6(top, r64(), i % 2 === 0));
  }
  return out;
}

/** IPv4-mapped IPv6, private, reserved and invalid input. */
export const EDGE_CASES = [
  '::ffff:8.8.8.8',
  '::FFFF:1.0.0.0',
  '0:0:0:0:0:ffff:81.2.69.160',
  '10.1.2.3',
  '172.16.0.1',
  '172.31.255.255',
  '192.168.1.1',
  '127.0.0.1',
  '0.0.0.0',
  '224.0.0.1',
  '255.255.255.255',
  '::1',
  '::',
  'fe80::1%eth0',
  'localhost',
  '1.2.3',
  '1.2.3.4.5',
  '01.2.3.4',
  '256.1.1.1',
  '2001:db8::1',
  '1:2:3:4:5:6:7:8:9',
];
