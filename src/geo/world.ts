// The world map asset: world-atlas 2.0.2 `countries-50m.json` (Natural Earth 1:50m) rewritten at build
// time so that each country geometry's `id` is its ISO alpha-2 code, plus one label point per IP country.

import type { GeometryCollection, Topology } from 'topojson-specification';

/** Properties of a country geometry. Features the ISO list lacks (Somaliland, N. Cyprus…) have no `id`. */
export interface CountryProperties {
  name: string;
}

export interface WorldTopology extends Topology<{ countries: GeometryCollection<CountryProperties> }> {
  bandscope: {
    /**
     * [longitude, latitude] per alpha-2 code: the centroid of the country's largest polygon (France's
     * whole-feature centroid lies in the Atlantic), or a hand-picked point for countries without an
     * outline at this scale. Covers every code of the IP table.
     */
    points: Record<string, [number, number]>;
  };
}
