// Legend in Grafana's style (VizLegend list), with each series' anomaly and episode counts. Beyond
// FOCUS_COUNT series it lists the most anomalous ones (those drawn with their band) and "N more series".
import React from 'react';

import { LegendDisplayMode, useTheme2, VizLegend, type VizLegendItem } from '@grafana/ui';

import { FOCUS_COUNT } from '../model/focus';
import type { BandSeries } from '../model/series';

interface Props {
  series: BandSeries[];
  /** Series indices, most anomalous first (anomalyRank). */
  rank: number[];
  colors: string[];
  hidden: Set<string>;
  onToggle: (key: string, isolate: boolean) => void;
}

export function BandLegend({ series, rank, colors, hidden, onToggle }: Props) {
  const theme = useTheme2();
  const total = series.reduce((a, s) => a + s.anomalyCount, 0);
  const shown = series.length > FOCUS_COUNT ? rank.slice(0, FOCUS_COUNT) : series.map((_, i) => i);
  const more = series.length - shown.length;
  const items: Array<VizLegendItem<BandSeries>> = shown
    .map((i) => series[i])
    .map((s, j) => ({
      label: s.name,
      color: colors[shown[j]],
      yAxis: 1,
      disabled: hidden.has(s.key),
      data: s,
      getItemKey: () => s.key,
      getDisplayValues: () => [
        { numeric: s.anomalyCount, text: String(s.anomalyCount), title: 'Anomalies' },
        { numeric: s.episodes.length, text: String(s.episodes.length), title: 'Episodes' },
      ],
    }));
  return (
    <div data-testid="bandscope-legend" data-anomaly-count={total} data-more={more}>
      <VizLegend
        placement="bottom"
        displayMode={LegendDisplayMode.List}
        items={items}
        onLabelClick={(item, event) => onToggle(item.data!.key, !(event.ctrlKey || event.metaKey || event.shiftKey))}
        itemRenderer={undefined}
      />
      {more > 0 && (
        <div
          data-testid="bandscope-legend-more"
          title="The legend lists the series with the highest anomaly score (drawn with their band and prediction)."
          style={{ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize, paddingLeft: 8 }}
        >
          {more} more series, {total} anomalies in all (top {shown.length} by anomaly score shown)
        </div>
      )}
      <span hidden>
        {shown
          .map((i) => series[i])
          .map((s) => (
            <span
              key={s.key}
              data-testid="bandscope-legend-item"
              data-series={s.name}
              data-anomaly-count={s.anomalyCount}
              data-episodes={s.episodes.length}
            />
          ))}
      </span>
    </div>
  );
}
