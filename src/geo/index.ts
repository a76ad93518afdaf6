// Public API of the geo engine (IP → country, country metadata, map assets). Pure TypeScript: runs in
// Node, a browser main thread and a Web Worker.
export { GEO_TABLE_ASSET, gunzipIfNeeded, WORLD_MAP_ASSET } from './assets';
export type { FetchBytes } from './assets';
export { COUNTRY_NAMES, countryName, NUMERIC_TO_ALPHA2, POINTS_WITHOUT_OUTLINE } from './countries';
export { decodeGeoSegments, encodeGeoSegments } from './format';
export type { GeoSegments } from './format';
export { parseIPv4, parseIPv6 } from './ip';
export type { ParsedIPv6 } from './ip';
export { loadGeoTable, loadWorldMap } from './load';
export { GeoTable } from './table';
export type { CountryProperties, WorldMap } from './world';
