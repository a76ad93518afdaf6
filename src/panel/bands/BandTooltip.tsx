// Tooltip in Grafana's style (header with the time, one block per series): value, prediction, band,
// score and severity, all the detector's own numbers for the hovered point. With many series, the blocks
// of the series nearest the cursor (model/focus.ts) and how many more there are.
import { css } from '@emotion/css';
import React from 'react';

import type { GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { useStyles2, useTheme2 } from '@grafana/ui';

import type { ChartData } from '../model/align';
import { severityColor } from '../../palette';
import { flaggedSeverity, outsideBand, severityOf } from '../../detect';
import { formatTime, valueFormatter } from './format';

interface Props {
  data: ChartData;
  colors: string[];
  /** Aligned index under the cursor. */
  dataIdx: number;
  timeZone: TimeZone;
  /** The columns to show, in order (see tooltipColumns). */
  columns: number[];
  /** Series with a point here that are not shown. */
  more: number;
}

export function BandTooltip({ data, colors, dataIdx, timeZone, columns, more }: Props) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const t = data.x[dataIdx];
  return (
    <div className={styles.wrapper} data-testid="bandscope-tooltip" data-time={t}>
      <div className={styles.header}>{formatTime(t, timeZone)}</div>
      {columns.map((ci) => {
        const c = data.columns[ci];
        const i = c.index[dataIdx];
        const s = c.series;
        const fmt = valueFormatter(s.field);
        const anomalous = s.anomaly[i] === 1;
        const exit = !anomalous && outsideBand(s.values[i], s.low[i], s.high[i]);
        const score = s.score[i];
        const severity = anomalous ? flaggedSeverity(score) : severityOf(score);
        const future = i >= s.forecastFrom;
        return (
          // numbers as text: a missing value or a forecast row's value is NaN, which React warns about as an attribute
          <div
            key={s.key}
            className={styles.block}
            data-testid="bandscope-tooltip-row"
            data-series={s.name}
            data-index={i}
            data-value={String(s.values[i])}
            data-predicted={String(s.predicted[i])}
            data-low={String(s.low[i])}
            data-high={String(s.high[i])}
            data-score={String(score)}
            data-anomaly={anomalous ? 1 : 0}
            data-severity={severity}
            data-forecast={future ? 1 : 0}
          >
            <div className={styles.row}>
              <span className={styles.label}>
                <span className={styles.swatch} style={{ background: colors[ci] }} />
                {s.name}
              </span>
              <span className={styles.value}>{future ? 'forecast' : fmt(s.values[i])}</span>
            </div>
            <div className={styles.row}>
              <span className={styles.sub}>{future ? 'Forecast' : 'Predicted'}</span>
              <span>{fmt(s.predicted[i])}</span>
            </div>
            <div className={styles.row}>
              <span className={styles.sub}>{future ? 'Forecast band' : 'Band'}</span>
              <span>
                {fmt(s.low[i])} – {fmt(s.high[i])}
              </span>
            </div>
            {!future && (
              <>
                <div className={styles.row}>
                  <span className={styles.sub}>Score</span>
                  <span>{score === score ? score.toFixed(1) : '–'}</span>
                </div>
                <div className={styles.row}>
                  <span className={styles.sub}>Severity</span>
                  <span
                    style={{
                      color: severity === 'none' ? undefined : severityColor(theme, severity),
                      fontWeight: anomalous ? 500 : undefined,
                    }}
                  >
                    {anomalous ? `${severity} · anomaly` : exit ? `${severity} · outside the band` : severity}
                  </span>
                </div>
              </>
            )}
          </div>
        );
      })}
      {more > 0 && (
        <div className={styles.more} data-testid="bandscope-tooltip-more" data-more={more}>
          {more} more series
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({ minWidth: 220, fontSize: theme.typography.bodySmall.fontSize }),
  header: css({
    padding: theme.spacing(1),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  block: css({
    padding: theme.spacing(0.75, 1),
    '& + &': { borderTop: `1px solid ${theme.colors.border.weak}` },
  }),
  row: css({ display: 'flex', justifyContent: 'space-between', gap: theme.spacing(2), lineHeight: 1.6 }),
  label: css({ display: 'flex', alignItems: 'center', gap: theme.spacing(1), color: theme.colors.text.primary }),
  swatch: css({ width: 14, height: 4, borderRadius: theme.shape.radius.pill, display: 'inline-block' }),
  value: css({ fontWeight: theme.typography.fontWeightMedium }),
  more: css({
    padding: theme.spacing(0.5, 1),
    borderTop: `1px solid ${theme.colors.border.weak}`,
    color: theme.colors.text.secondary,
  }),
  sub: css({ color: theme.colors.text.secondary, paddingLeft: theme.spacing(2.75) }),
});
