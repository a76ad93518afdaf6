// Lazy loaders for the geo assets: the caller says how to fetch a plugin file (e.g. via the plugin's
// public path), so this module stays free of Grafana and DOM APIs and runs in a Web Worker as well.

import { type FetchBytes, GEO_TABLE_ASSET, gunzipIfNeeded, WORLD_MAP_ASSET } from './assets';
import { decodeGeoTableInfo, type GeoTableInfo } from './format';
import { GeoTable } from './table';
import type { WorldTopology } from './world';

/** Fetches, gunzips and decodes the IP→country table (≈0.3 MB transferred, ≈20 ms to decode). */
export async function loadGeoTable(fetchBytes: FetchBytes): Promise<GeoTable> {
  return GeoTable.decode(await gunzipIfNeeded(await fetchBytes(GEO_TABLE_ASSET)));
}

/** What the shipped IP→country table is (source, date, attribution), for pages that show it but look nothing up. */
export async function loadGeoTableInfo(fetchBytes: FetchBytes): Promise<GeoTableInfo> {
  return decodeGeoTableInfo(await gunzipIfNeeded(await fetchBytes(GEO_TABLE_ASSET)));
}

/**
 * Fetches and parses the world map (TopoJSON with alpha-2 ids and per-country label points). `pause`, if
 * given, is awaited after the gunzip and after the parse (to yield on a main thread).
 */
export async function loadWorldMap(fetchBytes: FetchBytes, pause?: () => Promise<void>): Promise<WorldTopology> {
  const bytes = await gunzipIfNeeded(await fetchBytes(WORLD_MAP_ASSET));
  await pause?.();
  const map = JSON.parse(new TextDecoder().decode(bytes)) as WorldTopology;
  await pause?.();
  return map;
}
