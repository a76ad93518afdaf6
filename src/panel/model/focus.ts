// What a wide chart puts forward. With a few series every one gets its band, legend line and tooltip block;
// with hundreds (one line per pod, host, endpoint) a thousand overlaid bands are an opaque smear and a
// thousand legend lines unreadable, so the chart draws every value line and every anomaly marker, but
// bands, predictions and legend lines only for the most anomalous series, and the tooltip lists the series
// nearest the cursor.
import type { ChartData } from './align';
import type { BandSeries } from './series';

/** Series drawn in full (band, prediction, legend line) when there are more. */
export const FOCUS_COUNT = 10;
/** Tooltip blocks when there are more series than that: the hovered series and the nearest others. */
export const TOOLTIP_ROWS = 5;

/** The highest score of a series (NaN scores, e.g. during warm-up, ignored); -1 when it has none. */
export function peakScore(s: BandSeries): number {
  let peak = -1;
  const { score } = s;
  for (let i = 0; i < score.length; i++) {
    if (score[i] > peak) {
      peak = score[i];
    }
  }
  return peak;
}

/** Series indices, most anomalous first: peak score, then anomaly count, then the query's order. */
export function anomalyRank(series: BandSeries[]): number[] {
  const peaks = series.map(peakScore);
  return series
    .map((_, i) => i)
    .sort((a, b) => peaks[b] - peaks[a] || series[b].anomalyCount - series[a].anomalyCount || a - b);
}

/** Which series are drawn in full: all of them up to FOCUS_COUNT, else the FOCUS_COUNT most anomalous. */
export function focusedSeries(series: BandSeries[], rank = anomalyRank(series)): boolean[] {
  if (series.length <= FOCUS_COUNT) {
    return series.map(() => true);
  }
  const focused = series.map(() => false);
  for (const i of rank.slice(0, FOCUS_COUNT)) {
    focused[i] = true;
  }
  return focused;
}

/**
 * Candidates (column indices, in order) → the `count` whose value is nearest `target`, nearest first;
 * `first` (e.g. the series of the marker under the cursor) leads when given. Values that are null or NaN
 * never count. Linear in the candidates (a partial selection, not a sort of all).
 */
export function nearestTo(
  candidates: number[],
  valueOf: (c: number) => number | null | undefined,
  target: number,
  count: number,
  first?: number
): number[] {
  const picked: number[] = first !== undefined ? [first] : [];
  const dist: number[] = first !== undefined ? [-1] : [];
  for (const c of candidates) {
    const v = valueOf(c);
    if (c === first || v == null || v !== v) {
      continue;
    }
    const d = Math.abs(v - target);
    if (picked.length < count) {
      picked.push(c);
      dist.push(d);
    } else if (d < dist[dist.length - 1]) {
      picked[picked.length - 1] = c;
      dist[dist.length - 1] = d;
    } else {
      continue;
    }
    // Keep `picked` sorted by distance (insertion step; `count` is small).
    for (let j = picked.length - 1; j > 0 && dist[j] < dist[j - 1]; j--) {
      [dist[j], dist[j - 1]] = [dist[j - 1], dist[j]];
      [picked[j], picked[j - 1]] = [picked[j - 1], picked[j]];
    }
  }
  return picked;
}

/**
 * The tooltip's blocks at aligned position `idx`: every visible series with a point there when they are
 * TOOLTIP_ROWS or fewer (in the query's order), else the series nearest `cursorValue` (the y under the
 * cursor), the one of the marker under the cursor first. `more`: the visible series with a point left out.
 */
export function tooltipColumns(
  data: ChartData,
  idx: number,
  visible: boolean[],
  cursorValue: number,
  markerColumn?: number
): { columns: number[]; more: number } {
  const candidates: number[] = [];
  data.columns.forEach((c, ci) => {
    if (visible[ci] && c.index[idx] >= 0) {
      candidates.push(ci);
    }
  });
  if (candidates.length <= TOOLTIP_ROWS) {
    return { columns: candidates, more: 0 };
  }
  const first = markerColumn !== undefined && candidates.includes(markerColumn) ? markerColumn : undefined;
  const columns = nearestTo(candidates, (c) => data.columns[c].value[idx], cursorValue, TOOLTIP_ROWS, first);
  return { columns, more: candidates.length - columns.length };
}
