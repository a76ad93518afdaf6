// IP → country over the packed segment table: a /16 jump table narrows the binary search to the few
// segments that share the address's top 16 bits (≈3 on average for IPv4), which is what makes string
// lookups run at >10 M/s.

import { decodeGeoSegments, type GeoSegments } from './format';
import { type ParsedIPv6, parseIPv4, parseIPv6 } from './ip';

const JUMP_SIZE = 0x10000;

/**
 * For each 16-bit prefix p, the index of the last segment starting at or before p's first address,
 * i.e. the segment containing it; `atOrBefore(i, first)` compares segment i's start with that address.
 */
function jumpTable(count: number, atOrBefore: (i: number, first: number) => boolean): Uint32Array {
  const jump = new Uint32Array(JUMP_SIZE + 1);
  let i = 0;
  for (let p = 0; p < JUMP_SIZE; p++) {
    const first = p * 0x10000;
    while (i + 1 < count && atOrBefore(i + 1, first)) {
      i++;
    }
    jump[p] = i;
  }
  jump[JUMP_SIZE] = count - 1;
  return jump;
}

export class GeoTable {
  /** ISO alpha-2 codes by index; index 0 is '' (no country). */
  readonly countries: readonly string[];
  /** Date of the underlying data (YYYY-MM-DD, or YYYY-MM). */
  readonly date: string;
  /** What the table was built from. */
  readonly source: string;
  /** The attribution notice the data's licence asks for ('' when not known). */
  readonly attribution: string;
  private readonly v4Start: Uint32Array;
  private readonly v4Country: Uint8Array;
  private readonly v4Jump: Uint32Array;
  private readonly v6Hi: Uint32Array;
  private readonly v6Lo: Uint32Array;
  private readonly v6Country: Uint8Array;
  private readonly v6Jump: Uint32Array;
  private readonly v6: ParsedIPv6 = { hi: 0, lo: 0, v4: -1 };

  constructor(s: GeoSegments) {
    this.countries = s.countries;
    this.date = s.date;
    this.source = s.source;
    this.attribution = s.attribution;
    this.v4Start = s.v4Start;
    this.v4Country = s.v4Country;
    this.v6Hi = s.v6Hi;
    this.v6Lo = s.v6Lo;
    this.v6Country = s.v6Country;
    this.v4Jump = jumpTable(s.v4Start.length, (i, first) => s.v4Start[i] <= first);
    // For IPv6 the prefix is the top 16 bits of the high half, whose first address has low bits 0.
    this.v6Jump = jumpTable(s.v6Hi.length, (i, first) => s.v6Hi[i] < first || (s.v6Hi[i] === first && s.v6Lo[i] === 0));
  }

  /** Decodes the (already decompressed) asset bytes. */
  static decode(bytes: Uint8Array): GeoTable {
    return new GeoTable(decodeGeoSegments(bytes));
  }

  /** ISO alpha-2 country of an IPv4 or IPv6 address; '' for private, reserved, unknown or invalid input. */
  lookup(ip: string): string {
    return this.countries[this.lookupIndex(ip)];
  }

  /** Index into {@link countries} (0 = no country); the allocation-free form for hot loops. */
  lookupIndex(ip: string): number {
    const v4 = parseIPv4(ip);
    if (v4 >= 0) {
      return this.lookupV4(v4);
    }
    const v6 = this.v6;
    if (!parseIPv6(ip, v6)) {
      return 0;
    }
    return v6.v4 >= 0 ? this.lookupV4(v6.v4) : this.lookupV6(v6.hi, v6.lo);
  }

  /** Country index of an IPv4 address given as an unsigned 32-bit number. */
  private lookupV4(ip: number): number {
    const start = this.v4Start;
    const p = ip >>> 16;
    let lo = this.v4Jump[p];
    let hi = this.v4Jump[p + 1];
    // Invariant: start[lo] ≤ ip; the answer is the last such index in [lo, hi].
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (start[mid] <= ip) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return this.v4Country[lo];
  }

  /** Country index of an IPv6 address given by its top 64 bits (the rest never matters, as in geoip-lite). */
  private lookupV6(ipHi: number, ipLo: number): number {
    const sh = this.v6Hi;
    const sl = this.v6Lo;
    const p = ipHi >>> 16;
    let lo = this.v6Jump[p];
    let hi = this.v6Jump[p + 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const h = sh[mid];
      if (h < ipHi || (h === ipHi && sl[mid] <= ipLo)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return this.v6Country[lo];
  }
}
