// `bandscope geo` end to end (through the real launcher) against geoip-lite's country-only lookups, on
// the same sets as scripts/geo-agreement.test.ts: 1 M random IPv4, every IPv4 range boundary, IPv6.

import { spawnSync } from 'node:child_process';
import { isIP } from 'node:net';
import path from 'node:path';

import { nodeGeoTable } from '../../scripts/geo-node';
import { EDGE_CASES, geoipLiteCountryOnly, ipv4Boundaries, ipv6Sample, randomIPv4 } from '../../scripts/geo-reference';

const ROOT = path.resolve(__dirname, '../..');
const bandscope = (args: string[], input: string) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin/bandscope.mjs'), ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });

describe('bandscope geo', () => {
  it('prints ip,country for every address, as geoip-lite (country files) does', () => {
    const geoip = geoipLiteCountryOnly();
    const ips = [...randomIPv4(1_000_000, 3), ...ipv4Boundaries(), ...ipv6Sample(20_000, 11), ...EDGE_CASES];
    // Blank lines are skipped.
    const res = bandscope(['geo', '-'], ips.join('\n') + '\n\n');
    expect(res.status).toBe(0);
    const got = res.stdout.split('\n');
    expect(got.pop()).toBe('');
    expect(got.length).toBe(ips.length);
    const bad: string[] = [];
    ips.forEach((ip, i) => {
      const want = `${ip},${geoip.lookup(ip)?.country ?? ''}`;
      if (got[i] !== want) {
        bad.push(`${got[i]} ≠ ${want}`);
      }
    });
    expect(bad.slice(0, 10)).toEqual([]);
    // Node's own parser says which inputs are not addresses; the command counts them by line number.
    const invalid = ips.flatMap((ip, i) => (isIP(ip) === 0 ? [i + 1] : []));
    expect(invalid.length).toBe(6);
    expect(res.stderr).toBe(
      `bandscope geo: 6 of ${ips.length} inputs are not IP addresses (country left empty): lines ${invalid.join(', ')}\n`
    );
  }, 120_000);

  it('counts what is not an address by line number, blank lines included, one row per input', () => {
    const res = bandscope(['geo'], '999.1.1.1\n\n8.8.8.8\nfoo\n  \n10.0.0.1\n');
    expect(res.stdout).toBe('999.1.1.1,\n8.8.8.8,US\nfoo,\n10.0.0.1,\n');
    expect(res.stderr).toBe('bandscope geo: 2 of 4 inputs are not IP addresses (country left empty): lines 1, 4\n');
    expect(bandscope(['geo'], '1.2.3.4\n').stderr).toBe('');
    const many = bandscope(['geo'], 'x\n'.repeat(12));
    expect(many.stderr).toBe(
      'bandscope geo: 12 of 12 inputs are not IP addresses (country left empty): lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, …\n'
    );
  }, 30_000);

  it('says what the IP data is in --help', () => {
    const t = nodeGeoTable();
    const res = bandscope(['geo', '--help'], '');
    expect(res.status).toBe(0);
    expect(res.stdout).toContain(`IP data: ${t.source}, ${t.date}\n${t.attribution}\n`);
  }, 30_000);

  it('rejects options', () => {
    expect(bandscope(['geo', '--nope'], '').status).toBe(1);
  }, 30_000);
});
