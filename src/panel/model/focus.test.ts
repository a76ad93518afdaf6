import fc from 'fast-check';

import { FieldType, toDataFrame } from '@grafana/data';

import { alignSeries } from './align';
import { anomalyRank, FOCUS_COUNT, focusedSeries, nearestTo, peakScore, TOOLTIP_ROWS, tooltipColumns } from './focus';
import { framesToSeries } from './series';

const T0 = 1_600_000_000_000;
const N = 400;

/**
 * `count` series on one time axis, series i at level 10·i (so they never cross), with a spike of `spikes[i]`
 * (0: none) at point 300, once the detector has learnt the series.
 */
function wide(count: number, spikes: (i: number) => number = () => 0) {
  const frames = [];
  for (let i = 0; i < count; i++) {
    const times: number[] = [];
    const values: number[] = [];
    for (let p = 0; p < N; p++) {
      times.push(T0 + p * 60_000);
      values.push(10 * i + Math.sin(p / 7 + i) + (p === 300 ? spikes(i) : 0));
    }
    frames.push(
      toDataFrame({
        fields: [
          { name: 'time', type: FieldType.time, values: times },
          { name: `pod-${i}`, type: FieldType.number, values },
        ],
      })
    );
  }
  return framesToSeries(frames, { preset: 'ewma', k: 3 }).series;
}

describe('which series a wide chart puts forward', () => {
  it('ranks series by their peak score (the spiked ones first), then anomaly count, then query order', () => {
    const series = wide(30, (i) => (i === 4 || i === 17 ? 400 : 0));
    const rank = anomalyRank(series);
    const peaks = series.map(peakScore);
    expect(peaks[4]).toBeGreaterThan(Math.max(...peaks.filter((_, i) => i !== 4 && i !== 17)));
    // both spikes saturate the score: the tie keeps the query's order
    expect(peaks[17]).toBe(peaks[4]);
    expect(rank.slice(0, 2)).toEqual([4, 17]);
    for (let j = 1; j < rank.length; j++) {
      expect(peaks[rank[j]]).toBeLessThanOrEqual(peaks[rank[j - 1]]);
    }
    expect([...rank].sort((a, b) => a - b)).toEqual(series.map((_, i) => i));
  });

  it('draws every band up to FOCUS_COUNT series, then only the most anomalous ones', () => {
    const few = wide(FOCUS_COUNT);
    expect(focusedSeries(few).every(Boolean)).toBe(true);
    const many = wide(3 * FOCUS_COUNT, (i) => (i % 3 === 0 ? 200 : 0));
    const focused = focusedSeries(many);
    expect(focused.filter(Boolean)).toHaveLength(FOCUS_COUNT);
    // the ten spiked series (0, 3, …, 27) are the ones drawn in full
    expect(focused.map((f, i) => (f ? i : -1)).filter((i) => i >= 0)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 27]);
    const data = alignSeries(many, 800, undefined, focused)!;
    expect(data.columns.map((c) => c.band !== undefined)).toEqual(focused);
    // the value line and the markers are there for every series, focused or not
    expect(data.columns.every((c) => c.value.length === data.x.length)).toBe(true);
    expect(data.columns.filter((c) => c.markers.length > 0)).toHaveLength(10);
  });
});

describe('nearestTo', () => {
  it('picks the `count` values nearest the target, nearest first, as a full sort would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null }), { maxLength: 60 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.integer({ min: 1, max: 8 }),
        (values, target, count) => {
          const candidates = values.map((_, i) => i);
          const picked = nearestTo(candidates, (c) => values[c], target, count);
          const byDistance = candidates.filter((c) => values[c] != null).map((c) => Math.abs(values[c]! - target));
          const sorted = [...byDistance].sort((a, b) => a - b).slice(0, count);
          expect(picked.map((c) => Math.abs(values[c]! - target))).toEqual(sorted);
          expect(new Set(picked).size).toBe(picked.length);
        }
      )
    );
  });

  it('puts `first` ahead of nearer ones, and skips missing values', () => {
    const values = [0, 5, null, 9, NaN, 11];
    expect(nearestTo([0, 1, 2, 3, 4, 5], (c) => values[c], 10, 3, 0)).toEqual([0, 3, 5]);
    expect(nearestTo([0, 1, 2, 3, 4, 5], (c) => values[c], 10, 10)).toEqual([3, 5, 1, 0]);
  });
});

describe('tooltipColumns', () => {
  const series = wide(40, (i) => (i === 33 ? 300 : 0));
  const data = alignSeries(series, 800)!;
  const visible = series.map(() => true);
  const idx = 100;

  it('lists every visible series when they are few', () => {
    const few = alignSeries(series.slice(0, TOOLTIP_ROWS), 800)!;
    expect(tooltipColumns(few, idx, [true, true, false, true, true], 0)).toEqual({ columns: [0, 1, 3, 4], more: 0 });
  });

  it('with many, the series nearest the cursor, nearest first, and how many more', () => {
    // series i sits at 10·i ± 1: a cursor at 201 is on series 20, then 21 and 19, then 22 and 18
    const shown = tooltipColumns(data, idx, visible, 201);
    expect(shown.columns).toHaveLength(TOOLTIP_ROWS);
    expect(shown.columns[0]).toBe(20);
    expect([...shown.columns].sort((a, b) => a - b)).toEqual([18, 19, 20, 21, 22]);
    expect(shown.more).toBe(40 - TOOLTIP_ROWS);
  });

  it('leaves hidden series out and leads with the series of the marker under the cursor', () => {
    const hidden = visible.map((_, i) => i !== 20);
    const shown = tooltipColumns(data, idx, hidden, 201);
    expect(shown.columns).not.toContain(20);
    expect(shown.more).toBe(39 - TOOLTIP_ROWS);
    const marker = data.columns[33].markers[0];
    expect(marker).toBeDefined();
    expect(tooltipColumns(data, marker, visible, 0, 33).columns[0]).toBe(33);
  });
});
