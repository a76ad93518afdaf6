// `npm run build:geo` — packs the IP→country table and the world map into build/assets/ (webpack copies them
// to dist/assets/). Skips the work when the outputs are newer than every input.
//
// By default the table comes from geoip-lite's GeoLite2 data. `--from FILE…` builds it from the operator's own
// files instead (MaxMind GeoLite2/GeoIP2 Country CSV, DB-IP IP to Country Lite, start,end,country CSV; see
// geo-import.ts). The choice is recorded in build/geo-sources.json, so a later `npm run build` rebuilds from the
// same files, and `--default` goes back to geoip-lite's data.

import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { GEO_TABLE_ASSET, WORLD_MAP_ASSET } from '../src/geo/assets';
import type { GeoTableInfo } from '../src/geo/format';
import {
  BUILD_DIR,
  buildTable,
  type BuiltTable,
  DEFAULT_MAX_KB,
  isFresh,
  ROOT,
  type TableSource,
  tableInputs,
} from './geo-node';
import { FULL_PRECISION } from './geo-table';
import { AtlasTopology, buildWorldMap } from './geo-world';

const USAGE = `usage: npm run build:geo -- [--from FILE…] [--date YYYY-MM-DD] [--source TEXT] [--attribution TEXT]
                           [--max-size KB] [--default] [--force] [--out DIR]
  --from FILE…        build the IP table from these files instead of geoip-lite's GeoLite2 data of 2019:
                      MaxMind GeoLite2/GeoIP2 Country CSV (the zip, its folder, or Blocks-IPv4/-IPv6 + Locations-en),
                      DB-IP IP to Country Lite (.csv or .csv.gz), start,end,country CSV (addresses or integers);
                      later files override earlier ones where ranges overlap. Remembered for later builds.
  --date, --source, --attribution
                      what the data is, shown by the map, the app's configuration page and bandscope geo --help
                      (default: from the file names; the attribution MaxMind's and DB-IP's licences ask for)
  --max-size KB       budget for the gzipped table (default ${DEFAULT_MAX_KB}); coarser precision is used to fit
  --default           back to geoip-lite's data (forgets --from)
  --force             rebuild even when up to date`;
const ATLAS = require.resolve('world-atlas/countries-50m.json');
const LICENCE_ASSET = 'assets/GEO-DATA-LICENCE.txt';
/** Remembers --from and its companions for builds without arguments; outside assets/, so never shipped. */
const SOURCES_FILE = 'geo-sources.json';

interface Options {
  table: TableSource;
  help: boolean;
  useDefault: boolean;
  force: boolean;
  out: string;
}

function parseArgs(args: string[]): Options {
  const opts: Options = { table: {}, help: false, useDefault: false, force: false, out: BUILD_DIR };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) {
        throw new Error(`${a} needs a value\n${USAGE}`);
      }
      return v;
    };
    // --csv FILE is the 0.1.0 spelling of --from FILE.
    if (a === '--from' || a === '--csv') {
      const files = opts.table.from ?? [];
      files.push(path.resolve(value()));
      while (a === '--from' && args[i + 1] !== undefined && !args[i + 1].startsWith('--')) {
        files.push(path.resolve(args[++i]));
      }
      opts.table.from = files;
    } else if (a === '--date') {
      opts.table.date = value();
      if (!/^\d{4}-\d{2}(-\d{2})?$/.test(opts.table.date)) {
        throw new Error(`--date wants YYYY-MM-DD (or YYYY-MM), got "${opts.table.date}"`);
      }
    } else if (a === '--source' || a === '--attribution') {
      opts.table[a === '--source' ? 'source' : 'attribution'] = value();
    } else if (a === '--max-size') {
      const v = value();
      opts.table.maxKb = Number(v);
      if (!/^\d+(\.\d+)?$/.test(v) || opts.table.maxKb < 1) {
        throw new Error(`--max-size wants a size in KB (≥ 1), got "${v}"`);
      }
    } else if (a === '--default') {
      opts.useDefault = true;
    } else if (a === '--force') {
      opts.force = true;
    } else if (a === '--out') {
      opts.out = path.resolve(value());
    } else if (a === '--help' || a === '-h') {
      opts.help = true;
    } else {
      throw new Error(`unknown argument "${a}"\n${USAGE}`);
    }
  }
  if (opts.useDefault && Object.keys(opts.table).length > 0) {
    throw new Error(
      '--default builds from geoip-lite’s data as it is: it takes no --from, --date, --source, --attribution or --max-size'
    );
  }
  return opts;
}

const licenceText = (info: GeoTableInfo) => `Bandscope geo data

${path.basename(GEO_TABLE_ASSET)}: IP address → country table built from ${info.source}, data date ${info.date}.
${info.attribution || 'Built from the operator’s own data, whose licence applies (no attribution was given to build:geo).'}

${path.basename(WORLD_MAP_ASSET)}: country outlines from world-atlas 2.0.2 (ISC licence), made from
Natural Earth 1:50m data (public domain), re-keyed by ISO 3166-1 alpha-2.
`;

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const pct = (x: number) => `${x === 0 ? 0 : (100 * x).toPrecision(2)} %`;
const count = (n: number) => n.toLocaleString('en-US');

/** The lines that tell the operator what went in, what was skipped and what precision came out. */
function report(t: BuiltTable, src: TableSource): { out: string[]; err: string[] } {
  const s = t.segments;
  const out = [
    `${s.source}, ${s.date}: ${count(s.v4Start.length)} IPv4 + ${count(s.v6Hi.length)} IPv6 segments, ` +
      `${s.countries.length - 1} countries`,
  ];
  const err: string[] = [];
  const im = t.imported;
  if (im) {
    out.push(`read ${count(im.ranges)} ranges; skipped ${count(im.noCountry)} rows without a country`);
    if (im.malformed > 0) {
      err.push(
        `${count(im.malformed)} malformed line(s) skipped${im.malformed > im.problems.length ? '; the first:' : ':'}`
      );
      err.push(...im.problems.map((p) => `  ${p.file} line ${p.line}: ${p.reason}`));
    }
    err.push(...im.notes);
    if (im.undated.length > 0 && !src.date) {
      err.push(`date taken from the modification time of ${im.undated.join(', ')} (--date sets it)`);
    }
    if (im.unlicensed.length > 0 && src.attribution === undefined) {
      err.push(
        `licence of ${im.unlicensed.join(', ')} not known: the app shows no attribution for it ` +
          '(--attribution gives the notice its licence asks for)'
      );
    }
  }
  const { precision: p, changed, left, ranges } = t;
  const outvoted = `${count(left.v4)} of ${count(ranges.v4)} IPv4 and ${count(left.v6)} of ${count(ranges.v6)} IPv6 ranges`;
  if (p.v4 !== FULL_PRECISION.v4 || p.v6 !== FULL_PRECISION.v6) {
    err.push(
      `IPv4 kept to /${p.v4} and IPv6 to /${p.v6} to fit ${src.maxKb ?? DEFAULT_MAX_KB} KB (full precision: ` +
        `${kb(t.fullSize)}): ${pct(changed.v4)} of IPv4 and ${pct(changed.v6)} of IPv6 addresses with a country ` +
        `answer another one; ${outvoted} (small ones) are outvoted in their block (--max-size raises the budget)`
    );
  } else if (left.v6 > 0) {
    err.push(
      `${count(left.v6)} IPv6 range(s) smaller than a /64 are outvoted in their /64 (the lookup keys IPv6 by /64)`
    );
  }
  return { out, err };
}

function main(opts: Options): { out: string[]; err: string[] } {
  const outputs = [GEO_TABLE_ASSET, WORLD_MAP_ASSET, LICENCE_ASSET].map((a) => path.join(opts.out, a));
  const sourcesFile = path.join(opts.out, SOURCES_FILE);
  const err: string[] = [];
  const recorded = existsSync(sourcesFile) ? readFileSync(sourcesFile, 'utf8') : undefined;
  let table = opts.table;
  if (opts.useDefault) {
    rmSync(sourcesFile, { force: true });
  } else if (!table.from && recorded && (JSON.parse(recorded) as TableSource).from) {
    // Given options (e.g. --date) amend what was recorded.
    table = { ...(JSON.parse(recorded) as TableSource), ...table };
    const gone = (table.from ?? []).filter((f) => !existsSync(f));
    if (gone.length > 0) {
      throw new Error(
        `the table was built from ${gone.join(', ')}, which no longer exist: ` +
          'build again with --from FILE…, or go back to geoip-lite’s data with --default'
      );
    }
    err.push(`building from ${(table.from ?? []).join(', ')} as recorded in ${SOURCES_FILE} (--default forgets it)`);
  }
  const inputs = [
    ...tableInputs(),
    ...(table.from ?? []),
    ...['build-geo.ts', 'geo-world.ts'].map((f) => path.join(ROOT, 'scripts', f)),
    ATLAS,
    path.join(ROOT, 'src', 'geo', 'countries.ts'),
  ];
  const recipe = Object.keys(table).length > 0 ? JSON.stringify(table, null, 2) + '\n' : undefined;
  if (!opts.force && recorded === recipe && isFresh(outputs, inputs)) {
    return { out: ['up to date'], err };
  }
  const built = buildTable(table);
  const world = buildWorldMap(JSON.parse(readFileSync(ATLAS, 'utf8')) as AtlasTopology);
  const noPoint = built.segments.countries.filter((c) => c !== '' && !world.bandscope.points[c]);
  if (noPoint.length > 0) {
    err.push(`no map point for ${noPoint.join(' ')}: those countries are counted but not drawn`);
  }
  const map = gzipSync(JSON.stringify(world), { level: 9 });
  mkdirSync(path.join(opts.out, 'assets'), { recursive: true });
  const contents = [built.gz, map, Buffer.from(licenceText(built.segments))];
  outputs.forEach((p, i) => writeFileSync(p, contents[i]));
  if (recipe) {
    writeFileSync(sourcesFile, recipe);
  } else {
    rmSync(sourcesFile, { force: true });
  }
  const r = report(built, table);
  const sizes = outputs.map((p) => `  ${path.relative(process.cwd(), p)} ${kb(statSync(p).size)}`);
  return { out: [...r.out, ...sizes], err: [...err, ...r.err] };
}

try {
  const started = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
  } else {
    const { out, err } = main(opts);
    for (const line of err) {
      process.stderr.write(`build:geo: ${line}\n`);
    }
    process.stdout.write(`build:geo: ${out.join('\n')} (${Date.now() - started} ms)\n`);
  }
} catch (e) {
  process.stderr.write(`build:geo: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
