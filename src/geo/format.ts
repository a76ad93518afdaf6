// The packed IP→country table (`assets/geo-country.bin`, shipped gzipped).
//
// Layout (all integers are unsigned LEB128 varints unless noted):
//   "BSGC" magic, u8 format version (2)
//   date: varint length + UTF-8        (the data's date, e.g. "2019-08-28")
//   source: varint length + UTF-8      (what it was built from, e.g. "GeoLite2 via geoip-lite 2.0.3")
//   attribution: varint length + UTF-8 (the notice the data's licence asks for; '' when not known)
//   C, then C country codes as 2 ASCII bytes each (index 0 is implicit: "no country")
//   n4, then n4 deltas between consecutive IPv4 segment starts, then n4 country bytes
//   n6, then n6 deltas between consecutive IPv6 segment starts (top 64 bits), then n6 country bytes
//
// Segments tile the whole address space: segment i covers [start[i], start[i+1]) and the first one
// starts at 0, so a lookup is "last start ≤ address" with no end comparison. Deltas compress far better
// than absolute starts, and keeping the country bytes apart from the deltas lets gzip find their runs.

const GEO_FORMAT_MAGIC = 'BSGC';
// Version 2 added the attribution: the table says whose data it is, wherever it was built.
const GEO_FORMAT_VERSION = 2;

/** What the data is: shown by the map, the app's configuration page and `bandscope geo --help`. */
export interface GeoTableInfo {
  /** Date of the data: YYYY-MM-DD, or YYYY-MM for monthly releases. */
  date: string;
  /** Human-readable origin, e.g. "GeoLite2 via geoip-lite 2.0.3". */
  source: string;
  /** The attribution (and licence) notice the data's licence asks for; '' when the builder did not know it. */
  attribution: string;
}

/** The decoded table: typed arrays, ready for binary search. */
export interface GeoSegments extends GeoTableInfo {
  /** ISO alpha-2 codes; index 0 is '' (no country). */
  countries: string[];
  /** IPv4 segment starts, ascending, first is 0. */
  v4Start: Uint32Array;
  v4Country: Uint8Array;
  /** IPv6 segment starts as the top 64 bits, split into high and low 32-bit halves, ascending, first is 0. */
  v6Hi: Uint32Array;
  v6Lo: Uint32Array;
  v6Country: Uint8Array;
}

const TWO32 = 0x100000000;

class Writer {
  private buf = new Uint8Array(1 << 16);
  length = 0;

  byte(b: number): void {
    if (this.length === this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.length++] = b;
  }

  bytes(b: ArrayLike<number>): void {
    for (let i = 0; i < b.length; i++) {
      this.byte(b[i]);
    }
  }

  /** Varint of the 64-bit value hi·2³² + lo. */
  varint64(hi: number, lo: number): void {
    while (hi > 0 || lo >= 0x80) {
      this.byte((lo & 0x7f) | 0x80);
      lo = ((lo >>> 7) | ((hi & 0x7f) << 25)) >>> 0;
      hi >>>= 7;
    }
    this.byte(lo);
  }

  varint(n: number): void {
    this.varint64(Math.floor(n / TWO32), n >>> 0);
  }

  text(s: string): void {
    const b = new TextEncoder().encode(s);
    this.varint(b.length);
    this.bytes(b);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** Serialises a table (build step). Throws if the segments do not tile the space from 0 in ascending order. */
export function encodeGeoSegments(t: GeoSegments): Uint8Array {
  if (t.countries.length > 256 || t.countries[0] !== '') {
    throw new Error('countries must start with "" and hold at most 255 codes');
  }
  const w = new Writer();
  w.bytes(new TextEncoder().encode(GEO_FORMAT_MAGIC));
  w.byte(GEO_FORMAT_VERSION);
  w.text(t.date);
  w.text(t.source);
  w.text(t.attribution);
  w.varint(t.countries.length - 1);
  for (let i = 1; i < t.countries.length; i++) {
    const c = t.countries[i];
    if (!/^[A-Z0-9]{2}$/.test(c)) {
      throw new Error(`country code "${c}" is not two upper-case ASCII characters`);
    }
    w.byte(c.charCodeAt(0));
    w.byte(c.charCodeAt(1));
  }
  w.varint(t.v4Start.length);
  let prev = 0;
  for (let i = 0; i < t.v4Start.length; i++) {
    const s = t.v4Start[i];
    if (i === 0 ? s !== 0 : s <= prev) {
      throw new Error(`IPv4 segment ${i} does not follow its predecessor`);
    }
    w.varint(s - prev);
    prev = s;
  }
  w.bytes(t.v4Country);
  w.varint(t.v6Hi.length);
  let ph = 0;
  let pl = 0;
  for (let i = 0; i < t.v6Hi.length; i++) {
    const h = t.v6Hi[i];
    const l = t.v6Lo[i];
    if (i === 0 ? h !== 0 || l !== 0 : h < ph || (h === ph && l <= pl)) {
      throw new Error(`IPv6 segment ${i} does not follow its predecessor`);
    }
    const borrow = l < pl ? 1 : 0;
    w.varint64(h - ph - borrow, (l - pl + borrow * TWO32) >>> 0);
    ph = h;
    pl = l;
  }
  w.bytes(t.v6Country);
  return w.result();
}

/** Sequential reader; plain fields rather than closures keep decoding in V8's fast paths (~3 ms/MB). */
class Reader {
  pos = 0;
  /** Low and high 32 bits of the last {@link varint64}. */
  lo = 0;
  hi = 0;

  constructor(private readonly b: Uint8Array) {}

  need(n: number): void {
    if (this.pos + n > this.b.length) {
      throw new Error('geo table: truncated file');
    }
  }

  varint64(): void {
    const b = this.b;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    let byte = 0x80;
    for (let shift = 0; byte & 0x80; shift += 7) {
      if (pos >= b.length || shift > 63) {
        throw new Error(pos >= b.length ? 'geo table: truncated file' : 'geo table: bad varint');
      }
      byte = b[pos++];
      const x = byte & 0x7f;
      if (shift < 28) {
        lo |= x << shift;
      } else if (shift === 28) {
        lo |= x << 28; // int32 shift keeps x's low 4 bits as bits 28–31 …
        hi = x >>> 4; // … and its high 3 bits start the high half
      } else {
        hi |= x << (shift - 32);
      }
    }
    this.pos = pos;
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
  }

  varint(): number {
    this.varint64();
    return this.hi * TWO32 + this.lo;
  }

  bytes(n: number): Uint8Array {
    this.need(n);
    return this.b.slice(this.pos, (this.pos += n));
  }

  text(): string {
    return new TextDecoder().decode(this.bytes(this.varint()));
  }
}

function countryBytes(r: Reader, n: number, max: number): Uint8Array {
  const c = r.bytes(n);
  for (let i = 0; i < n; i++) {
    if (c[i] > max) {
      throw new Error('geo table: country index out of range');
    }
  }
  return c;
}

function readInfo(r: Reader): GeoTableInfo {
  const head = r.bytes(5);
  if (String.fromCharCode(head[0], head[1], head[2], head[3]) !== GEO_FORMAT_MAGIC || head[4] !== GEO_FORMAT_VERSION) {
    throw new Error(`geo table: not a ${GEO_FORMAT_MAGIC} v${GEO_FORMAT_VERSION} file`);
  }
  return { date: r.text(), source: r.text(), attribution: r.text() };
}

/** Reads only the header of a decompressed table: what the data is, without decoding the segments. */
export function decodeGeoTableInfo(bytes: Uint8Array): GeoTableInfo {
  return readInfo(new Reader(bytes));
}

/** Parses a decompressed table. Throws on a foreign or truncated file. */
export function decodeGeoSegments(bytes: Uint8Array): GeoSegments {
  const r = new Reader(bytes);
  const { date, source, attribution } = readInfo(r);
  const nc = r.varint();
  const codes = r.bytes(2 * nc);
  const countries = [''];
  for (let i = 0; i < nc; i++) {
    countries.push(String.fromCharCode(codes[2 * i], codes[2 * i + 1]));
  }

  const n4 = r.varint();
  const v4Start = new Uint32Array(n4);
  let acc = 0;
  for (let i = 0; i < n4; i++) {
    r.varint64();
    acc += r.lo; // IPv4 deltas fit 32 bits
    v4Start[i] = acc;
  }
  const v4Country = countryBytes(r, n4, nc);

  const n6 = r.varint();
  const v6Hi = new Uint32Array(n6);
  const v6Lo = new Uint32Array(n6);
  let h = 0;
  let l = 0;
  for (let i = 0; i < n6; i++) {
    r.varint64();
    l += r.lo;
    h += r.hi;
    if (l >= TWO32) {
      l -= TWO32;
      h++;
    }
    v6Hi[i] = h;
    v6Lo[i] = l;
  }
  const v6Country = countryBytes(r, n6, nc);
  return { date, source, attribution, countries, v4Start, v4Country, v6Hi, v6Lo, v6Country };
}
