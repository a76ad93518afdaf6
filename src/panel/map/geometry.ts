// The world map's geometry on screen: the TopoJSON asset (world-atlas 50m with alpha-2 ids, served from
// the plugin's own assets/) turned into features once per page, then projected into SVG path strings
// once per panel size. d3-geo comes from Grafana's shared `d3`; topojson-client is bundled (tiny).

import { geoNaturalEarth1, geoPath, type GeoPermissibleObjects } from 'd3';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';

import { gunzipIfNeeded, WORLD_MAP_ASSET } from '../../geo/assets';
import type { CountryProperties, WorldMap } from '../../geo/world';
import { appPublicPath } from './assets';
import { yieldToMain } from './weblogClient';

export interface WorldGeometry {
  features: Array<Feature<Geometry, CountryProperties>>;
  /** [lon, lat] per alpha-2: the centroid of the largest polygon, or a hand-picked point. */
  points: Record<string, [number, number]>;
}

let world: Promise<WorldGeometry> | undefined;

/** Loads the world map once per page (≈230 KB gzip from the plugin's assets). */
export function loadWorld(): Promise<WorldGeometry> {
  if (!world) {
    world = (async () => {
      const res = await fetch(appPublicPath() + WORLD_MAP_ASSET);
      if (!res.ok) {
        throw new Error(`world map: HTTP ${res.status}`);
      }
      const bytes = await gunzipIfNeeded(await res.arrayBuffer());
      await yieldToMain();
      const topo = JSON.parse(new TextDecoder().decode(bytes)) as WorldMap;
      await yieldToMain();
      const fc = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, CountryProperties>;
      return { features: fc.features, points: topo.bandscope.points };
    })();
    world.catch(() => (world = undefined));
  }
  return world;
}

export interface CountryShape {
  code: string;
  name: string;
  d: string;
  /** Projected area (px²): tiny shapes also get a dot. */
  area: number;
}

export interface ProjectedWorld {
  shapes: CountryShape[];
  /** Screen position of a code's point, or undefined when off-map. */
  point: (code: string) => [number, number] | undefined;
  /** Codes with a drawable outline. */
  outlined: Set<string>;
}

/** Projects the world into a width × height box (Natural Earth; Antarctica kept out of the fit). */
export function projectWorld(w: WorldGeometry, width: number, height: number): ProjectedWorld {
  const fitTo: FeatureCollection = {
    type: 'FeatureCollection',
    features: w.features.filter((f) => f.id !== 'AQ'),
  };
  const projection = geoNaturalEarth1().fitExtent(
    [
      [2, 2],
      [Math.max(3, width - 2), Math.max(3, height - 2)],
    ],
    fitTo as GeoPermissibleObjects
  );
  const path = geoPath(projection);
  const shapes: CountryShape[] = [];
  const outlined = new Set<string>();
  for (const f of w.features) {
    const d = path(f as GeoPermissibleObjects);
    if (!d) {
      continue;
    }
    const code = typeof f.id === 'string' ? f.id : '';
    shapes.push({ code, name: f.properties?.name ?? code, d, area: path.area(f as GeoPermissibleObjects) });
    if (code) {
      outlined.add(code);
    }
  }
  const cache = new Map<string, [number, number] | undefined>();
  const point = (code: string) => {
    if (!cache.has(code)) {
      const p = w.points[code];
      const xy = p ? projection(p) : null;
      cache.set(code, xy ? [xy[0], xy[1]] : undefined);
    }
    return cache.get(code);
  };
  return { shapes, point, outlined };
}
