// Node side of the geo table: where the inputs and outputs live, building the table from geoip-lite or a
// CSV, and loading it for the CLI, benchmark and tests (the built asset when fresh, else built in memory).
// Kept free of d3 (ESM-only, which jest here does not transform); the world map lives in geo-world.ts.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import { GEO_TABLE_ASSET } from '../src/geo/assets';
import type { GeoSegments } from '../src/geo/format';
import { GeoTable } from '../src/geo/table';
import { buildSegments, parseRangeCsv, readGeoipLiteCountry } from './geo-table';

export const ROOT = path.resolve(__dirname, '..');
export const BUILD_DIR = path.join(ROOT, 'build');
export const GEOIP_LITE_DATA = path.join(path.dirname(require.resolve('geoip-lite/package.json')), 'data');
/** geoip-lite 2.0.3 ships GeoLite2 as of this date (its data files carry no date of their own). */
export const GEOIP_LITE_DATE = '2019-08-28';
export const GEOIP_LITE_SOURCE = 'geoip-lite 2.0.3 (GeoLite2 Country)';

/** Files whose change makes the built table stale: the data and the code that shapes it. */
export function tableInputs(): string[] {
  const code = ['geo-node.ts', 'geo-table.ts'].map((f) => path.join(ROOT, 'scripts', f));
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

export interface TableSource {
  /** A `start,end,country` CSV to build from instead of geoip-lite's data. */
  csv?: string;
  /** Date of the data (YYYY-MM-DD); for a CSV, defaults to the file's modification date. */
  date?: string;
}

export function buildTable(src: TableSource = {}): GeoSegments {
  if (src.csv) {
    const date = src.date ?? statSync(src.csv).mtime.toISOString().slice(0, 10);
    return buildSegments(parseRangeCsv(readFileSync(src.csv, 'utf8')), date, `CSV ${path.basename(src.csv)}`);
  }
  return buildSegments(readGeoipLiteCountry(GEOIP_LITE_DATA), src.date ?? GEOIP_LITE_DATE, GEOIP_LITE_SOURCE);
}

/** The table as the plugin ships it: build/assets/ when built and fresh, else geoip-lite's data (≈1 s). */
export function nodeGeoTable(): GeoTable {
  const built = path.join(BUILD_DIR, GEO_TABLE_ASSET);
  if (isFresh([built], tableInputs())) {
    return GeoTable.decode(gunzipSync(readFileSync(built)));
  }
  return new GeoTable(buildTable());
}
