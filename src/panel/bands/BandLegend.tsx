// Legend in Grafana's style (VizLegend list), with each series' anomaly and episode counts.
import React from 'react';

import { LegendDisplayMode, VizLegend, type VizLegendItem } from '@grafana/ui';

import type { BandSeries } from '../model/series';

interface Props {
  series: BandSeries[];
  colors: string[];
  hidden: Set<string>;
  onToggle: (key: string, isolate: boolean) => void;
}

export function BandLegend({ series, colors, hidden, onToggle }: Props) {
  const total = series.reduce((a, s) => a + s.anomalyCount, 0);
  const items: Array<VizLegendItem<BandSeries>> = series.map((s, i) => ({
    label: s.name,
    color: colors[i],
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
    <div data-testid="bandscope-legend" data-anomaly-count={total}>
      <VizLegend
        placement="bottom"
        displayMode={LegendDisplayMode.List}
        items={items}
        onLabelClick={(item, event) => onToggle(item.data!.key, !(event.ctrlKey || event.metaKey || event.shiftKey))}
        itemRenderer={undefined}
      />
      <span hidden>
        {series.map((s) => (
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
