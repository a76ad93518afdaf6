// A wide chart's value lines outlive a change of k or alpha: the detector's options change the bands, not the
// values. uPlot rebuilds every series' path on `setData` and on a new plot; with 1,000 series × 1,440 points
// that is most of the redraw (Path2D and lineTo in the profile). LinePaths keeps each value line's path and hands
// it back to uPlot while what it was built from is unchanged: the line's data, the x data, the scales, the plot
// box and the pixel ratio (a Path2D belongs to no canvas, so a new plot of the same size reuses it too).
import type uPlot from 'uplot';

import { sameNumbers } from '../../detect';

type Column = uPlot.AlignedData[number];

interface Entry {
  x: Column;
  y: Column;
  /** Everything else the path's coordinates depend on. */
  geometry: number[];
  paths: uPlot.Series.Paths | null;
}

function geometryOf(u: uPlot, seriesIdx: number, idx0: number, idx1: number): number[] {
  const x = u.scales.x;
  const y = u.scales[u.series[seriesIdx].scale ?? 'y'];
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
    u.series[seriesIdx].paths = (self, si, idx0, idx1) => {
      const x = self.data[0];
      const y = self.data[si];
      const geometry = geometryOf(self, si, idx0, idx1);
      const hit = this.entries.get(id);
      if (hit && hit.geometry.every((g, i) => g === geometry[i]) && sameNumbers(hit.y, y) && sameNumbers(hit.x, x)) {
        // the arrays drawn now, so the next draw of the same data compares by identity
        hit.x = x;
        hit.y = y;
        return hit.paths;
      }
      const paths = build(self, si, idx0, idx1);
      this.entries.set(id, { x, y, geometry, paths });
      return paths;
    };
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
