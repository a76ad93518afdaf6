// The packed table must answer exactly as geoip-lite does in country-only mode.

import { GeoTable } from '../src/geo/table';
import { GEOIP_LITE_DATA, nodeGeoTable } from './geo-node';
import { readGeoipLiteCountry } from './geo-table';
import { GeoipLite, geoipLiteCountryOnly } from './geoip-lite-country';

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ntoa4 = (n: number) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;

/** Formats the top 64 bits plus arbitrary low bits, alternating full and `::`-compressed spellings. */
function ntoa6(top: bigint, low: bigint, compress: boolean): string {
  const v = (top << BigInt(64)) | low;
  const groups: string[] = [];
  for (let g = 7; g >= 0; g--) {
    groups.push(((v >> BigInt(16 * g)) & BigInt(0xffff)).toString(16));
  }
  const s = groups.join(':');
  return compress ? s.replace(/(^|:)0(:0)+(:|$)/, '::') : s;
}

describe('packed table vs geoip-lite (country files)', () => {
  let table: GeoTable;
  let geoip: GeoipLite;
  const expected = (ip: string) => geoip.lookup(ip)?.country ?? '';

  beforeAll(() => {
    table = nodeGeoTable();
    geoip = geoipLiteCountryOnly();
  });

  function mismatches(ips: Iterable<string>): string[] {
    const bad: string[] = [];
    for (const ip of ips) {
      const want = expected(ip);
      const got = table.lookup(ip);
      if (got !== want) {
        bad.push(`${ip}: ${got || '∅'} ≠ ${want || '∅'}`);
      }
    }
    return bad;
  }

  it('uses the country files (no phantom RW from the city file)', () => {
    // 1.0.0.0 is AU in the country file; the check guards against silently loading the city data.
    expect(geoip.lookup('1.0.0.0')).toMatchObject({ country: 'AU', city: '' });
  });

  it('agrees on 1,000,000 random IPv4 addresses', () => {
    const rnd = mulberry32(42);
    function* ips() {
      for (let i = 0; i < 1_000_000; i++) {
        yield ntoa4(Math.floor(rnd() * 4294967296));
      }
    }
    expect(mismatches(ips()).slice(0, 10)).toEqual([]);
  });

  it('agrees at every IPv4 range boundary (start−1, start, end, end+1)', () => {
    const { v4 } = readGeoipLiteCountry(GEOIP_LITE_DATA);
    expect(v4.length).toBe(324766);
    function* ips() {
      for (const r of v4) {
        for (const n of [r.start - BigInt(1), r.start, r.end, r.end + BigInt(1)]) {
          if (n >= BigInt(0) && n < BigInt(2) ** BigInt(32)) {
            yield ntoa4(Number(n));
          }
        }
      }
    }
    expect(mismatches(ips()).slice(0, 10)).toEqual([]);
  });

  it('agrees on IPv6: every record boundary (top 64 bits) with random low bits, and random addresses', () => {
    const { v6 } = readGeoipLiteCountry(GEOIP_LITE_DATA);
    const rnd = mulberry32(7);
    const r64 = () => (BigInt(Math.floor(rnd() * 4294967296)) << BigInt(32)) | BigInt(Math.floor(rnd() * 4294967296));
    const max = BigInt(2) ** BigInt(64);
    let k = 0;
    function* ips() {
      for (const r of v6) {
        for (const top of [r.start - BigInt(1), r.start, r.end, r.end + BigInt(1)]) {
          if (top >= BigInt(0) && top < max) {
            yield ntoa6(top, r64(), k++ % 2 === 0);
          }
        }
      }
      for (let i = 0; i < 100_000; i++) {
        // Mostly inside 2000::/3, where the allocations are.
        const top =
          i % 4 === 0 ? r64() : (BigInt(0x2000 + Math.floor(rnd() * 0x2000)) << BigInt(48)) | (r64() >> BigInt(16));
        yield ntoa6(top, r64(), i % 2 === 0);
      }
    }
    expect(mismatches(ips()).slice(0, 10)).toEqual([]);
  });

  it('agrees on IPv4-mapped IPv6, private, reserved and invalid input', () => {
    const ips = [
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
      '',
      'localhost',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '256.1.1.1',
      '2001:db8::1',
      '1:2:3:4:5:6:7:8:9',
    ];
    expect(mismatches(ips)).toEqual([]);
    // Private and reserved space (RFC 1918/5735/6598/5737, loopback, link-local, multicast, ULA,
    // documentation, 6to4, NAT64) has no country, in geoip-lite's data as in ours.
    const reserved = ['10.1.2.3', '100.64.0.1', '127.0.0.1', '169.254.1.1', '192.0.2.1', '198.18.0.1', '203.0.113.1'];
    reserved.push('224.0.0.1', '240.0.0.1', '::1', 'fc00::1', 'fd12::1', 'fe80::1', 'ff02::1', '2001:db8::1');
    reserved.push('2002:c000:201::1', '64:ff9b::1.2.3.4');
    expect(reserved.filter((ip) => table.lookup(ip) !== '')).toEqual([]);
  });
});
