// What the map draws: per-bucket request counts by country, from a web-log aggregate, plus the colour
// scale (theme hues, sequential, fixed over all buckets so a time-lapse compares like with like).

import { colorManipulator, type GrafanaTheme2 } from '@grafana/data';
import { interpolateLab, piecewise } from 'd3';

import { type Severity, severityOf, SEVERITY_THRESHOLDS } from '../../detect';
import { severityColor } from '../../palette';
import type { WeblogAggregate } from '../../weblog/aggregate';
import type { CountryAnomalies } from '../../weblog/anomaly';
import { OTHER } from '../../weblog/categories';

export interface CountrySeries {
  /** ISO alpha-2. */
  code: string;
  /** Requests over all buckets. */
  total: number;
  /** Requests per bucket, aligned with `MapModel.times`. */
  counts: Float64Array;
}

export interface MapModel {
  times: Float64Array;
  bucketMs: number;
  /** Countries with traffic, by descending total (unknown/private addresses and 'Other' excluded). */
  countries: CountrySeries[];
  /** Requests whose country is unknown (private, reserved or unmapped addresses) per bucket. */
  unknown: Float64Array;
  /** Requests of country codes beyond the category cap, folded into 'Other', per bucket (not drawn). */
  other: Float64Array;
  /** All requests per bucket (countries + unknown; the share's denominator). */
  totals: Float64Array;
  /** Largest count of one country in one bucket (the bucket views' colour scale maximum). */
  maxCell: number;
  /** Largest country total (the all-time view's maximum). */
  maxTotal: number;
}

export function mapModel(a: WeblogAggregate): MapModel {
  const n = a.times.length;
  const countries = a.by.country
    .filter((b) => b.key !== '' && b.key !== OTHER)
    .map((b) => ({ code: b.key, total: b.total, counts: b.counts }));
  const series = (key: string) => a.by.country.find((b) => b.key === key)?.counts ?? new Float64Array(n);
  const unknown = series('');
  const other = series(OTHER);
  let maxCell = 0;
  for (const c of countries) {
    for (let i = 0; i < n; i++) {
      if (c.counts[i] > maxCell) {
        maxCell = c.counts[i];
      }
    }
  }
  // With countries counted, the denominator is what the country dimension saw; totals otherwise.
  const totals = a.by.country.length > 0 ? new Float64Array(n) : Float64Array.from(a.total);
  for (const b of a.by.country) {
    for (let i = 0; i < n; i++) {
      totals[i] += b.counts[i];
    }
  }
  return {
    times: a.times,
    bucketMs: a.bucketMs,
    countries,
    unknown,
    other,
    totals,
    maxCell,
    maxTotal: countries[0]?.total ?? 0,
  };
}

/** One view of the model: a bucket (index ≥ 0) or all buckets summed (index -1). */
export interface MapSlice {
  counts: Map<string, number>;
  total: number;
  unknown: number;
  /** Requests counted as 'Other' (country codes beyond the category cap). */
  other: number;
  /** Colour scale maximum for this view. */
  max: number;
  /**
   * The anomaly mode: each drawn country's score at this bucket (the all-time view: its peak score), NaN-free;
   * countries are then coloured by it.
   */
  scores?: Map<string, number>;
}

export function mapSlice(m: MapModel, index: number): MapSlice {
  const counts = new Map<string, number>();
  if (index < 0) {
    for (const c of m.countries) {
      counts.set(c.code, c.total);
    }
    return {
      counts,
      total: m.totals.reduce((s, x) => s + x, 0),
      unknown: m.unknown.reduce((s, x) => s + x, 0),
      other: m.other.reduce((s, x) => s + x, 0),
      max: m.maxTotal,
    };
  }
  for (const c of m.countries) {
    const v = c.counts[index];
    if (v > 0) {
      counts.set(c.code, v);
    }
  }
  return {
    counts,
    total: m.totals[index] ?? 0,
    unknown: m.unknown[index] ?? 0,
    other: m.other[index] ?? 0,
    max: m.maxCell,
  };
}

/** The view's slice with each country's anomaly score: at bucket `index`, or its peak over all (index -1). */
export function withScores(slice: MapSlice, a: CountryAnomalies, index: number): MapSlice {
  const scores = new Map<string, number>();
  a.keys.forEach((code, i) => {
    const s = index < 0 ? a.peak[i] : a.score[i][index];
    // unknown addresses and the 'Other' fold are no place on the map
    if (code !== '' && code !== OTHER && Number.isFinite(s)) {
      scores.set(code, s);
    }
  });
  return { ...slice, scores };
}

/** The `n` countries of a slice with the highest score above 0, highest first (ties: more requests first). */
export function topScores(slice: MapSlice, n: number): Array<{ code: string; score: number; count: number }> {
  return Array.from(slice.scores ?? [], ([code, score]) => ({ code, score, count: slice.counts.get(code) ?? 0 }))
    .filter((c) => c.score > 0)
    .sort((a, b) => b.score - a.score || b.count - a.count || (a.code < b.code ? -1 : 1))
    .slice(0, n);
}

/** Bucket index holding time `t` (clamped), -1 for an empty model. */
export function bucketIndexAt(m: MapModel, t: number): number {
  const n = m.times.length;
  if (n === 0) {
    return -1;
  }
  const i = Math.floor((t - m.times[0]) / m.bucketMs);
  return Math.max(0, Math.min(n - 1, i));
}

export type ScaleType = 'log' | 'sqrt' | 'linear';

/** Position of `v` in [0, 1] on the scale; 0 for no traffic. */
export function scalePosition(v: number, max: number, scale: ScaleType): number {
  if (!(v > 0) || !(max > 0)) {
    return 0;
  }
  const t = scale === 'log' ? Math.log1p(v) / Math.log1p(max) : scale === 'sqrt' ? Math.sqrt(v / max) : v / max;
  return Math.max(0, Math.min(1, t));
}

export const COLOR_HUES = ['blue', 'green', 'red', 'purple', 'orange', 'yellow'] as const;
export type ColorHue = (typeof COLOR_HUES)[number];

/**
 * The theme's five shades of a hue, lightest first (Grafana's visualization palette); the sequential
 * scale interpolates between them in Lab, so more traffic is always darker, in both themes.
 */
function hueStops(theme: GrafanaTheme2, hue: ColorHue): string[] {
  const v = theme.visualization;
  return [`super-light-${hue}`, `light-${hue}`, hue, `semi-dark-${hue}`, `dark-${hue}`].map((name) =>
    v.getColorByName(name)
  );
}

export interface MapColors {
  /** Fill of a country with traffic at scale position t ∈ (0, 1]. */
  fill: (t: number) => string;
  /** CSS gradient of the scale (legend). */
  gradient: string;
  /** Countries without traffic. */
  empty: string;
  /** Country outlines. */
  stroke: string;
  /** Outline of the hovered country. */
  highlight: string;
  /** Heat overlay ramp (transparent → hue → yellow → red), as canvas gradient stops. */
  heat: Array<[number, string]>;
}

export function mapColors(theme: GrafanaTheme2, hue: ColorHue): MapColors {
  const stops = hueStops(theme, hue);
  const ramp = piecewise(interpolateLab, stops);
  const fill = (t: number) => ramp(Math.max(0, Math.min(1, t)));
  const gradientStops = [0, 0.25, 0.5, 0.75, 1].map((t) => `${fill(t)} ${t * 100}%`);
  const gradient = `linear-gradient(to right, ${gradientStops.join(', ')})`;
  const v = theme.visualization;
  return {
    fill,
    gradient,
    empty: theme.isDark ? theme.colors.background.secondary : theme.colors.action.hover,
    stroke: outline(theme),
    highlight: theme.colors.text.primary,
    heat: [
      [0.15, v.getColorByName('blue')],
      [0.45, v.getColorByName('green')],
      [0.7, v.getColorByName('yellow')],
      [1, v.getColorByName('red')],
    ],
  };
}

/**
 * Country outlines: not theme.colors.border.medium, an opaque grey in Grafana 13.1 and translucent before and
 * after, but that translucent colour (12.4/13.2) built from text.primary, which every version keeps.
 */
function outline(theme: GrafanaTheme2): string {
  return textTint(theme, theme.isDark ? 0.2 : 0.3);
}

/** The anomaly mode's colours: a country's severity (src/palette.ts) from its score, in steps. */
export interface AnomalyColors {
  /** Fill for a score; a country with traffic and a score below `warning` gets `quiet`. */
  fill: (score: number, count: number) => string;
  /** Countries with traffic that is not unusual. */
  quiet: string;
  /** The legend's steps: severity, lowest score, colour. */
  steps: Array<{ severity: Exclude<Severity, 'none'>; from: number; color: string }>;
}

export function anomalyColors(theme: GrafanaTheme2, empty: string): AnomalyColors {
  const steps = (Object.keys(SEVERITY_THRESHOLDS) as Array<keyof typeof SEVERITY_THRESHOLDS>).map((severity) => ({
    severity,
    from: SEVERITY_THRESHOLDS[severity],
    color: severityColor(theme, severity),
  }));
  const quiet = textTint(theme, theme.isDark ? 0.28 : 0.2);
  return {
    steps,
    quiet,
    fill: (score, count) => {
      const severity = severityOf(score);
      return severity !== 'none' ? severityColor(theme, severity) : count > 0 ? quiet : empty;
    },
  };
}

/**
 * text.primary at `alpha`, written out rather than with colorManipulator.alpha, which before 12.x returns
 * `rgb(r, g, b, a)` for an rgb input.
 */
function textTint(theme: GrafanaTheme2, alpha: number): string {
  const [r, g, b] = colorManipulator.decomposeColor(theme.colors.text.primary).values;
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
