// The input lines or rows the map did not count, with samples. Data is rendered as React text only: a log line
// full of markup stays text.

import { css } from '@emotion/css';
import React from 'react';

import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { type AggregateStats, capNotes } from '../../weblog/aggregate';

const fmt = new Intl.NumberFormat('en-US');

/**
 * Lines or rows that were not counted, counted lines whose user agent was cut short, and what the caps
 * cut or folded into Other, as text.
 */
export function InputProblems({ stats }: { stats: AggregateStats }) {
  const styles = useStyles2(getStyles);
  const samples = [...stats.samples, ...stats.truncatedSamples];
  const summary = [
    ...(stats.rejected > 0 ? [`${fmt.format(stats.rejected)} of ${fmt.format(stats.lines)} lines not counted`] : []),
    ...(stats.truncated > 0 ? [`${fmt.format(stats.truncated)} with a cut user agent`] : []),
    ...capNotes(stats),
  ];
  if (summary.length === 0) {
    return null;
  }
  return (
    <details className={styles.problems} data-testid="bandscope-map-problems">
      <summary>{summary.join(' · ')}</summary>
      <ul>
        {samples.map((s, i) => (
          <li key={i} data-testid="bandscope-map-sample">
            <span className={styles.reason}>
              line {s.line}, {s.reason}:
            </span>{' '}
            <span className={styles.line}>{s.text}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  problems: css({
    position: 'absolute',
    right: theme.spacing(1),
    top: theme.spacing(1),
    maxWidth: '60%',
    maxHeight: '60%',
    overflow: 'auto',
    padding: theme.spacing(0.5, 1),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.warning.border}`,
    borderRadius: theme.shape.radius.default,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
    zIndex: 1,
    summary: { cursor: 'pointer', color: theme.colors.warning.text },
    ul: { margin: theme.spacing(0.5, 0, 0), paddingLeft: theme.spacing(2) },
  }),
  reason: css({ color: theme.colors.text.secondary }),
  // Not <code>: Grafana's monospace face is not needed for a few sample lines.
  line: css({
    wordBreak: 'break-all',
    whiteSpace: 'pre-wrap',
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  }),
});
