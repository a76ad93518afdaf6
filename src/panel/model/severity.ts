// Severity → colour from the theme's visualization palette (Elastic-ML-like: warning blue, minor yellow,
// major orange, critical red), so dark and light themes each get their own shade.
import type { GrafanaTheme2 } from '@grafana/data';

import { type Severity, severityOf } from '../../detect';

const SEVERITY_COLOR_NAMES: Readonly<Record<Exclude<Severity, 'none'>, string>> = {
  warning: 'blue',
  minor: 'yellow',
  major: 'orange',
  critical: 'red',
};

export function severityColor(theme: GrafanaTheme2, severity: Severity): string {
  if (severity === 'none') {
    return theme.colors.text.secondary;
  }
  return theme.visualization.getColorByName(SEVERITY_COLOR_NAMES[severity]);
}

/** Severity of an anomalous point: its score's band, at least `warning` (a flagged point is never "none"). */
export function markerSeverity(score: number): Exclude<Severity, 'none'> {
  const s = severityOf(score);
  return s === 'none' ? 'warning' : s;
}
