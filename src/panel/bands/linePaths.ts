// A wide chart's value lines outlive a change of k or alpha: the detector's options change the bands, not the
// values. uPlot rebuilds every series' path on `setData` and on a new plot; with 1,000 series × 1,440 points
// that is most of the redraw (Path2D and lineTo in the profile). LinePaths keeps each value line's path and hands
// it back while what it was built from is unchanged: the line's data, the x data, the scales, the plot box and
// the pixel ratio (a Path2D belongs to no canvas, so a new plot of the same size reuses it too). Two users: the
// band chart's value lines (uPlot series, `wrap`) and the peers view's crowd (drawn in a hook, `path`).
import type uPlot from 'uplot';

import { sameNumbers } from '../../detect';

type Column = uPlot.AlignedData[number];

interface Entry {
  x: Column;
  y: Column;
  /** Everything else the path's coordinates depend on. */
  geometry: number[];
  /** What the user built: uPlot's Paths for `wrap`, whatever `path`'s caller builds. */
  paths: unknown;
}

function geometryOf(u: uPlot, scaleKey: string, idx0: number, idx1: number): number[] {
  const x = u.scales.x;
  const y = u.scales[scaleKey];
  const { left, top, width, height } = u.bbox;
  return [
    idx0,
    idx1,
    x.min ?? NaN,
    x.max ?? NaN,
    y.min ?? NaN,
    y.max ?? NaN,
    left,
    top,
    width,
    height,
    devicePixelRatio,
  ];
}

export class LinePaths {
  private entries = new Map<string, Entry>();

  /**
   * Makes uPlot series `seriesIdx` of `u` (a value line, identified across plots by `id`) reuse its last path.
   * Call from the plot's `init` hook: uPlot reads `series.paths` on each draw, after init.
   */
  wrap(u: uPlot, seriesIdx: number, id: string) {
    const build = u.series[seriesIdx].paths;
    if (!build) {
      return;
    }
    u.series[seriesIdx].paths = (self, si, idx0, idx1) =>
      this.path(self, id, self.data[0], self.data[si], self.series[si].scale ?? 'y', idx0, idx1, () =>
        build(self, si, idx0, idx1)
      );
  }

  /**
   * The path of line `id`, drawn on `u` from `x` and `y` (on scale `scaleKey`, points idx0..idx1): the one kept
   * while all that and the plot box stay, else `build()`'s, kept for the next draw.
   */
  path<P>(u: uPlot, id: string, x: Column, y: Column, scaleKey: string, idx0: number, idx1: number, build: () => P): P {
    const geometry = geometryOf(u, scaleKey, idx0, idx1);
    const hit = this.entries.get(id);
    if (hit && hit.geometry.every((g, i) => g === geometry[i]) && sameNumbers(hit.y, y) && sameNumbers(hit.x, x)) {
      // the arrays drawn now, so the next draw of the same data compares by identity
      hit.x = x;
      hit.y = y;
      return hit.paths as P;
    }
    const paths = build();
    this.entries.set(id, { x, y, geometry, paths });
    return paths;
  }

  /** Forgets the lines not in `ids` (series no longer drawn). */
  retain(ids: Set<string>) {
    for (const id of this.entries.keys()) {
      if (!ids.has(id)) {
        this.entries.delete(id);
      }
    }
  }
}
