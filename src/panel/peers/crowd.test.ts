import type uPlot from 'uplot';

import { LinePaths } from '../bands/linePaths';
import { drawCrowd } from './crowd';
import type { PeerSeries } from './model';

// jsdom has neither canvas nor Path2D: a Path2D that records its points, and a plot that is what drawCrowd reads
// of one (scales, plot box, valToPos, a context that records the paths stroked).
class RecordingPath {
  static built = 0;
  ops: Array<[string, number, number]> = [];
  constructor() {
    RecordingPath.built++;
  }
  moveTo(x: number, y: number) {
    this.ops.push(['M', x, y]);
  }
  lineTo(x: number, y: number) {
    this.ops.push(['L', x, y]);
  }
}

beforeAll(() => {
  (globalThis as unknown as { Path2D: unknown }).Path2D = RecordingPath;
});
afterAll(() => {
  delete (globalThis as unknown as { Path2D?: unknown }).Path2D;
});

const times = new Float64Array([0, 1, 2, 3]);

function plot(yMax = 10) {
  const stroked: RecordingPath[] = [];
  const scales = { x: { min: 0, max: 3 }, y: { min: 0, max: yMax } };
  const bbox = { left: 0, top: 0, width: 300, height: 100 };
  const u = {
    scales,
    bbox,
    valToPos: (v: number, key: 'x' | 'y') => {
      const { min, max } = scales[key];
      return key === 'x' ? ((v - min) / (max - min)) * bbox.width : bbox.height * (1 - (v - min) / (max - min));
    },
    ctx: {
      save() {},
      restore() {},
      beginPath() {},
      rect() {},
      clip() {},
      stroke: (p: RecordingPath) => stroked.push(p),
    },
  };
  return { u: u as unknown as uPlot, stroked };
}

const series = (key: string, values: number[]) => ({ key, values: new Float64Array(values) }) as PeerSeries;

describe('drawCrowd', () => {
  beforeEach(() => (RecordingPath.built = 0));

  it('draws each series in pixels, lifting the pen at a gap', () => {
    const { u, stroked } = plot();
    drawCrowd(u, times, [series('a', [0, NaN, 5, 10])], 'grey', new LinePaths());
    expect(stroked).toHaveLength(1);
    expect(stroked[0].ops).toEqual([
      ['M', 0, 100],
      ['M', 200, 50],
      ['L', 300, 0],
    ]);
  });

  it('keeps the paths while the values and the scales stay: a new plot (the comparison drawn) reuses them', () => {
    const paths = new LinePaths();
    const first = plot();
    drawCrowd(first.u, times, [series('a', [1, 2, 3, 4]), series('b', [4, 3, 2, 1])], 'grey', paths);
    expect(RecordingPath.built).toBe(2);
    // what the comparison's model gives the crowd: the same series' values, minus a highlighted one
    const second = plot();
    drawCrowd(second.u, times, [series('b', [4, 3, 2, 1])], 'grey', paths);
    expect(RecordingPath.built).toBe(2);
    expect(second.stroked[0]).toBe(first.stroked[1]);
  });

  it('builds a path again when its values change, and every path when the y scale changes', () => {
    const paths = new LinePaths();
    const first = plot();
    drawCrowd(first.u, times, [series('a', [1, 2, 3, 4]), series('b', [4, 3, 2, 1])], 'grey', paths);
    const changed = plot();
    drawCrowd(changed.u, times, [series('a', [1, 2, 3, 5]), series('b', [4, 3, 2, 1])], 'grey', paths);
    expect(RecordingPath.built).toBe(3);
    expect(changed.stroked[0]).not.toBe(first.stroked[0]);
    expect(changed.stroked[1]).toBe(first.stroked[1]);
    const wider = plot(20);
    drawCrowd(wider.u, times, [series('a', [1, 2, 3, 5]), series('b', [4, 3, 2, 1])], 'grey', paths);
    expect(RecordingPath.built).toBe(5);
    expect(wider.stroked[1].ops[0]).toEqual(['M', 0, 80]);
  });
});
