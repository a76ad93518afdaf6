// The anomaly mode's answer to a click on a country: that country's requests with its own band, in the panel's
// band chart (the frame carries the band the worker computed, so the chart draws it as it is), over the map.
// The map's bucket is the chart's marker; a click on the chart moves the map there.

import { css } from '@emotion/css';
import React, { useMemo } from 'react';

import type { GrafanaTheme2 } from '@grafana/data';
import { IconButton, useStyles2 } from '@grafana/ui';

import { countryName } from '../../geo/countries';
import type { WeblogAggregate } from '../../weblog/aggregate';
import type { CountryAnomalies } from '../../weblog/anomaly';
import { countryFrame } from '../../weblog-client/requests';
import { BandChart } from '../bands/BandChart';
import { DEFAULT_OPTIONS } from '../types';

const CHART_OPTIONS = { ...DEFAULT_OPTIONS, showLegend: false };
const HEIGHT = 170;

export interface CountryBandProps {
  code: string;
  aggregate: WeblogAggregate;
  anomalies: CountryAnomalies;
  /** Room it may take (the map's size). */
  width: number;
  timeZone?: string;
  markerTime?: number;
  onTimeSelect: (t: number) => void;
  onClose: () => void;
}

export function CountryBand(props: CountryBandProps) {
  const { code, aggregate, anomalies, width, timeZone, markerTime, onTimeSelect, onClose } = props;
  const styles = useStyles2(getStyles);
  const name = countryName(code);
  const frames = useMemo(() => {
    const f = countryFrame(aggregate, anomalies, code, name);
    return f ? [f] : [];
  }, [aggregate, anomalies, code, name]);
  const chartWidth = Math.max(200, Math.min(480, width - 16));
  return (
    <div className={styles.box} style={{ width: chartWidth }} data-testid="bandscope-country-band" data-code={code}>
      <div className={styles.head}>
        <span className={styles.title}>{name} · requests and band</span>
        <IconButton name="times" size="sm" tooltip="Close" onClick={onClose} />
      </div>
      {frames.length > 0 ? (
        <BandChart
          frames={frames}
          options={CHART_OPTIONS}
          width={chartWidth - 2}
          height={HEIGHT}
          timeZone={timeZone ?? 'browser'}
          onTimeSelect={onTimeSelect}
          markerTime={markerTime}
        />
      ) : (
        <div className={styles.none}>No requests from {name} in this data.</div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  box: css({
    position: 'absolute',
    right: theme.spacing(1),
    top: theme.spacing(1),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z2,
    zIndex: 2,
  }),
  head: css({
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    padding: theme.spacing(0.25, 0.5, 0, 1),
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, overflow: 'hidden', textOverflow: 'ellipsis' }),
  none: css({ padding: theme.spacing(1), color: theme.colors.text.secondary }),
});
