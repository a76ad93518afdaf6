// Node side of the geo table: where the inputs and outputs live, reading the operator's files (CSV, .gz, zip),
// building the table from them or from geoip-lite, and loading it for the CLI, benchmark and tests (the built
// asset when fresh, else geoip-lite's data built in memory). Kept free of d3 (ESM-only, which jest here does not
// transform); the world map lives in geo-world.ts.

import { unzipSync } from 'fflate';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { GEO_TABLE_ASSET } from '../src/geo/assets';
import type { GeoTableInfo } from '../src/geo/format';
import { GeoTable } from '../src/geo/table';
import { type Imported, importRanges, type InputFile, type RangeLists } from './geo-import';
import { geoipLiteRanges, type Packed, packSegments, packWithinBudget, readCountryDat } from './geo-table';

export const ROOT = path.resolve(__dirname, '..');
export const BUILD_DIR = path.join(ROOT, 'build');
export const GEOIP_LITE_DATA = path.join(path.dirname(require.resolve('geoip-lite/package.json')), 'data');

/** What the default table is. geoip-lite 2.0.3 ships GeoLite2 as of that date (its files carry no date). */
export const GEOIP_LITE_INFO: GeoTableInfo = {
  date: '2019-08-28',
  source: 'GeoLite2 via geoip-lite 2.0.3',
  attribution:
    'This product includes GeoLite2 data created by MaxMind, available from https://www.maxmind.com. ' +
    'Licensed under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); the packed table derived ' +
    'from it carries the same licence.',
};

/** The browser downloads the table once per page: its gzipped size stays within this unless told otherwise. */
export const DEFAULT_MAX_KB = 350;

/** Files whose change makes the built table stale: the code that shapes it and geoip-lite's data. */
export function tableInputs(): string[] {
  const code = ['geo-node.ts', 'geo-table.ts', 'geo-import.ts'].map((f) => path.join(ROOT, 'scripts', f));
  const src = ['format.ts', 'ip.ts'].map((f) => path.join(ROOT, 'src', 'geo', f));
  const data = ['geoip-country.dat', 'geoip-country6.dat'].map((f) => path.join(GEOIP_LITE_DATA, f));
  return [...code, ...src, ...data];
}

/** True when every output exists and is newer than every input. */
export function isFresh(outputs: string[], inputs: string[]): boolean {
  if (!outputs.every((o) => existsSync(o))) {
    return false;
  }
  const oldestOut = Math.min(...outputs.map((o) => statSync(o).mtimeMs));
  return inputs.every((i) => statSync(i).mtimeMs <= oldestOut);
}

const day = (file: string) => statSync(file).mtime.toISOString().slice(0, 10);

// A MaxMind zip holds Locations files in eight languages; the codes are the same in all, so English suffices.
const OTHER_LOCALE = /-Locations-(?!en\.csv$)[^/]*\.csv$/i;

/**
 * Reads the operator's files: CSV, gzipped CSV (DB-IP ships `.csv.gz`), a zip of CSVs (MaxMind) or a folder of
 * them (MaxMind's zip unpacked). Each is named by its folder and file name, where MaxMind's and DB-IP's dates live.
 */
export function readInputFiles(paths: string[]): InputFile[] {
  return paths.flatMap((p): InputFile[] => {
    if (!existsSync(p)) {
      throw new Error(`${p}: no such file`);
    }
    if (statSync(p).isDirectory()) {
      const csvs = readdirSync(p)
        .filter((f) => /\.csv(\.gz)?$/i.test(f) && !OTHER_LOCALE.test(f))
        .sort()
        .map((f) => path.join(p, f));
      if (csvs.length === 0) {
        throw new Error(`${p}: no CSV file in the folder`);
      }
      return readInputFiles(csvs);
    }
    const name = path.join(path.basename(path.dirname(path.resolve(p))), path.basename(p));
    const modified = day(p);
    const bytes = readFileSync(p);
    if (/\.zip$/i.test(p)) {
      const entries = unzipSync(bytes, { filter: (f) => /\.csv$/i.test(f.name) && !OTHER_LOCALE.test(f.name) });
      const names = Object.keys(entries).sort();
      if (names.length === 0) {
        throw new Error(`${p}: no CSV file in the zip`);
      }
      return names.map((e) => ({
        name: `${path.basename(p)}:${e}`,
        text: Buffer.from(entries[e]).toString('utf8'),
        modified,
      }));
    }
    const text = (/\.gz$/i.test(p) ? gunzipSync(bytes) : bytes).toString('utf8');
    return [{ name, text, modified }];
  });
}

export interface TableSource {
  /** Files to build from instead of geoip-lite's data (formats: scripts/geo-import.ts). */
  from?: string[];
  /** Overrides for what the files say about themselves. */
  date?: string;
  source?: string;
  attribution?: string;
  /** Budget for the gzipped table (KB); default {@link DEFAULT_MAX_KB}. */
  maxKb?: number;
}

export interface BuiltTable extends Packed {
  /** The gzipped asset. */
  gz: Buffer;
  /** Its size at full precision, when that did not fit. */
  fullSize: number;
  /** What the operator's files held (absent for the default build). */
  imported?: Imported;
}

function defaultRanges(): RangeLists {
  return geoipLiteRanges(readCountryDat(GEOIP_LITE_DATA));
}

export function buildTable(src: TableSource = {}): BuiltTable {
  const maxBytes = (src.maxKb ?? DEFAULT_MAX_KB) * 1024;
  if (!src.from || src.from.length === 0) {
    const info = { ...GEOIP_LITE_INFO, ...pick(src) };
    return packWithinBudget(defaultRanges(), info, maxBytes);
  }
  const imported = importRanges(readInputFiles(src.from));
  const info: GeoTableInfo = {
    date: imported.date,
    source: imported.source,
    attribution: imported.attribution,
    ...pick(src),
  };
  if (!info.date) {
    throw new Error('the files carry no date: give --date YYYY-MM-DD');
  }
  return { ...packWithinBudget(imported.lists, info, maxBytes), imported };
}

/** The info fields the caller set. */
function pick(src: TableSource): Partial<GeoTableInfo> {
  const out: Partial<GeoTableInfo> = {};
  for (const k of ['date', 'source', 'attribution'] as const) {
    if (src[k] !== undefined) {
      out[k] = src[k];
    }
  }
  return out;
}

/** The table as the plugin ships it: build/assets/ when built and fresh, else geoip-lite's data (≈1 s). */
export function nodeGeoTable(): GeoTable {
  const built = path.join(BUILD_DIR, GEO_TABLE_ASSET);
  if (isFresh([built], tableInputs())) {
    return GeoTable.decode(gunzipSync(readFileSync(built)));
  }
  return new GeoTable(packSegments(defaultRanges(), GEOIP_LITE_INFO).segments);
}
