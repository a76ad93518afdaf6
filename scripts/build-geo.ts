// `npm run build:geo` — packs the IP→country table and the world map into build/assets/ (webpack copies
// them to dist/assets/). Skips the work when the outputs are newer than every input.
//
// Rebuilding from fresher data: export ranges as CSV lines `start,end,country` (IPv4 or IPv6 addresses,
// inclusive ends, ISO alpha-2 codes; a header row, quotes and '#' comments are fine), then
//   npm run build:geo -- --csv ranges.csv [--date YYYY-MM-DD]
//   npm run build            (keeps the CSV-built table: its outputs are newer than the inputs)
// and `npm run build:geo -- --force` to go back to geoip-lite's data. With MaxMind's GeoLite2 Country CSV,
// join GeoLite2-Country-Blocks-IPv{4,6}.csv with GeoLite2-Country-Locations-en.csv on geoname_id and turn
// each network (CIDR) into its first and last address.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { GEO_TABLE_ASSET, WORLD_MAP_ASSET } from '../src/geo/assets';
import { encodeGeoSegments } from '../src/geo/format';
import { BUILD_DIR, buildTable, isFresh, ROOT, TableSource, tableInputs } from './geo-node';
import { AtlasTopology, buildWorldMap } from './geo-world';

const USAGE = 'usage: build-geo [--csv FILE] [--date YYYY-MM-DD] [--force] [--out DIR]';
const ATLAS = require.resolve('world-atlas/countries-50m.json');
const LICENCE_ASSET = 'assets/GEO-DATA-LICENCE.txt';

interface Options extends TableSource {
  force: boolean;
  out: string;
}

function parseArgs(args: string[]): Options {
  const opts: Options = { force: false, out: BUILD_DIR };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) {
        throw new Error(`${a} needs a value\n${USAGE}`);
      }
      return v;
    };
    if (a === '--csv') {
      opts.csv = path.resolve(value());
    } else if (a === '--date') {
      opts.date = value();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) {
        throw new Error(`--date wants YYYY-MM-DD, got "${opts.date}"`);
      }
    } else if (a === '--out') {
      opts.out = path.resolve(value());
    } else if (a === '--force') {
      opts.force = true;
    } else {
      throw new Error(`unknown argument "${a}"\n${USAGE}`);
    }
  }
  return opts;
}

const licenceText = (date: string, source: string) => `Bandscope geo data

${path.basename(GEO_TABLE_ASSET)}: IP address → country table, built from ${source}, data date ${date}.
This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com.
The table is derived from GeoLite2 and is licensed under the Creative Commons Attribution-ShareAlike 4.0
International License (CC BY-SA 4.0): https://creativecommons.org/licenses/by-sa/4.0/
If you rebuilt it from your own CSV, the licence of your data applies instead.

${path.basename(WORLD_MAP_ASSET)}: country outlines from world-atlas 2.0.2 (ISC licence), made from
Natural Earth 1:50m data (public domain), re-keyed by ISO 3166-1 alpha-2.
`;

function main(opts: Options): string {
  const outputs = [GEO_TABLE_ASSET, WORLD_MAP_ASSET, LICENCE_ASSET].map((a) => path.join(opts.out, a));
  const inputs = [...tableInputs(), ...['build-geo.ts', 'geo-world.ts'].map((f) => path.join(ROOT, 'scripts', f))];
  const codes = path.join(ROOT, 'src', 'geo', 'countries.ts');
  if (!opts.force && !opts.csv && isFresh(outputs, [...inputs, ATLAS, codes])) {
    return 'up to date';
  }
  const segments = buildTable(opts);
  // Deterministic output: Node's gzip header carries a zero mtime.
  const table = gzipSync(encodeGeoSegments(segments), { level: 9 });
  const world = buildWorldMap(JSON.parse(readFileSync(ATLAS, 'utf8')) as AtlasTopology);
  const noPoint = segments.countries.filter((c) => c !== '' && !world.bandscope.points[c]);
  if (noPoint.length > 0) {
    process.stderr.write(`build:geo: warning: no map point for ${noPoint.join(' ')} (add to POINTS_WITHOUT_OUTLINE)\n`);
  }
  const map = gzipSync(JSON.stringify(world), { level: 9 });
  mkdirSync(path.join(opts.out, 'assets'), { recursive: true });
  const contents = [table, map, Buffer.from(licenceText(segments.date, segments.source))];
  outputs.forEach((p, i) => writeFileSync(p, contents[i]));
  const sizes = outputs.map(
    (p, i) => `${path.relative(process.cwd(), p)} ${(contents[i].length / 1024).toFixed(1)} KB`
  );
  return (
    `${segments.v4Start.length} IPv4 + ${segments.v6Hi.length} IPv6 segments, ${segments.countries.length - 1} ` +
    `countries, data ${segments.date}\n  ${sizes.join('\n  ')}`
  );
}

try {
  const started = Date.now();
  const summary = main(parseArgs(process.argv.slice(2)));
  process.stdout.write(`build:geo: ${summary} (${Date.now() - started} ms)\n`);
} catch (err) {
  process.stderr.write(`build:geo: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
