// `bandscope geo` end to end (through the real launcher) against geoip-lite's country-only lookups, on
// the same sets as scripts/geo-agreement.test.ts: 1 M random IPv4, every IPv4 range boundary, IPv6.

import { spawnSync } from 'node:child_process';
import path from 'node:path';

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
  }, 120_000);

  it('rejects options', () => {
    expect(bandscope(['geo', '--nope'], '').status).toBe(1);
  }, 30_000);
});
