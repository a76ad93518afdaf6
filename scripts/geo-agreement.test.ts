// The packed table must answer exactly as geoip-lite does in country-only mode. (bin/commands/geo.test.ts
// checks the same sets through the `bandscope geo` command.)

import { GeoTable } from '../src/geo/table';
import { GEOIP_LITE_INFO, nodeGeoTable } from './geo-node';
import { EDGE_CASES, GeoipLite, geoipLiteCountryOnly, ipv4Boundaries, ipv6Sample, randomIPv4 } from './geo-reference';

describe('packed table vs geoip-lite (country files)', () => {
  let table: GeoTable;
  let geoip: GeoipLite;

  beforeAll(() => {
    table = nodeGeoTable();
    // After `build:geo -- --from` the built table holds the operator's data, which no test can know.
    if (table.source !== GEOIP_LITE_INFO.source) {
      throw new Error(
        `build/ holds a table built from ${table.source}; the tests check the default one: ` +
          'run npm run build:geo -- --default first'
      );
    }
    geoip = geoipLiteCountryOnly();
  });

  function mismatches(ips: string[]): string[] {
    const bad: string[] = [];
    for (const ip of ips) {
      const want = geoip.lookup(ip)?.country ?? '';
      const got = table.lookup(ip);
      if (got !== want) {
        bad.push(`${ip}: ${got || '∅'} ≠ ${want || '∅'}`);
      }
    }
    return bad;
  }

  it('uses the country files (no phantom RW from the city file)', () => {
    // The country file's records have no city; this guards against silently loading the city data.
    expect(geoip.lookup('1.0.0.0')).toMatchObject({ country: 'AU', city: '' });
  });

  it('agrees on 1,000,000 random IPv4 addresses', () => {
    expect(mismatches(randomIPv4(1_000_000)).slice(0, 10)).toEqual([]);
  });

  it('agrees at every IPv4 range boundary (start−1, start, end, end+1)', () => {
    const ips = ipv4Boundaries();
    expect(ips.length).toBeGreaterThan(4 * 324_766 - 3);
    expect(mismatches(ips).slice(0, 10)).toEqual([]);
  });

  it('agrees on IPv6: every record boundary (top 64 bits), and random addresses', () => {
    expect(mismatches(ipv6Sample()).slice(0, 10)).toEqual([]);
  });

  it('agrees on IPv4-mapped IPv6, private, reserved and invalid input', () => {
    expect(mismatches(EDGE_CASES)).toEqual([]);
    // Private and reserved space (RFC 1918/5735/6598/5737, loopback, link-local, multicast, ULA,
    // documentation, 6to4, NAT64) has no country, in geoip-lite's data as in ours.
    const reserved = ['10.1.2.3', '100.64.0.1', '127.0.0.1', '169.254.1.1', '192.0.2.1', '198.18.0.1', '203.0.113.1'];
    reserved.push('224.0.0.1', '240.0.0.1', '::1', 'fc00::1', 'fd12::1', 'fe80::1', 'ff02::1', '2001:db8::1');
    reserved.push('2002:c000:201::1', '64:ff9b::1.2.3.4');
    expect(reserved.filter((ip) => table.lookup(ip) !== '')).toEqual([]);
  });
});
