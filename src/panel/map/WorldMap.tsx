// The choropleth: one SVG path per country (d strings computed once per size), filled from the current
// slice; dots for countries too small for the atlas (or without an outline) at their main centroid; an
// optional heat canvas; a tooltip. In the anomaly mode countries take their severity's colour and a click
// selects one. Every piece of data reaches the DOM as React text or attributes only.

import { css } from '@emotion/css';
import React, { useEffect, useMemo, useRef, useState } from 'react';

import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { severityOf } from '../../detect';
import { countryName } from '../../geo/countries';
import { type ProjectedWorld, viewTransform } from './geometry';
import { drawHeat } from './heat';
import { type AnomalyColors, type MapColors, type MapSlice, scalePosition, type ScaleType } from './model';

/** Shapes under this projected area (px²) also get a dot, so they can be seen and hovered. */
const DOT_AREA = 12;

export interface WorldMapProps {
  world: ProjectedWorld;
  slice: MapSlice;
  width: number;
  height: number;
  colors: MapColors;
  scale: ScaleType;
  heat: boolean;
  /** The anomaly mode's colours (used when the slice has scores). */
  anomaly?: AnomalyColors;
  /** A click on a country (the anomaly mode: its band chart). */
  onSelect?: (code: string) => void;
  /** The selected country, outlined. */
  selected?: string;
}

interface Hover {
  code: string;
  name: string;
  x: number;
  y: number;
}

const fmt = new Intl.NumberFormat('en-US');

export function WorldMap(props: WorldMapProps) {
  const { world, slice, width, height, colors, scale, heat, anomaly, onSelect, selected } = props;
  const styles = useStyles2(getStyles);
  const [hover, setHover] = useState<Hover | null>(null);
  const heatRef = useRef<HTMLCanvasElement>(null);

  const view = useMemo(() => viewTransform(world.viewBox, width, height), [world, width, height]);

  const scores = anomaly ? slice.scores : undefined;
  const fillOf = (code: string) => {
    const v = slice.counts.get(code) ?? 0;
    if (scores && anomaly) {
      return anomaly.fill(scores.get(code) ?? 0, v);
    }
    return v > 0 ? colors.fill(scalePosition(v, slice.max, scale)) : colors.empty;
  };
  // Attributes a test or a user's stylesheet can read: the score (one decimal) and its severity.
  const scoreAttrs = (code: string) => {
    const s = scores?.get(code);
    return s === undefined ? {} : { 'data-score': s.toFixed(1), 'data-severity': severityOf(s) };
  };

  // Dots: countries with traffic (or, by anomaly, a score: a silence can be news) that have no outline, or one
  // too small to see.
  const dots = useMemo(() => {
    const tiny = new Set(world.shapes.filter((s) => s.area * view.scale * view.scale < DOT_AREA).map((s) => s.code));
    const out: Array<{ code: string; x: number; y: number }> = [];
    const codes = new Set(slice.counts.keys());
    for (const [code, s] of scores ?? []) {
      if (severityOf(s) !== 'none') {
        codes.add(code);
      }
    }
    for (const code of codes) {
      if (!world.outlined.has(code) || tiny.has(code)) {
        const p = world.point(code);
        if (p) {
          out.push({ code, x: p[0], y: p[1] });
        }
      }
    }
    return out;
  }, [world, slice, scores, view]);

  useEffect(() => {
    const canvas = heatRef.current;
    if (!canvas || !heat) {
      return;
    }
    const points = [];
    for (const [code, v] of slice.counts) {
      const p = world.point(code);
      if (p) {
        const [x, y] = view.toScreen(p);
        // Linear weights: heat adds up where countries cluster, so a log weight would make Europe's many
        // mid-sized countries outshine one dominant country.
        points.push({ x, y, weight: scalePosition(v, slice.max, 'linear') });
      }
    }
    drawHeat(canvas, width, height, points, Math.max(10, Math.min(width, height * 2) / 28), colors.heat);
  }, [heat, slice, world, width, height, colors, view]);

  const onClick = (e: React.MouseEvent<SVGElement>) => {
    const code = (e.target as Element).closest('[data-code]')?.getAttribute('data-code');
    if (code && onSelect) {
      onSelect(code);
    }
  };

  const onMove = (e: React.MouseEvent<SVGElement>) => {
    const target = (e.target as Element).closest('[data-code]');
    const code = target?.getAttribute('data-code') ?? '';
    if (!code) {
      setHover(null);
      return;
    }
    const box = e.currentTarget.getBoundingClientRect();
    setHover({
      code,
      name: target?.getAttribute('data-name') ?? countryName(code),
      x: e.clientX - box.left,
      y: e.clientY - box.top,
    });
  };

  const hovered = hover ? (slice.counts.get(hover.code) ?? 0) : 0;
  const hoveredScore = hover ? scores?.get(hover.code) : undefined;
  const outlineOf = (code: string | undefined) =>
    code && world.outlined.has(code) ? world.shapes.find((s) => s.code === code)?.d : undefined;
  const selectedD = outlineOf(selected);
  return (
    <div className={styles.wrap} style={{ width, height }}>
      <svg
        data-testid="bandscope-map-svg"
        width={width}
        height={height}
        viewBox={world.viewBox.join(' ')}
        preserveAspectRatio="xMidYMid meet"
        role="img"
        aria-label="World map of requests by country"
        onMouseMove={onMove}
        onMouseLeave={() => setHover(null)}
        onClick={onSelect ? onClick : undefined}
        style={onSelect ? { cursor: 'pointer' } : undefined}
      >
        <g
          strokeWidth={0.5}
          stroke={colors.stroke}
          vectorEffect="non-scaling-stroke"
          data-testid="bandscope-map-outlines"
        >
          {world.shapes.map((s, i) => (
            <path
              key={i}
              d={s.d}
              vectorEffect="non-scaling-stroke"
              fill={s.code ? fillOf(s.code) : colors.empty}
              data-code={s.code || undefined}
              data-name={s.code ? countryName(s.code) : s.name}
              data-count={s.code ? (slice.counts.get(s.code) ?? 0) : undefined}
              {...(s.code ? scoreAttrs(s.code) : {})}
            />
          ))}
        </g>
        {hover && world.outlined.has(hover.code) && (
          <path
            d={outlineOf(hover.code)}
            fill="none"
            stroke={colors.highlight}
            strokeWidth={1.2}
            vectorEffect="non-scaling-stroke"
            pointerEvents="none"
          />
        )}
        {selectedD && (
          <path
            d={selectedD}
            fill="none"
            stroke={colors.highlight}
            strokeWidth={2}
            vectorEffect="non-scaling-stroke"
            pointerEvents="none"
            data-testid="bandscope-map-selected"
            data-selected={selected}
          />
        )}
        <g stroke={colors.highlight} strokeWidth={0.6} data-testid="bandscope-map-dots">
          {dots.map((d) => (
            <circle
              key={d.code}
              cx={d.x}
              cy={d.y}
              r={3.5 / view.scale}
              vectorEffect="non-scaling-stroke"
              fill={fillOf(d.code)}
              data-code={d.code}
              data-name={countryName(d.code)}
              data-count={slice.counts.get(d.code) ?? 0}
              {...scoreAttrs(d.code)}
            />
          ))}
        </g>
      </svg>
      {heat && (
        <canvas ref={heatRef} data-testid="bandscope-map-heat" className={styles.heat} style={{ width, height }} />
      )}
      {hover && (
        <div
          data-testid="bandscope-map-tooltip"
          className={styles.tooltip}
          style={{
            left: Math.min(hover.x + 14, Math.max(0, width - 200)),
            top: Math.min(hover.y + 14, Math.max(0, height - 70)),
          }}
        >
          <div className={styles.tipTitle}>
            {hover.name} <span className={styles.code}>{hover.code}</span>
          </div>
          <div>
            {fmt.format(hovered)} requests
            {slice.total > 0 ? ` · ${((100 * hovered) / slice.total).toFixed(1)}% of all` : ''}
          </div>
          {hoveredScore !== undefined && (
            <div>
              Anomaly score {hoveredScore.toFixed(0)} ({severityOf(hoveredScore)}) · click for its band
            </div>
          )}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrap: css({ position: 'relative', overflow: 'hidden' }),
  heat: css({
    position: 'absolute',
    left: 0,
    top: 0,
    pointerEvents: 'none',
    mixBlendMode: theme.isDark ? 'screen' : 'normal',
    opacity: theme.isDark ? 1 : 0.85,
  }),
  tooltip: css({
    position: 'absolute',
    pointerEvents: 'none',
    background: theme.colors.background.elevated ?? theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z2,
    padding: theme.spacing(0.5, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
    whiteSpace: 'nowrap',
    zIndex: 2,
  }),
  tipTitle: css({ fontWeight: theme.typography.fontWeightMedium }),
  code: css({ color: theme.colors.text.secondary }),
});
