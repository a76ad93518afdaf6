// Test helper: geoip-lite answering from its *country* files, the reference the packed table must match.

import { mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { GEOIP_LITE_DATA } from './geo-node';

export interface GeoipLite {
  lookup(ip: string): { country: string } | null;
}

/**
 * geoip-lite prefers its city files and falls back to the country files only when the city files are
 * missing, so point it (via its `global.geodatadir` setting, read when the module loads) at a directory
 * holding just the latter. Load it nowhere else in the same module registry first.
 */
export function geoipLiteCountryOnly(): GeoipLite {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'geoip-country-'));
  for (const f of ['geoip-country.dat', 'geoip-country6.dat']) {
    symlinkSync(path.join(GEOIP_LITE_DATA, f), path.join(dir, f));
  }
  const g = global as { geodatadir?: string };
  const previous = g.geodatadir;
  g.geodatadir = dir;
  try {
    return require('geoip-lite');
  } finally {
    g.geodatadir = previous;
  }
}
