// Build-time: world-atlas `countries-50m.json` → the map asset described in src/geo/world.ts.

import { geoArea, geoCentroid } from 'd3';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

import { countryName, NUMERIC_TO_ALPHA2, POINTS_WITHOUT_OUTLINE } from '../src/geo/countries';
import type { WorldTopology } from '../src/geo/world';

export type AtlasTopology = Topology<{ countries: GeometryCollection<{ name: string }> }>;

// world-atlas leaves Kosovo without an id (ISO has no numeric code for it); GeoLite2 calls it XK.
const ALPHA2_BY_ATLAS_NAME: Record<string, string> = { Kosovo: 'XK' };

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Centroid of the largest polygon, so multi-part countries get a point on their main landmass. */
function mainCentroid(f: Feature<Polygon | MultiPolygon>): [number, number] {
  let best: Feature<Polygon> | undefined;
  let bestArea = -1;
  const parts = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  for (const coordinates of parts) {
    const poly: Feature<Polygon> = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates } };
    const area = geoArea(poly);
    if (area > bestArea) {
      best = poly;
      bestArea = area;
    }
  }
  const [lon, lat] = geoCentroid(best!);
  return [round2(lon), round2(lat)];
}

/**
 * Re-keys the atlas by alpha-2 and adds a label point per country: the main-polygon centroid for those
 * with an outline, POINTS_WITHOUT_OUTLINE for the others.
 */
export function buildWorldMap(atlas: AtlasTopology): WorldTopology {
  const points: Record<string, [number, number]> = {};
  const geometries = atlas.objects.countries.geometries.map((g) => {
    const code =
      g.id !== undefined
        ? NUMERIC_TO_ALPHA2[String(g.id)]
        : ALPHA2_BY_ATLAS_NAME[(g.properties as { name: string }).name];
    if (!code) {
      const { id: _dropped, ...rest } = g;
      return rest;
    }
    const f = feature(atlas, g) as Feature<Polygon | MultiPolygon>;
    points[code] = mainCentroid(f);
    return { ...g, id: code, properties: { name: countryName(code) } };
  });
  for (const [code, point] of Object.entries(POINTS_WITHOUT_OUTLINE)) {
    points[code] ??= [point[0], point[1]];
  }
  const sortedPoints = Object.fromEntries(Object.entries(points).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    ...atlas,
    objects: { countries: { ...atlas.objects.countries, geometries } },
    bandscope: { points: sortedPoints },
  } as WorldTopology;
}
