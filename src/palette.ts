// Severity → colour: the one table for everything that colours a severity — the band chart's markers, episode
// shading and tooltip, and the datasource's annotations. Grafana palette names (Elastic-ML-like: warning blue,
// minor yellow, major orange, critical red), so each theme, dark or light, gets its own shade of each.
import type { GrafanaTheme2 } from '@grafana/data';

import type { Severity } from './detect';

export const SEVERITY_PALETTE: Readonly<Record<Exclude<Severity, 'none'>, string>> = {
  warning: 'blue',
  minor: 'yellow',
  major: 'orange',
  critical: 'red',
};

/** The theme's colour of a severity (`none`: the theme's secondary text). */
export function severityColor(theme: GrafanaTheme2, severity: Severity): string {
  const name: string | undefined = SEVERITY_PALETTE[severity as keyof typeof SEVERITY_PALETTE];
  // 'none', or a severity a foreign frame made up
  return name ? theme.visualization.getColorByName(name) : theme.colors.text.secondary;
}
