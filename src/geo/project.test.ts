import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

import type { WorldTopology } from './world';
import { naturalEarth1, projectWorldMap, VIEW_HEIGHT, VIEW_WIDTH, viewProjection } from './project';

const WORLD = path.resolve(__dirname, '../../build/assets/world-50m.topo.json.gz');

describe('world projection', () => {
  it('is Natural Earth I (d3-geo geoNaturalEarth1Raw values)', () => {
    // Reference values printed by d3-geo 3.1.2 geoNaturalEarth1Raw.
    expect(naturalEarth1(Math.PI, 0)).toEqual([2.735384723480633, 0]);
    expect(naturalEarth1(1, 0.5)).toEqual([0.8368468171386719, 0.505204669921875]);
    expect(naturalEarth1(-2, -1.2)).toEqual([-1.326015780295934, -1.1804032365937458]);
  });

  it('fits ±180° and 83.7°N…56°S into the fixed frame, north up', () => {
    const p = viewProjection();
    expect(p(-180, 0)[0]).toBeCloseTo(0, 6);
    expect(p(180, 0)[0]).toBeCloseTo(VIEW_WIDTH, 6);
    expect(p(0, 83.7)[1]).toBeGreaterThanOrEqual(-1e-6);
    expect(p(0, -56)[1]).toBeLessThanOrEqual(VIEW_HEIGHT + 1e-6);
    expect(p(0, 40)[1]).toBeLessThan(p(0, -40)[1]);
  });

  it('projects every country of the asset into paths, with points for every IP country', async () => {
    const topo = JSON.parse(gunzipSync(readFileSync(WORLD)).toString('utf8')) as WorldTopology;
    let pauses = 0;
    const w = await projectWorldMap(topo, async () => void pauses++, 0);
    expect(pauses).toBeGreaterThan(100);
    // 241 geometries; the smallest (Monaco, Nauru…) shrink below a pixel and are drawn as dots instead.
    expect(w.shapes.length).toBeGreaterThan(215);
    const us = w.shapes.find((s) => s.code === 'US')!;
    expect(us.d).toMatch(/^M[\d.]+,[\d.]+L/);
    const ru = w.shapes.find((s) => s.code === 'RU')!;
    expect(ru.area).toBeGreaterThan(us.area);
    const sg = w.shapes.find((s) => s.code === 'SG');
    expect(sg === undefined || sg.area < 2).toBe(true);
    // Rings across the antimeridian (Chukotka, Fiji, the Aleutians) do not streak across the map.
    for (const code of ['RU', 'FJ', 'US', 'KI', 'NZ']) {
      const xs = Array.from(
        w.shapes.find((s) => s.code === code)!.d.matchAll(/([ML])(-?[\d.]+),/g),
        (m) => [m[1], Number(m[2])] as const
      );
      const jumps = xs.filter(([cmd, x], i) => i > 0 && cmd === 'L' && Math.abs(x - xs[i - 1][1]) > 100);
      expect(jumps).toEqual([]);
    }
    expect(w.shapes.some((s) => s.code === 'AQ')).toBe(false);
    // France's point is the mainland centroid, not somewhere in the Atlantic.
    const [fx, fy] = w.points.FR;
    const [px, py] = viewProjection()(2.35, 48.86); // Paris
    expect(Math.hypot(fx - px, fy - py)).toBeLessThan(15);
    expect(Object.keys(w.points).length).toBeGreaterThanOrEqual(249);
  });
});
