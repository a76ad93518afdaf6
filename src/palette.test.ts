import { createTheme } from '@grafana/data';

import { SEVERITY_THRESHOLDS, type Severity } from './detect';
import { SEVERITY_PALETTE, severityColor } from './palette';

const SEVERITIES = ['none', ...Object.keys(SEVERITY_THRESHOLDS)] as Severity[];
const THEMES = (['dark', 'light'] as const).map((mode) => createTheme({ colors: { mode } }));

describe('severity palette', () => {
  it('gives every severity its own colour in each theme, from the theme', () => {
    expect(Object.keys(SEVERITY_PALETTE).sort()).toEqual(Object.keys(SEVERITY_THRESHOLDS).sort());
    for (const theme of THEMES) {
      const colors = SEVERITIES.map((s) => severityColor(theme, s));
      for (const c of colors) {
        expect(c).toMatch(/^(#[0-9a-f]{6}|rgba?\(.+\))$/i);
      }
      expect(new Set(colors).size).toBe(SEVERITIES.length);
      expect(severityColor(theme, 'critical')).toBe(theme.visualization.getColorByName('red'));
      expect(severityColor(theme, 'warning')).toBe(theme.visualization.getColorByName('blue'));
      expect(severityColor(theme, 'none')).toBe(theme.colors.text.secondary);
    }
    // Each theme its own shade (the dark palette's red is not the light one's).
    expect(severityColor(THEMES[0], 'critical')).not.toBe(severityColor(THEMES[1], 'critical'));
  });
});
