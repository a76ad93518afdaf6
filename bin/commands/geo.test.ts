// `bandscope geo` end to end (through the real launcher) against geoip-lite's country-only lookups.

import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { geoipLiteCountryOnly } from '../../scripts/geoip-lite-country';

const ROOT = path.resolve(__dirname, '../..');
const bandscope = (args: string[], input: string) =>
  spawnSync(process.execPath, [path.join(ROOT, 'bin/bandscope.mjs'), ...args], { cwd: ROOT, input, encoding: 'utf8' });

describe('bandscope geo', () => {
  it('prints ip,country for every address, as geoip-lite (country files) does', () => {
    const geoip = geoipLiteCountryOnly();
    let seed = 1;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) / 2 ** 24;
    const ips: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const n = Math.floor(rnd() * 2 ** 32);
      ips.push(`${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`);
    }
    for (let i = 0; i < 5_000; i++) {
      const g = () => Math.floor(rnd() * 0x10000).toString(16);
      ips.push(`${(0x2000 + Math.floor(rnd() * 0x1000)).toString(16)}:${g()}:${g()}::${g()}`);
    }
    ips.push('10.0.0.1', '::ffff:8.8.8.8', 'not-an-ip');
    const res = bandscope(['geo', '-'], ips.join('\n') + '\n\n');
    expect(res.status).toBe(0);
    const expected = ips.map((ip) => `${ip},${geoip.lookup(ip)?.country ?? ''}`);
    expect(res.stdout.split('\n').slice(0, -1)).toEqual(expected);
  }, 60_000);

  it('rejects options', () => {
    expect(bandscope(['geo', '--nope'], '').status).toBe(1);
  });
});
