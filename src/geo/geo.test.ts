import fc from 'fast-check';
import { isIP } from 'node:net';
import { DecompressionStream as NodeDecompressionStream } from 'node:stream/web';
import { gzipSync } from 'node:zlib';

import { gunzipIfNeeded } from './assets';
import { COUNTRY_NAMES, countryName, NUMERIC_TO_ALPHA2 } from './countries';
import { decodeGeoSegments, decodeGeoTableInfo, encodeGeoSegments, GeoSegments } from './format';
import { isIPAddress, ParsedIPv6, parseIPv4, parseIPv6, parseIPv6Groups } from './ip';
import { loadGeoTable, loadGeoTableInfo } from './load';
import { GeoTable } from './table';

const parts = (): ParsedIPv6 => ({ hi: 0, lo: 0, v4: -1 });
const valid = (s: string) => parseIPv4(s) >= 0 || parseIPv6(s, parts());

// A tiny table: 1.0.0.0/8 → AU, 2.0.0.0–2.0.0.9 → FR, 2001:db8::/32 → DE, 2a00:: onwards → FR.
const tiny: GeoSegments = {
  date: '2020-01-02',
  source: 'test',
  attribution: 'Test data, ünïcode, CC0',
  countries: ['', 'AU', 'DE', 'FR'],
  v4Start: Uint32Array.from([0, 0x01000000, 0x02000000, 0x0200000a]),
  v4Country: Uint8Array.from([0, 1, 3, 0]),
  v6Hi: Uint32Array.from([0, 0x20010db8, 0x20010db9, 0x2a000000]),
  v6Lo: Uint32Array.from([0, 0, 0, 0]),
  v6Country: Uint8Array.from([0, 2, 0, 3]),
};

describe('IP parsing', () => {
  it('accepts exactly what net.isIP accepts', () => {
    const ipish = fc.oneof(
      fc.string(),
      fc.stringMatching(/^[0-9.]{1,20}$/),
      fc.stringMatching(/^[0-9a-fA-F:.%]{1,45}$/),
      fc.ipV4(),
      fc.ipV4Extended(),
      fc.ipV6(),
      fc.ipV6().map((s) => `${s}%eth0`)
    );
    fc.assert(
      fc.property(ipish, (s) => valid(s) === (isIP(s) !== 0) && isIPAddress(s) === valid(s)),
      { numRuns: 20000 }
    );
  });

  it('gives all eight IPv6 groups to build steps, consistent with the lookup parse', () => {
    expect(Array.from(parseIPv6Groups('2001:db8::ff00:42:8329')!)).toEqual([
      0x2001, 0xdb8, 0, 0, 0, 0xff00, 0x42, 0x8329,
    ]);
    expect(Array.from(parseIPv6Groups('::ffff:1.2.3.4')!)).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(parseIPv6Groups('1.2.3.4')).toBeNull();
    const p = parts();
    fc.assert(
      fc.property(fc.ipV6(), (s) => {
        const g = parseIPv6Groups(s)!;
        return parseIPv6(s, p) && p.hi === ((g[0] << 16) | g[1]) >>> 0 && p.lo === ((g[2] << 16) | g[3]) >>> 0;
      })
    );
  });

  it('reads IPv4 and the top 64 bits of IPv6', () => {
    expect(parseIPv4('255.255.255.255')).toBe(0xffffffff);
    expect(parseIPv4('01.2.3.4')).toBe(-1);
    const p = parts();
    expect(parseIPv6('2001:db8:1:2:ffff::1', p)).toBe(true);
    expect([p.hi, p.lo, p.v4]).toEqual([0x20010db8, 0x00010002, -1]);
    expect(parseIPv6('::ffff:1.2.3.4', p) && p.v4).toBe(0x01020304);
    expect(parseIPv6('::ffff:102:304', p) && p.v4).toBe(0x01020304);
    expect(parseIPv6('::1.2.3.4', p) && p.v4).toBe(-1);
  });
});

describe('packed format and lookup', () => {
  it('round-trips, including 64-bit IPv6 deltas', () => {
    const big: GeoSegments = {
      ...tiny,
      v6Hi: Uint32Array.from([0, 0, 0xffffffff]),
      v6Lo: Uint32Array.from([0, 0xffffffff, 0xfffffffe]),
      v6Country: Uint8Array.from([0, 1, 2]),
    };
    for (const t of [tiny, big]) {
      expect(decodeGeoSegments(encodeGeoSegments(t))).toEqual(t);
    }
  });

  it('carries what the data is, readable without decoding the segments', () => {
    const bytes = encodeGeoSegments(tiny);
    expect(decodeGeoTableInfo(bytes)).toEqual({
      date: '2020-01-02',
      source: 'test',
      attribution: 'Test data, ünïcode, CC0',
    });
    // The header alone is enough: cut the file right after it (magic, version, three length-prefixed texts).
    const utf8 = (x: string) => new TextEncoder().encode(x).length;
    const headerLength = 5 + [tiny.date, tiny.source, tiny.attribution].reduce((n, x) => n + 1 + utf8(x), 0);
    expect(decodeGeoTableInfo(bytes.subarray(0, headerLength)).attribution).toBe('Test data, ünïcode, CC0');
    expect(() => decodeGeoTableInfo(bytes.subarray(0, headerLength - 1))).toThrow(/truncated/);
  });

  it('rejects foreign and truncated bytes, and unsorted input', () => {
    const bytes = encodeGeoSegments(tiny);
    expect(() => decodeGeoSegments(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
    expect(() => decodeGeoSegments(new TextEncoder().encode('hello world'))).toThrow(/not a BSGC/);
    expect(() => encodeGeoSegments({ ...tiny, v4Start: Uint32Array.from([0, 5, 5, 9]) })).toThrow(/IPv4 segment 2/);
  });

  it('answers per segment, with no country in gaps and for invalid input', () => {
    const t = new GeoTable(tiny);
    const cases: Record<string, string> = {
      '0.255.255.255': '',
      '1.0.0.0': 'AU',
      '1.255.255.255': 'AU',
      '2.0.0.9': 'FR',
      '2.0.0.10': '',
      '255.255.255.255': '',
      '2001:db8::1': 'DE',
      '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff': 'DE',
      '2001:db9::': '',
      'ffff::1': 'FR',
      '::ffff:1.2.3.4': 'AU',
      nonsense: '',
      '': '',
    };
    for (const [ip, want] of Object.entries(cases)) {
      expect([ip, t.lookup(ip)]).toEqual([ip, want]);
    }
    expect(t.date).toBe('2020-01-02');
  });
});

describe('loadGeoTable', () => {
  const gz = gzipSync(encodeGeoSegments(tiny));

  it('takes already-decoded bytes (Node, or a server that decoded Content-Encoding)', async () => {
    const t = await loadGeoTable(async (p) => {
      expect(p).toBe('assets/geo-country.bin.gz');
      return encodeGeoSegments(tiny).buffer as ArrayBuffer;
    });
    expect(t.lookup('1.2.3.4')).toBe('AU');
    expect(t.attribution).toBe(tiny.attribution);
    await expect(loadGeoTableInfo(async () => encodeGeoSegments(tiny))).resolves.toMatchObject({ date: '2020-01-02' });
  });

  it('gunzips with DecompressionStream, and says so when the runtime lacks it', async () => {
    await expect(gunzipIfNeeded(gz)).rejects.toThrow(/DecompressionStream/);
    const g = globalThis as { DecompressionStream?: unknown };
    g.DecompressionStream = NodeDecompressionStream;
    try {
      const t = await loadGeoTable(async () => gz);
      expect(t.lookup('2.0.0.1')).toBe('FR');
    } finally {
      delete g.DecompressionStream;
    }
  });
});

describe('countries', () => {
  it('maps world-atlas numeric ids to alpha-2 and names', () => {
    expect(NUMERIC_TO_ALPHA2['250']).toBe('FR');
    expect(NUMERIC_TO_ALPHA2['036']).toBe('AU');
    expect(countryName('XK')).toBe('Kosovo');
    expect(countryName('ZZ')).toBe('ZZ');
    expect(Object.keys(COUNTRY_NAMES)).toHaveLength(250);
  });
});
