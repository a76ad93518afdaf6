import type uPlot from 'uplot';

import { LinePaths } from './linePaths';

// jsdom has no canvas, so no real uPlot here: a plot is what LinePaths reads of one (data, scales, bbox, series),
// and each path built is a new object, so a reused path is the same object.
function plot(y: ArrayLike<number | null>, yMax = 10, width = 800) {
  const built: number[] = [];
  const u = {
    data: [new Float64Array([1, 2, 3]), y],
    scales: { x: { min: 1, max: 3 }, y: { min: 0, max: yMax } },
    bbox: { left: 10, top: 5, width, height: 300 },
    series: [{}, { scale: 'y', paths: (_u: uPlot, si: number) => (built.push(si), { stroke: {} }) }],
  };
  return { u: u as unknown as uPlot, built };
}

const draw = (u: uPlot) => u.series[1].paths!(u, 1, 0, 2);

describe('LinePaths', () => {
  it('builds a value line once while its data and geometry stay, on one plot and on a new one', () => {
    const cache = new LinePaths();
    const y = new Float64Array([4, 5, 6]);
    const first = plot(y);
    cache.wrap(first.u, 1, 'a');
    const path = draw(first.u);
    expect(draw(first.u)).toBe(path);
    // a new plot of the same size with an equal copy of the data (what a change of k gives the value lines)
    const second = plot(Array.from(y));
    cache.wrap(second.u, 1, 'a');
    expect(draw(second.u)).toBe(path);
    expect(first.built.length + second.built.length).toBe(1);
  });

  it('builds again when the values, the y scale or the plot size change, or for another series', () => {
    const cache = new LinePaths();
    const base = plot(new Float64Array([4, 5, 6]));
    cache.wrap(base.u, 1, 'a');
    const path = draw(base.u);
    for (const changed of [
      plot(new Float64Array([4, 5, 7])),
      plot(new Float64Array([4, 5, 7]), 12),
      plot(new Float64Array([4, 5, 7]), 12, 600),
    ]) {
      cache.wrap(changed.u, 1, 'a');
      expect(draw(changed.u)).not.toBe(path);
      expect(changed.built).toEqual([1]);
    }
    const other = plot(new Float64Array([4, 5, 6]));
    cache.wrap(other.u, 1, 'b');
    expect(draw(other.u)).not.toBe(path);
  });

  it('forgets the series not retained', () => {
    const cache = new LinePaths();
    const a = plot(new Float64Array([4, 5, 6]));
    cache.wrap(a.u, 1, 'a');
    const path = draw(a.u);
    cache.retain(new Set(['b']));
    const again = plot(new Float64Array([4, 5, 6]));
    cache.wrap(again.u, 1, 'a');
    expect(draw(again.u)).not.toBe(path);
  });
});
