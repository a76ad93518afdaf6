// The map's legend: the colour scale and the top countries of the current view (in the anomaly mode the severity
// steps and the countries with the highest score). Names are React text only.

import { css } from '@emotion/css';
import React from 'react';

import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { countryName } from '../../geo/countries';
import { severityOf } from '../../detect';
import { type AnomalyColors, type MapColors, type MapSlice, scalePosition, type ScaleType, topScores } from './model';

const fmt = new Intl.NumberFormat('en-US');
const TOP = 5;

interface LegendProps {
  slice: MapSlice;
  colors: MapColors;
  scale: ScaleType;
  /** What the countries were looked up in ("IP data: …, date"), when an IP table was used. */
  note?: string;
  /** The anomaly mode's colours: the legend lists scores (when the slice has them). */
  anomaly?: AnomalyColors;
}

export function Legend({ slice, colors, scale, note, anomaly }: LegendProps) {
  const styles = useStyles2(getStyles);
  if (anomaly && slice.scores) {
    return <AnomalyLegend slice={slice} colors={anomaly} note={note} />;
  }
  const top = Array.from(slice.counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP);
  return (
    <div className={styles.legend} data-testid="bandscope-map-legend">
      <div className={styles.title}>
        Requests{scale === 'log' ? ' (log scale)' : scale === 'sqrt' ? ' (√ scale)' : ''}
      </div>
      <div className={styles.bar} style={{ background: colors.gradient }} />
      <div className={styles.ends}>
        <span>1</span>
        <span>{fmt.format(slice.max)}</span>
      </div>
      <ol className={styles.list}>
        {top.map(([code, n]) => (
          <li key={code} data-code={code}>
            <span className={styles.swatch} style={{ background: colors.fill(scalePosition(n, slice.max, scale)) }} />
            <span className={styles.name}>{countryName(code)}</span>
            <span className={styles.num}>{fmt.format(n)}</span>
            <span className={styles.share}>{slice.total > 0 ? `${((100 * n) / slice.total).toFixed(1)}%` : ''}</span>
          </li>
        ))}
        {slice.unknown > 0 && (
          <UndrawnRow code="" name="Unknown / private" n={slice.unknown} slice={slice} colors={colors} />
        )}
        {slice.other > 0 && (
          <UndrawnRow code="Other" name="Other countries" n={slice.other} slice={slice} colors={colors} />
        )}
      </ol>
      {note && <IpDataNote note={note} />}
    </div>
  );
}

/** The anomaly mode: the severity steps, then the countries with the highest score in this view. */
function AnomalyLegend({ slice, colors, note }: { slice: MapSlice; colors: AnomalyColors; note?: string }) {
  const styles = useStyles2(getStyles);
  const top = topScores(slice, TOP);
  return (
    <div className={styles.legend} data-testid="bandscope-map-legend" data-mode="anomaly">
      <div className={styles.title}>Anomaly score (each country’s own band)</div>
      <div className={styles.steps}>
        {colors.steps.map((s) => (
          <span key={s.severity} title={s.severity}>
            <span className={styles.swatch} style={{ background: s.color }} /> {s.from}
          </span>
        ))}
      </div>
      <ol className={styles.list}>
        {top.length === 0 && <li className={styles.quiet}>No country unusual here</li>}
        {top.map((c) => (
          <li key={c.code} data-code={c.code} data-score={c.score.toFixed(1)}>
            <span className={styles.swatch} style={{ background: colors.fill(c.score, c.count) }} />
            <span className={styles.name}>{countryName(c.code)}</span>
            <span className={styles.num}>{c.score.toFixed(0)}</span>
            <span className={styles.share}>{severityOf(c.score)}</span>
          </li>
        ))}
      </ol>
      {note && <IpDataNote note={note} />}
    </div>
  );
}

/** The IP data note: inside the legend, or alone where the legend is hidden. */
export function IpDataNote({ note, alone }: { note: string; alone?: boolean }) {
  const styles = useStyles2(getStyles);
  return (
    <div className={alone ? styles.noteAlone : styles.note} data-testid="bandscope-map-ip-data">
      {note}
    </div>
  );
}

/** Requests the map does not colour: unknown addresses, and country codes beyond the category cap. */
function UndrawnRow(props: { code: string; name: string; n: number; slice: MapSlice; colors: MapColors }) {
  const styles = useStyles2(getStyles);
  const { n, slice } = props;
  return (
    <li data-code={props.code}>
      <span className={styles.swatch} style={{ background: props.colors.empty }} />
      <span className={styles.name}>{props.name}</span>
      <span className={styles.num}>{fmt.format(n)}</span>
      <span className={styles.share}>{slice.total > 0 ? `${((100 * n) / slice.total).toFixed(1)}%` : ''}</span>
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    position: 'absolute',
    left: theme.spacing(1),
    bottom: theme.spacing(1),
    padding: theme.spacing(0.75, 1),
    background: theme.colors.background.primary,
    opacity: 0.92,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
    minWidth: 170,
    maxWidth: 240,
    pointerEvents: 'none',
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: 2 }),
  note: css({ marginTop: theme.spacing(0.5), color: theme.colors.text.secondary, fontSize: 11 }),
  noteAlone: css({
    position: 'absolute',
    left: theme.spacing(1),
    bottom: theme.spacing(0.5),
    color: theme.colors.text.secondary,
    fontSize: 11,
    pointerEvents: 'none',
  }),
  bar: css({ height: 8, borderRadius: 2 }),
  ends: css({ display: 'flex', justifyContent: 'space-between', color: theme.colors.text.secondary }),
  steps: css({ display: 'flex', gap: theme.spacing(1), color: theme.colors.text.secondary, alignItems: 'center' }),
  quiet: css({ color: theme.colors.text.secondary }),
  list: css({
    listStyle: 'none',
    margin: theme.spacing(0.5, 0, 0),
    padding: 0,
    li: { display: 'flex', alignItems: 'center', gap: 6 },
  }),
  swatch: css({
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
    flex: 'none',
    border: `1px solid ${theme.colors.border.weak}`,
  }),
  name: css({ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }),
  num: css({ fontVariantNumeric: 'tabular-nums' }),
  share: css({ color: theme.colors.text.secondary, width: 42, textAlign: 'right', fontVariantNumeric: 'tabular-nums' }),
});
