import { createTheme } from '@grafana/data';

import { bandscopeMeta } from '../../contract';
import { severityColor } from '../../palette';
import { Aggregator } from '../../weblog/aggregate';
import { countryAnomalies } from '../../weblog/anomaly';
import { countryFrame, WEBLOG_DETECTOR } from '../../weblog-client/requests';
import { framesToSeries } from '../model/series';
import {
  anomalyColors,
  bucketIndexAt,
  mapColors,
  mapModel,
  mapSlice,
  scalePosition,
  topScores,
  withScores,
} from './model';
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

describe('map anomaly mode', () => {
  // 40 hours of steady traffic from three countries, then Japan triples at hour 30 and FR goes silent at hour 35.
  function bursty() {
    const a = new Aggregator({ bucket: '1h' });
    const time: number[] = [];
    const country: string[] = [];
    const count: number[] = [];
    for (let h = 0; h < 40; h++) {
      for (const [code, n] of [
        ['US', 100 + (h % 3)],
        ['FR', h >= 35 ? 0 : 40 + (h % 2)],
        ['JP', h === 30 ? 60 : 20 + (h % 2)],
        ['', 5],
      ] as const) {
        time.push(T + h * H);
        country.push(code);
        count.push(n);
      }
    }
    a.addCounts({ time, country, count });
    return a.result();
  }

  it('scores per country at a bucket (the all-time view: each peak), unknown addresses left out; top by score', () => {
    const agg = bursty();
    const an = countryAnomalies(agg, WEBLOG_DETECTOR);
    const m = mapModel(agg);
    const at30 = withScores(mapSlice(m, 30), an, 30);
    expect(at30.counts.get('JP')).toBe(60);
    expect([...at30.scores!.keys()].sort()).toEqual(['FR', 'JP', 'US']);
    expect(topScores(at30, 5)[0]).toMatchObject({ code: 'JP', count: 60 });
    expect(at30.scores!.get('JP')).toBeGreaterThanOrEqual(75);
    // a silence is news too: FR at 35 has no requests and a high score
    const at35 = withScores(mapSlice(m, 35), an, 35);
    expect(at35.counts.has('FR')).toBe(false);
    expect(topScores(at35, 1)[0]).toMatchObject({ code: 'FR', count: 0 });
    const all = withScores(mapSlice(m, -1), an, -1);
    expect(all.scores!.get('JP')).toBe(an.peak[an.keys.indexOf('JP')]);
    expect(topScores(all, 5).map((c) => c.score)).toEqual(
      [...topScores(all, 5).map((c) => c.score)].sort((x, y) => y - x)
    );
  });

  it.each(['dark', 'light'] as const)(
    'colours by severity from the palette; quiet traffic grey, none empty (%s)',
    (mode) => {
      const theme = createTheme({ colors: { mode } });
      const c = anomalyColors(theme, 'EMPTY');
      expect(c.fill(90, 10)).toBe(severityColor(theme, 'critical'));
      expect(c.fill(60, 0)).toBe(severityColor(theme, 'major'));
      expect(c.fill(30, 1)).toBe(severityColor(theme, 'minor'));
      expect(c.fill(5, 1)).toBe(severityColor(theme, 'warning'));
      expect(c.fill(1, 10)).toBe(c.quiet);
      expect(c.fill(1, 0)).toBe('EMPTY');
      expect(c.steps.map((s) => s.from)).toEqual([3, 25, 50, 75]);
      expect(new Set(c.steps.map((s) => s.color)).size).toBe(4);
    }
  );

  it("a country's band frame is drawn as it is: the chart reads the worker's band, not a recomputed one", () => {
    const agg = bursty();
    const an = countryAnomalies(agg, WEBLOG_DETECTOR);
    const frame = countryFrame(agg, an, 'JP', 'Japan')!;
    expect(bandscopeMeta(frame)?.series).toBe('JP');
    // other detector options: the frame's band must win
    const s = framesToSeries([frame], { preset: 'robust' }).series[0];
    const i = an.keys.indexOf('JP');
    expect(s.origin).toBe('datasource');
    expect(s.name).toBe('Japan');
    expect(Array.from(s.values)).toEqual(Array.from(agg.by.country.find((c) => c.key === 'JP')!.counts));
    expect(Array.from(s.score)).toEqual(Array.from(an.score[i]));
    expect(Array.from(s.high)).toEqual(Array.from(an.high[i]));
    expect(s.anomaly[30]).toBe(1);
    expect(countryFrame(agg, an, 'DE', 'Germany')).toBeUndefined();
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
      mode: 'volume',
      heat: true,
      scale: 'log',
      color: 'blue',
      start: 'all',
    });
    expect(withDefaults(undefined).map.loop).toBe(true);
  });
});
