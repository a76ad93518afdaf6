// The world map's geometry on screen: the TopoJSON asset (world-atlas 50m with alpha-2 ids, served from
// the plugin's own assets/) turned into SVG path strings ONCE per page, in a fixed Natural Earth frame
// that every panel scales with an SVG viewBox (resizing costs nothing). Projecting the 50m outlines
// takes ~250 ms, so it runs in time slices that yield to the event loop: no long main-thread task.
// d3-geo comes from Grafana's shared `d3`; topojson-client is bundled (tiny).

import { geoNaturalEarth1, geoPath, type GeoPermissibleObjects, type GeoStream } from 'd3';
import type { FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';

import { gunzipIfNeeded, WORLD_MAP_ASSET } from '../../geo/assets';
import type { CountryProperties, WorldMap } from '../../geo/world';
import { appPublicPath } from './assets';
import { yieldToMain } from './weblogClient';

/** The fixed frame the world is projected into (Natural Earth's aspect, Antarctica left out of the fit). */
export const VIEW_WIDTH = 1000;
export const VIEW_HEIGHT = 500;
/** Longest main-thread slice while projecting (ms). */
const SLICE_MS = 20;

export interface CountryShape {
  /** ISO alpha-2; '' for the few features ISO has no code for. */
  code: string;
  name: string;
  /** SVG path in view coordinates. */
  d: string;
  /** Area in view units². */
  area: number;
}

export interface ProjectedWorld {
  shapes: CountryShape[];
  /** View position of a code's point (largest polygon's centroid, or a hand-picked point). */
  point: (code: string) => [number, number] | undefined;
  /** Codes with a drawable outline. */
  outlined: Set<string>;
  /** viewBox: [x, y, width, height]. */
  viewBox: [number, number, number, number];
}

const now = () => performance.now();

/** Drops projected points closer than `eps` view units to the last one kept (a cheap radial simplification). */
function simplified(eps: number) {
  const eps2 = eps * eps;
  return (out: GeoStream): GeoStream => {
    let lx = 0;
    let ly = 0;
    let first = true;
    return {
      point(x, y) {
        const dx = x - lx;
        const dy = y - ly;
        if (first || dx * dx + dy * dy >= eps2) {
          out.point(x, y);
          lx = x;
          ly = y;
          first = false;
        }
      },
      lineStart() {
        first = true;
        out.lineStart();
      },
      lineEnd: () => out.lineEnd(),
      polygonStart: () => out.polygonStart(),
      polygonEnd: () => out.polygonEnd(),
      sphere: () => out.sphere?.(),
    };
  };
}

async function project(topo: WorldMap): Promise<ProjectedWorld> {
  let t = now();
  const fc = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, CountryProperties>;
  // Fitting to the outlines would project all of them once more; Natural Earth's extent is known: ±180°
  // at the equator, the northernmost land (83.6°N) and the southern tip of South America (56°S).
  const extent = {
    type: 'MultiPoint',
    coordinates: [
      [-180, 0],
      [180, 0],
      [0, 83.7],
      [0, -56],
      [-180, 83.7],
      [180, -56],
    ],
  };
  const projection = geoNaturalEarth1().fitSize([VIEW_WIDTH, VIEW_HEIGHT], extent as GeoPermissibleObjects);
  // At 1000 view units wide, 0.4 units is under a pixel on any panel: the 50m outlines lose ~80% of
  // their points, which makes the paths, the DOM and every repaint that much lighter.
  const simplify = simplified(0.4);
  const path = geoPath({ stream: (out: GeoStream) => projection.stream(simplify(out)) }).digits(1);
  const shapes: CountryShape[] = [];
  const outlined = new Set<string>();
  for (const f of fc.features) {
    if (now() - t > SLICE_MS) {
      await yieldToMain();
      t = now();
    }
    const d = path(f as GeoPermissibleObjects);
    if (!d) {
      continue;
    }
    const code = typeof f.id === 'string' ? f.id : '';
    // Only short paths can be tiny; measuring the big ones would project them once more.
    shapes.push({
      code,
      name: f.properties?.name ?? code,
      d,
      area: d.length < 600 ? path.area(f as GeoPermissibleObjects) : Infinity,
    });
    if (code) {
      outlined.add(code);
    }
  }
  const points = new Map<string, [number, number]>();
  for (const [code, p] of Object.entries(topo.bandscope.points)) {
    const xy = projection(p);
    if (xy) {
      points.set(code, [xy[0], xy[1]]);
    }
  }
  return { shapes, outlined, point: (code) => points.get(code), viewBox: [0, 0, VIEW_WIDTH, VIEW_HEIGHT] };
}

let world: Promise<ProjectedWorld> | undefined;

/** Loads and projects the world map once per page (≈230 KB gzip from the plugin's assets). */
export function loadWorld(): Promise<ProjectedWorld> {
  if (!world) {
    world = (async () => {
      const res = await fetch(appPublicPath() + WORLD_MAP_ASSET);
      if (!res.ok) {
        throw new Error(`world map: HTTP ${res.status}`);
      }
      const bytes = await gunzipIfNeeded(await res.arrayBuffer());
      await yieldToMain();
      const t0 = now();
      const topo = JSON.parse(new TextDecoder().decode(bytes)) as WorldMap;
      performance.measure?.('bandscope-map-parse', { start: t0 });
      await yieldToMain();
      const t1 = now();
      const projected = await project(topo);
      performance.measure?.('bandscope-map-project', { start: t1 });
      return projected;
    })();
    world.catch(() => (world = undefined));
  }
  return world;
}

/** How the viewBox maps into a width × height box (SVG's xMidYMid meet). */
export function viewTransform(viewBox: ProjectedWorld['viewBox'], width: number, height: number) {
  const s = Math.min(width / viewBox[2], height / viewBox[3]);
  const dx = (width - viewBox[2] * s) / 2 - viewBox[0] * s;
  const dy = (height - viewBox[3] * s) / 2 - viewBox[1] * s;
  return { scale: s, toScreen: (p: [number, number]): [number, number] => [dx + p[0] * s, dy + p[1] * s] };
}
