// The world map on screen: the TopoJSON asset (world-atlas 50m with alpha-2 ids, served from the plugin's
// own assets/) projected ONCE per page into a fixed frame that every panel scales with an SVG viewBox
// (resizing costs nothing). The projection (geo/project.ts) runs in the web-log Web Worker; without a worker
// it runs here in time slices that yield to the event loop. Either way: no long main-thread task.

import type { CountryShape, WorldPaths } from '../../geo/project';
import { worldPathsAt } from '../../weblog/job';
import { worldFromWorker, yieldToMain } from '../../weblog-client/client';
import { appPublicPath } from '../../weblog-client/publicPath';

export type { CountryShape };

export interface ProjectedWorld {
  shapes: CountryShape[];
  /** View position of a code's point (largest polygon's centroid, or a hand-picked point). */
  point: (code: string) => [number, number] | undefined;
  /** Codes with a drawable outline. */
  outlined: Set<string>;
  /** viewBox: [x, y, width, height]. */
  viewBox: [number, number, number, number];
}

function projected(w: WorldPaths): ProjectedWorld {
  return {
    shapes: w.shapes,
    point: (code) => w.points[code],
    outlined: new Set(w.shapes.map((s) => s.code).filter((c) => c !== '')),
    viewBox: w.viewBox,
  };
}

let world: Promise<ProjectedWorld> | undefined;

/** Loads and projects the world map once per page (≈230 KB gzip from the plugin's assets). */
export function loadWorld(): Promise<ProjectedWorld> {
  if (!world) {
    world = (async () => {
      const t0 = performance.now();
      const paths = (await worldFromWorker()) ?? (await worldPathsAt(appPublicPath(), yieldToMain));
      performance.measure?.('bandscope-map-world', { start: t0 });
      return projected(paths);
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
