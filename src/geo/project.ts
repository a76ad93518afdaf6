// Projects the world map asset into SVG path strings in a fixed frame: Natural Earth I (the same
// polynomial as d3-geo's geoNaturalEarth1), a radial simplification to what a screen can show, one path
// string per country. Pure and dependency-free (topojson-client is bundled), so it runs in the web-log
// Web Worker — the main thread never pays the ~250 ms the 1:50m outlines cost — or, as a fallback, on the
// main thread in time slices.

import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import { feature } from 'topojson-client';

import type { CountryProperties, WorldTopology } from './world';

/** The fixed frame (view units) the world is projected into; panels scale it with an SVG viewBox. */
export const VIEW_WIDTH = 1000;
export const VIEW_HEIGHT = 500;
/** Points closer than this (view units) to the last kept one are dropped: under a pixel on any panel. */
const SIMPLIFY = 0.4;
/** Extent fitted into the frame: ±180° at the equator, the northernmost land and South America's tip. */
const FIT_LAT = [83.7, -56];

export interface CountryShape {
  /** ISO alpha-2; '' for the few features ISO has no code for. */
  code: string;
  name: string;
  /** SVG path in view coordinates. */
  d: string;
  /** Area in view units² (Infinity for big shapes: only small ones are measured). */
  area: number;
}

/** The projected world, plain data (structured-clone friendly). */
export interface WorldPaths {
  shapes: CountryShape[];
  /** View position of each code's point (largest polygon's centroid, or a hand-picked point). */
  points: Record<string, [number, number]>;
  viewBox: [number, number, number, number];
}

const RAD = Math.PI / 180;

/** Natural Earth I in radians (Šavrič et al. 2011), as d3-geo's geoNaturalEarth1Raw. */
export function naturalEarth1(lambda: number, phi: number): [number, number] {
  const phi2 = phi * phi;
  const phi4 = phi2 * phi2;
  return [
    lambda * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4))),
    phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4))),
  ];
}

/** lon/lat degrees → view units, fitted and centred in the frame (north up). */
export function viewProjection(): (lon: number, lat: number) => [number, number] {
  const xMax = naturalEarth1(Math.PI, 0)[0];
  const yTop = naturalEarth1(0, FIT_LAT[0] * RAD)[1];
  const yBottom = naturalEarth1(0, FIT_LAT[1] * RAD)[1];
  const s = Math.min(VIEW_WIDTH / (2 * xMax), VIEW_HEIGHT / (yTop - yBottom));
  const dx = VIEW_WIDTH / 2;
  const dy = VIEW_HEIGHT / 2 + ((yTop + yBottom) / 2) * s;
  return (lon, lat) => {
    const [x, y] = naturalEarth1(lon * RAD, lat * RAD);
    return [dx + x * s, dy - y * s];
  };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

/**
 * Longitudes of a ring made continuous (a step over ±180° continues past it instead of jumping back),
 * then moved by 360° if the ring ended up mostly beyond ±180°. world-atlas keeps rings that cross the
 * antimeridian (Chukotka, Fiji, the Aleutians) whole; drawn naively they would streak across the map.
 */
function unwrapped(coords: Position[]): Float64Array {
  const lon = new Float64Array(coords.length);
  let offset = 0;
  let sum = 0;
  for (let i = 0; i < coords.length; i++) {
    const raw = coords[i][0];
    if (i > 0) {
      const step = raw - coords[i - 1][0];
      offset += step > 180 ? -360 : step < -180 ? 360 : 0;
    }
    lon[i] = raw + offset;
    sum += lon[i];
  }
  const mean = coords.length > 0 ? sum / coords.length : 0;
  const shift = mean > 180 ? -360 : mean < -180 ? 360 : 0;
  if (shift !== 0) {
    lon.forEach((v, i) => (lon[i] = v + shift));
  }
  return lon;
}

/** Appends one ring to `out`; returns its signed area (view units²). */
function ring(coords: Position[], project: (lon: number, lat: number) => [number, number], out: string[]): number {
  const lons = unwrapped(coords);
  let area = 0;
  let lx = 0;
  let ly = 0;
  let fx = 0;
  let fy = 0;
  let kept = 0;
  const eps2 = SIMPLIFY * SIMPLIFY;
  const parts: string[] = [];
  for (let i = 0; i < coords.length; i++) {
    const [x, y] = project(lons[i], coords[i][1]);
    const last = i === coords.length - 1;
    if (kept > 0 && !last && (x - lx) * (x - lx) + (y - ly) * (y - ly) < eps2) {
      continue;
    }
    if (kept === 0) {
      fx = x;
      fy = y;
      parts.push(`M${r1(x)},${r1(y)}`);
    } else {
      area += lx * y - x * ly;
      parts.push(`L${r1(x)},${r1(y)}`);
    }
    lx = x;
    ly = y;
    kept++;
  }
  if (kept < 3) {
    return 0; // too small to draw at this scale: the shape gets a dot instead
  }
  area += lx * fy - fx * ly;
  out.push(parts.join(''), 'Z');
  return area / 2;
}

function shapeOf(
  f: Feature<Geometry, CountryProperties>,
  project: (lon: number, lat: number) => [number, number]
): CountryShape | null {
  const g = f.geometry;
  const polygons = !g ? [] : g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [];
  const out: string[] = [];
  let area = 0;
  for (const polygon of polygons) {
    polygon.forEach((r, i) => {
      const a = Math.abs(ring(r, project, out));
      area += i === 0 ? a : -a;
    });
  }
  if (out.length === 0) {
    return null;
  }
  const code = typeof f.id === 'string' ? f.id : '';
  return { code, name: f.properties?.name ?? code, d: out.join(''), area: Math.max(0, area) };
}

/**
 * Projects every country. `pause` (main-thread fallback) is awaited whenever `sliceMs` have passed, so
 * the work never blocks the thread for long.
 */
export async function projectWorldMap(
  topo: WorldTopology,
  pause?: () => Promise<void>,
  sliceMs = 16
): Promise<WorldPaths> {
  let t = performance.now();
  const fc = feature(topo, topo.objects.countries) as FeatureCollection<Geometry, CountryProperties>;
  const project = viewProjection();
  const shapes: CountryShape[] = [];
  for (const f of fc.features) {
    if (f.id === 'AQ') {
      continue; // Antarctica lies outside the fitted frame (and circles the pole)
    }
    if (pause && performance.now() - t > sliceMs) {
      await pause();
      t = performance.now();
    }
    const s = shapeOf(f, project);
    if (s) {
      shapes.push(s);
    }
  }
  const points: Record<string, [number, number]> = {};
  for (const [code, p] of Object.entries(topo.bandscope.points)) {
    points[code] = project(p[0], p[1]);
  }
  return { shapes, points, viewBox: [0, 0, VIEW_WIDTH, VIEW_HEIGHT] };
}
