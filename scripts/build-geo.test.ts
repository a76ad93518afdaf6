// Runs the real build step (through tsx, as `npm run build:geo` does) into a scratch directory.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { GEO_TABLE_ASSET, WORLD_MAP_ASSET } from '../src/geo/assets';
import { GeoTable } from '../src/geo/table';
import type { WorldTopology } from '../src/geo/world';

const ROOT = path.resolve(__dirname, '..');

const TSX = [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-geo.ts'];

function buildGeo(...args: string[]): string {
  return execFileSync(process.execPath, [...TSX, ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** Exit status, stdout and stderr, for runs that report problems or fail. */
function buildGeoRun(...args: string[]) {
  return spawnSync(process.execPath, [...TSX, ...args], { cwd: ROOT, encoding: 'utf8' });
}

const FIXTURES = path.join(ROOT, 'tests/fixtures/geo');
const MAXMIND = ['Blocks-IPv4', 'Blocks-IPv6', 'Locations-en'].map((f) =>
  path.join(FIXTURES, 'GeoLite2-Country-CSV_20260106', `GeoLite2-Country-${f}.csv`)
);

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
    expect(t.source).toBe('GeoLite2 via geoip-lite 2.0.3');
    expect(t.attribution).toMatch(/^This product includes GeoLite2 data created by MaxMind.*CC BY-SA 4\.0/);
    expect(t.countries).toHaveLength(251);
    expect(read('assets/GEO-DATA-LICENCE.txt').toString()).toContain(
      'This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com'
    );
  });

  it('writes a world map keyed by alpha-2 with a point for every IP country', () => {
    const t = GeoTable.decode(gunzipSync(read(GEO_TABLE_ASSET)));
    const world = JSON.parse(gunzipSync(read(WORLD_MAP_ASSET)).toString()) as WorldTopology;
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

  it('builds from MaxMind files, reports malformed lines, remembers the files, and goes back with --default', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bandscope-geo-from-'));
    const first = buildGeoRun('--out', dir, '--from', ...MAXMIND);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/GeoLite2 Country, 2026-01-06: /);
    expect(first.stderr).toContain('build:geo: 3 malformed line(s) skipped:');
    expect(first.stderr).toContain(
      'GeoLite2-Country-Blocks-IPv4.csv line 9: network "203.0.115.7/24" has host bits set'
    );
    const t = GeoTable.decode(gunzipSync(read(GEO_TABLE_ASSET, dir)));
    expect([t.source, t.date, t.lookup('192.0.2.130'), t.lookup('2001:db8::1')]).toEqual([
      'GeoLite2 Country',
      '2026-01-06',
      'AU',
      'JP',
    ]);
    expect(read('assets/GEO-DATA-LICENCE.txt', dir).toString()).toContain('GeoLite2 End User License Agreement');

    // A later build without arguments (as `npm run build` runs it) keeps to the recorded files.
    const again = buildGeoRun('--out', dir);
    expect(again.stderr).toMatch(
      /building from .*GeoLite2-Country-Blocks-IPv4\.csv.* as recorded in geo-sources\.json/
    );
    expect(again.stdout).toMatch(/up to date/);

    buildGeo('--out', dir, '--default');
    expect(existsSync(path.join(dir, 'geo-sources.json'))).toBe(false);
    expect(GeoTable.decode(gunzipSync(read(GEO_TABLE_ASSET, dir))).source).toBe('GeoLite2 via geoip-lite 2.0.3');
  }, 120_000);

  it('takes --source, --date and --attribution, and the 0.1.0 spelling --csv', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bandscope-geo-csv-'));
    const csv = path.join(FIXTURES, 'ranges.csv');
    const res = buildGeoRun(
      '--out',
      dir,
      '--csv',
      csv,
      '--date',
      '2026-01-31',
      '--source',
      'Our ranges',
      '--attribution',
      'Ours, CC0'
    );
    expect(res.status).toBe(0);
    expect(res.stderr).toMatch(/5 malformed line\(s\) skipped/);
    expect(res.stderr).not.toMatch(/licence of|modification time/);
    const t = GeoTable.decode(gunzipSync(read(GEO_TABLE_ASSET, dir)));
    expect([t.source, t.date, t.attribution, t.lookup('198.51.100.200')]).toEqual([
      'Our ranges',
      '2026-01-31',
      'Ours, CC0',
      'NZ',
    ]);
  }, 60_000);

  it('refuses bad options and input with a message', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--date', '31/01/2026', '--from', MAXMIND[0]], /--date wants YYYY-MM-DD/],
      [['--max-size', 'big'], /--max-size wants a size in KB/],
      [['--from'], /--from needs a value/],
      [['--default', '--date', '2026-01-01'], /--default builds from geoip-lite/],
      [['--from', MAXMIND[0]], /give its Locations file too/],
      [
        ['--from', path.join(FIXTURES, 'overlap.csv')],
        /overlap\.csv: 1 overlapping range\(s\) with different countries/,
      ],
      [['--from', path.join(FIXTURES, 'missing.csv')], /missing\.csv: no such file/],
      [['--bogus'], /unknown argument "--bogus"/],
    ];
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bandscope-geo-bad-'));
    for (const [args, message] of cases) {
      const res = buildGeoRun('--out', dir, ...args);
      expect([args.join(' '), res.status, res.stderr]).toEqual([args.join(' '), 1, expect.stringMatching(message)]);
    }
    expect(buildGeoRun('--help').stdout).toMatch(/--from FILE…/);
  }, 120_000);
});
