// The combined view: total requests with bands on top (the panel's BandChart), the map below, one
// time between them. Clicking or scrubbing the chart moves the map to that bucket; the map's bucket is a
// marker on the chart; each flagged bucket is a button that jumps there.

import { css } from '@emotion/css';
import React, { useCallback, useMemo } from 'react';

import { type DataFrame, type GrafanaTheme2 } from '@grafana/data';
import { ToolbarButton, useStyles2 } from '@grafana/ui';

import { bandTag, weblogMeta } from '../../contract';
import { BandChart } from '../bands/BandChart';
import type { BandscopeOptions } from '../types';
import { MapBody, type MapViewProps, useMapState } from './MapView';
import { bucketIndexAt, type MapModel } from './model';
import { formatBucket } from './TimeControls';

export interface CombinedViewProps extends Omit<MapViewProps, 'options'> {
  /** The panel's options, defaults filled in: the chart's detector and drawing options and the map's. */
  options: BandscopeOptions;
  /** Dashboard time range (the chart shows it when it overlaps the data). */
  timeRange?: { from: number | { valueOf(): number }; to: number | { valueOf(): number } };
  /** Drag-zoom on the chart (a panel passes its `onChangeTimeRange`). */
  onChangeTimeRange?: (range: { from: number; to: number }) => void;
}

const MAX_ANOMALY_BUTTONS = 8;

/** Bucket indices flagged by the detector in the requests frame (the contract's `anomaly` field). */
function anomalyIndices(requests: DataFrame | undefined, model: MapModel | undefined): number[] {
  if (!requests || !model) {
    return [];
  }
  const time = requests.fields.find((f) => f.type === 'time');
  const flag = requests.fields.find((f) => bandTag(f)?.role === 'anomaly');
  if (!time || !flag) {
    return [];
  }
  const out = new Set<number>();
  for (let i = 0; i < flag.values.length; i++) {
    if (Number(flag.values[i]) === 1) {
      out.add(bucketIndexAt(model, Number(time.values[i])));
    }
  }
  return Array.from(out).sort((a, b) => a - b);
}

export function CombinedView({
  data,
  width,
  height,
  timeZone,
  options,
  timeRange,
  onChangeTimeRange,
}: CombinedViewProps) {
  const styles = useStyles2(getStyles);
  const map = useMapState(data, options.map);
  const { state, player, onPlayer: setPlayer } = map;
  const model = state.model;
  const anomalies = useMemo(() => anomalyIndices(state.requests, model), [state.requests, model]);

  const chartHeight = Math.max(120, Math.round(height * 0.38));
  const stripHeight = 32;
  const mapHeight = Math.max(120, height - chartHeight - stripHeight);

  const onTimeSelect = useCallback(
    (t: number) => {
      if (model && Number.isFinite(t)) {
        setPlayer({ index: bucketIndexAt(model, t), playing: false });
      }
    },
    [model, setPlayer]
  );
  const frames = useMemo(() => (state.requests ? [state.requests] : []), [state.requests]);
  const markerTime = model && player.index >= 0 ? model.times[player.index] : undefined;
  const range = timeRange ? { from: timeRange.from.valueOf(), to: timeRange.to.valueOf() } : undefined;
  const next = anomalies.find((i) => i > player.index) ?? anomalies[0];
  const partial = state.requests ? weblogMeta(state.requests)?.partial : undefined;

  return (
    <div data-testid="bandscope-combined" className={styles.root} style={{ width, height }}>
      <div style={{ height: chartHeight }} data-testid="bandscope-combined-chart" data-marker={markerTime}>
        {frames.length > 0 && model ? (
          <BandChart
            frames={frames}
            options={options}
            width={width}
            height={chartHeight}
            timeZone={timeZone ?? 'browser'}
            timeRange={range}
            onChangeTimeRange={onChangeTimeRange}
            onTimeSelect={onTimeSelect}
            markerTime={markerTime}
          />
        ) : null}
      </div>
      <div className={styles.strip} style={{ height: stripHeight }} data-testid="bandscope-combined-anomalies">
        <span className={styles.label}>
          {anomalies.length === 0 ? 'No anomalous buckets' : `Anomalies (${anomalies.length}):`}
        </span>
        {anomalies.length > 0 && model && (
          <ToolbarButton
            icon="arrow-right"
            tooltip="Next anomalous bucket"
            data-testid="bandscope-next-anomaly"
            onClick={() => setPlayer({ index: next, playing: false })}
          >
            Next
          </ToolbarButton>
        )}
        {model &&
          anomalies.slice(0, MAX_ANOMALY_BUTTONS).map((i) => (
            <ToolbarButton
              key={i}
              variant={player.index === i ? 'active' : 'default'}
              data-testid="bandscope-anomaly-button"
              data-index={i}
              onClick={() => setPlayer({ index: i, playing: false })}
            >
              {formatBucket(model.times[i], model.bucketMs, timeZone)}
            </ToolbarButton>
          ))}
        {anomalies.length > MAX_ANOMALY_BUTTONS && (
          <span className={styles.label}>+{anomalies.length - MAX_ANOMALY_BUTTONS} more</span>
        )}
        {partial && model && (
          <span
            className={styles.label}
            data-testid="bandscope-partial-bucket"
            data-start={partial.start}
            data-end={partial.end}
            title={
              `The data ends at ${formatBucket(partial.end, 60_000, timeZone)}, ` +
              'before this bucket does: it is not scored.'
            }
          >
            · Last bucket partial ({formatBucket(partial.start, model.bucketMs, timeZone)}), not scored
          </span>
        )}
      </div>
      <MapBody {...map} width={width} height={mapHeight} timeZone={timeZone} />
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({ display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  strip: css({
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    overflow: 'hidden',
    padding: theme.spacing(0, 0.5),
  }),
  label: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
  }),
});
