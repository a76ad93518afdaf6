import { createTheme } from '@grafana/data';

import { Aggregator } from '../../weblog/aggregate';
import { bucketIndexAt, mapColors, mapModel, mapSlice, scalePosition } from './model';
import { withDefaults } from '../types';
import { advance } from './TimeControls';

/** Relative luminance (0–1) of a CSS rgb()/hex colour. */
function luminance(css: string): number {
  let rgb: number[];
  const m = css.match(/^#([0-9a-f]{6})$/i);
  if (m) {
    rgb = [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16));
  } else {
    rgb = (css.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number);
  }
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

// d3 ships ESM only and Jest leaves node_modules untransformed: a tiny RGB stand-in for the two functions.
jest.mock('d3', () => {
  const rgb = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
  const mix = (a: string, b: string) => (t: number) => {
    const [x, y] = [rgb(a), rgb(b)];
    return `rgb(${x.map((v, i) => Math.round(v + (y[i] - v) * t)).join(', ')})`;
  };
  return {
    interpolateLab: mix,
    piecewise: (f: typeof mix, stops: string[]) => (t: number) => {
      const n = stops.length - 1;
      const i = Math.min(n - 1, Math.floor(t * n));
      return f(stops[i], stops[i + 1])(t * n - i);
    },
  };
});

const T = Date.UTC(2015, 4, 17, 10);
const H = 3600e3;

function model() {
  const a = new Aggregator({ bucket: '1h' });
  a.addCounts({
    time: [T, T, T, T + 2 * H, T + 2 * H],
    country: ['US', 'FR', '', 'US', 'SG'],
    count: [10, 5, 1, 4, 1],
  });
  return mapModel(a.result());
}

describe('map model', () => {
  it('keeps countries by total, unknown apart, totals and scale maxima', () => {
    const m = model();
    expect(m.countries.map((c) => [c.code, c.total])).toEqual([
      ['US', 14],
      ['FR', 5],
      ['SG', 1],
    ]);
    expect(Array.from(m.times)).toEqual([T, T + H, T + 2 * H]);
    expect(Array.from(m.unknown)).toEqual([1, 0, 0]);
    expect(Array.from(m.totals)).toEqual([16, 0, 5]);
    expect(m.maxCell).toBe(10);
    expect(m.maxTotal).toBe(14);
  });

  it('keeps country codes beyond the category cap as Other: counted in the totals, not drawn', () => {
    const a = new Aggregator({ bucket: '1h', maxCategories: 2 });
    // 'other' is how our own countries frame writes the fold back: it stays the fold.
    a.addCounts({ time: [T, T, T, T, T + H], country: ['US', 'FR', 'SG', 'DE', 'other'], count: [9, 5, 2, 1, 4] });
    const m = mapModel(a.result());
    expect(m.countries.map((c) => [c.code, c.total])).toEqual([
      ['US', 9],
      ['FR', 5],
    ]);
    expect(Array.from(m.other)).toEqual([3, 4]);
    expect(Array.from(m.totals)).toEqual([17, 4]);
    expect(mapSlice(m, -1)).toMatchObject({ total: 21, other: 7, unknown: 0 });
    expect(mapSlice(m, 0).counts.has('Other')).toBe(false);
  });

  it('slices one bucket or all of them', () => {
    const m = model();
    expect(mapSlice(m, 0)).toEqual({
      counts: new Map([
        ['US', 10],
        ['FR', 5],
      ]),
      total: 16,
      unknown: 1,
      other: 0,
      max: 10,
    });
    expect(mapSlice(m, 1).counts.size).toBe(0);
    expect(mapSlice(m, -1)).toMatchObject({ total: 21, unknown: 1, max: 14 });
    expect(mapSlice(m, -1).counts.get('US')).toBe(14);
    expect(bucketIndexAt(m, T + 2.5 * H)).toBe(2);
    expect(bucketIndexAt(m, T - 10 * H)).toBe(0);
    expect(bucketIndexAt(m, T + 100 * H)).toBe(2);
  });

  it('scales log, sqrt and linear into [0, 1], 0 for no traffic', () => {
    expect(scalePosition(0, 100, 'log')).toBe(0);
    expect(scalePosition(100, 100, 'log')).toBe(1);
    expect(scalePosition(10, 100, 'log')).toBeGreaterThan(scalePosition(10, 100, 'sqrt'));
    expect(scalePosition(25, 100, 'sqrt')).toBeCloseTo(0.5);
    expect(scalePosition(25, 100, 'linear')).toBeCloseTo(0.25);
  });

  it.each(['dark', 'light'] as const)('colours darken with traffic from the theme hue (%s)', (mode) => {
    const theme = createTheme({ colors: { mode } });
    const c = mapColors(theme, 'blue');
    const l = [0, 0.25, 0.5, 0.75, 1].map((t) => luminance(c.fill(t)));
    expect(l.every((x, i) => i === 0 || x < l[i - 1])).toBe(true);
    expect(c.fill(1)).toBe(c.fill(2));
  });
});

describe('player', () => {
  const p = { index: 0, playing: true, speed: 1, loop: true };
  it('advances, wraps when looping, stops at the end otherwise', () => {
    expect(advance(p, 3).index).toBe(1);
    expect(advance({ ...p, index: 2 }, 3)).toMatchObject({ index: 0, playing: true });
    expect(advance({ ...p, index: 2, loop: false }, 3)).toMatchObject({ index: 2, playing: false });
    expect(advance({ ...p, index: -1 }, 3).index).toBe(0);
    expect(advance({ ...p, playing: false }, 3)).toEqual({ ...p, playing: false });
  });

  it('fills map option defaults', () => {
    expect(withDefaults({ map: { heat: true } as never }).map).toMatchObject({
      heat: true,
      scale: 'log',
      color: 'blue',
      start: 'all',
    });
    expect(withDefaults(undefined).map.loop).toBe(true);
  });
});
