// Runs the real build step (through tsx, as `npm run build:geo` does) into a scratch directory.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { GEO_TABLE_ASSET, WORLD_MAP_ASSET } from '../src/geo/assets';
import { GeoTable } from '../src/geo/table';
import type { WorldMap } from '../src/geo/world';

const ROOT = path.resolve(__dirname, '..');

function buildGeo(...args: string[]): string {
  return execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-geo.ts', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
    }
  );
}

describe('build:geo', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'bandscope-geo-'));
  const read = (asset: string, dir = out) => readFileSync(path.join(dir, asset));

  beforeAll(() => {
    buildGeo('--out', out, '--force');
  }, 60_000);

  it('packs geoip-lite within the size budget, with date and source', () => {
    const gz = read(GEO_TABLE_ASSET);
    expect(gz.length).toBeLessThanOrEqual(350 * 1024);
    const t = GeoTable.decode(gunzipSync(gz));
    expect(t.date).toBe('2019-08-28');
    expect(t.source).toMatch(/geoip-lite 2\.0\.3/);
    expect(t.countries).toHaveLength(251);
    expect(read('assets/GEO-DATA-LICENCE.txt').toString()).toContain(
      'This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com'
    );
  });

  it('writes a world map keyed by alpha-2 with a point for every IP country', () => {
    const t = GeoTable.decode(gunzipSync(read(GEO_TABLE_ASSET)));
    const world = JSON.parse(gunzipSync(read(WORLD_MAP_ASSET)).toString()) as WorldMap;
    const ids = world.objects.countries.geometries.map((g) => g.id).filter((id) => id !== undefined);
    expect(ids).toEqual(expect.arrayContaining(['FR', 'US', 'XK', 'SG', 'HK']));
    expect(ids.every((id) => /^[A-Z]{2}$/.test(String(id)))).toBe(true);
    expect(t.countries.filter((c) => c !== '' && !world.bandscope.points[c])).toEqual([]);
    // France: the main polygon's centroid, not the whole feature's (which French Guiana drags west).
    const [lon, lat] = world.bandscope.points.FR;
    expect(lon).toBeGreaterThan(1);
    expect(lon).toBeLessThan(4);
    expect(lat).toBeGreaterThan(45);
    expect(lat).toBeLessThan(48);
    expect(world.bandscope.points.GP).toEqual([-61.55, 16.25]);
  });

  it('is deterministic and skips work when up to date', () => {
    const first = [read(GEO_TABLE_ASSET), read(WORLD_MAP_ASSET)];
    expect(buildGeo('--out', out)).toMatch(/up to date/);
    const again = mkdtempSync(path.join(os.tmpdir(), 'bandscope-geo-'));
    buildGeo('--out', again, '--force');
    expect(read(GEO_TABLE_ASSET, again).equals(first[0])).toBe(true);
    expect(read(WORLD_MAP_ASSET, again).equals(first[1])).toBe(true);
  }, 60_000);

  it('rebuilds from a user CSV', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bandscope-geo-csv-'));
    const csv = path.join(dir, 'ranges.csv');
    writeFileSync(
      csv,
      [
        'start,end,country',
        '"1.0.0.0","1.0.0.255","au"',
        '8.8.8.0,8.8.8.255,US',
        '10.0.0.0,10.0.0.255,DE', // private: never answered, as in geoip-lite
        '2001:db8::,2001:db8:ffff:ffff:ffff:ffff:ffff:ffff,NL',
        '',
      ].join('\n')
    );
    expect(buildGeo('--out', dir, '--csv', csv, '--date', '2026-01-31')).toMatch(/data 2026-01-31/);
    const t = GeoTable.decode(gunzipSync(read(GEO_TABLE_ASSET, dir)));
    expect(['1.0.0.7', '8.8.8.8', '8.8.9.0', '10.0.0.1', '2001:db8:1::1'].map((ip) => t.lookup(ip))).toEqual([
      'AU',
      'US',
      '',
      '',
      'NL',
    ]);
    expect(t.source).toBe('CSV ranges.csv');
  }, 60_000);
});
