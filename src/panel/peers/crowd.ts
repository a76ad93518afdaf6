// The peers view's crowd: every series not highlighted as one thin grey path, drawn in one canvas pass (a uPlot
// hook) under the band and the highlighted series. Each series' Path2D is kept (LinePaths) while its values, the
// scales and the plot box stay: the comparison's arrival redraws the chart with the outliers and the cluster range,
// and rebuilding 1,000 crowd paths of 1,440 points was most of that redraw.
import type uPlot from 'uplot';

import type { LinePaths } from '../bands/linePaths';
import type { PeerSeries } from './model';

export function drawCrowd(u: uPlot, times: Float64Array, crowd: PeerSeries[], color: string, paths: LinePaths) {
  const { ctx } = u;
  const n = times.length;
  let xs: Float64Array | undefined; // the x positions, computed only if a path is built
  ctx.save();
  ctx.beginPath();
  ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
  ctx.clip();
  ctx.lineWidth = devicePixelRatio;
  ctx.strokeStyle = color;
  for (const s of crowd) {
    const path = paths.path(u, s.key, times, s.values, 'y', 0, n - 1, () => {
      xs ??= Float64Array.from(times, (t) => u.valToPos(t, 'x', true));
      return linePath(u, xs, s.values);
    });
    ctx.stroke(path);
  }
  ctx.restore();
}

/** One series in canvas pixels; NaN lifts the pen. */
function linePath(u: uPlot, xs: Float64Array, values: Float64Array): Path2D {
  const path = new Path2D();
  let pen = false;
  for (let t = 0; t < xs.length; t++) {
    const v = values[t];
    if (v !== v) {
      pen = false;
      continue;
    }
    const y = u.valToPos(v, 'y', true);
    if (pen) {
      path.lineTo(xs[t], y);
    } else {
      path.moveTo(xs[t], y);
      pen = true;
    }
  }
  return path;
}
