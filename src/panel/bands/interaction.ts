// The band chart's pointer interaction with uPlot: drag-zoom and click-to-select through one mutable link
// (PlotLink), and hover snapping to the anomaly marker under the cursor.
import type uPlot from 'uplot';

import type { ChartData, Extent } from '../model/align';
import { alignedData, type ChartMarker } from './config';
import { LinePaths } from './linePaths';

/**
 * Mutable state shared with uPlot hooks: the marker time and the latest callbacks. No member is called
 * `refs`: Grafana's React 19 plugin scanner reports those as legacy string refs.
 */
export class PlotLink {
  readonly marker: ChartMarker = {};
  /** The value lines' paths, kept across this chart's plots. */
  readonly linePaths = new LinePaths();
  private plot: uPlot | undefined;
  private onChangeTimeRange?: (r: Extent) => void;
  private onTimeSelect?: (t: number) => void;

  update(markerTime: number | undefined, onChangeTimeRange?: (r: Extent) => void, onTimeSelect?: (t: number) => void) {
    this.onChangeTimeRange = onChangeTimeRange;
    this.onTimeSelect = onTimeSelect;
    if (this.marker.markerTime !== markerTime) {
      this.marker.markerTime = markerTime;
      this.plot?.redraw(false, false);
    }
  }

  /** The data the hooks draw from now on, and uPlot's arrays of it. */
  drawing(data: ChartData | undefined): uPlot.AlignedData | undefined {
    this.marker.data = data;
    return data ? alignedData(data) : undefined;
  }

  /** Draws `data` unless the plot already has it (a plot not yet created draws its own). */
  show(data: uPlot.AlignedData | undefined) {
    if (data && this.plot && this.plot.data !== data) {
      this.plot.setData(data);
    }
  }

  zoom(r: Extent) {
    this.onChangeTimeRange?.(r);
  }

  /**
   * Click without drag → onTimeSelect(time under the mouse of this click). Read from the event, not from
   * `u.cursor.left`: a click also pins the tooltip (TooltipPlugin2), and a pinned tooltip locks the cursor,
   * so the next click would otherwise report the pinned time.
   */
  attach(u: uPlot) {
    this.plot = u;
    let downX = NaN;
    u.over.addEventListener('mousedown', (e) => (downX = e.clientX));
    u.over.addEventListener('mouseup', (e) => {
      if (Math.abs(e.clientX - downX) >= 3) {
        return;
      }
      const x = clickX(u.over, e);
      if (x >= 0 && x <= u.over.clientWidth) {
        this.onTimeSelect?.(u.posToVal(x, 'x'));
      }
    });
  }
}

/** The event's x in CSS px from the left edge of the plot's over element (whatever child was hit). */
function clickX(over: HTMLElement, e: MouseEvent): number {
  return e.clientX - over.getBoundingClientRect().left;
}

/**
 * The hovered aligned index, or the anomaly marker under the cursor when there is one (within `radius`
 * CSS px) with its column: with thousands of points per pixel column the nearest x is rarely the marker the
 * user points at.
 */
export function snapToMarker(
  u: uPlot,
  data: ChartData,
  idx: number | null | undefined,
  radius: number
): { idx: number; column?: number } | null {
  const left = u.cursor.left;
  const top = u.cursor.top;
  if (idx == null) {
    return null;
  }
  if (left == null || top == null || left < 0) {
    return { idx };
  }
  let best: { idx: number; column?: number } = { idx };
  let bestDist = radius * radius;
  for (const [ci, c] of data.columns.entries()) {
    for (const p of c.markers) {
      const y = c.value[p];
      if (y == null) {
        continue;
      }
      const dx = u.valToPos(data.x[p], 'x') - left;
      if (dx > radius || dx < -radius) {
        continue;
      }
      const dy = u.valToPos(y, 'y') - top;
      const d = dx * dx + dy * dy;
      if (d <= bestDist) {
        bestDist = d;
        best = { idx: p, column: ci };
      }
    }
  }
  return best;
}
