import fc from 'fast-check';

import { sigmaFloor, TailCalibration } from './band';

describe('TailCalibration', () => {
  it('leaves Gaussian-like band distances alone and never raises a score', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { maxLength: 200 }), (rs) => {
        const cal = new TailCalibration(4, 0.01);
        for (const r of rs) {
          expect(cal.next(r)).toBeLessThanOrEqual(r);
        }
      })
    );
    const cal = new TailCalibration(4, 0.01);
    expect(cal.next(0.7)).toBe(0.7);
  });

  it('scores the same deviation lower on a series whose deviations are routinely large', () => {
    const calm = new TailCalibration(4, 0.01);
    const wild = new TailCalibration(4, 0.01);
    for (let i = 0; i < 5000; i++) {
      calm.next(0.2);
      wild.next(i % 50 === 0 ? 5 : 0.1); // a 20-sigma jump every 50 points
    }
    expect(calm.next(1.5)).toBe(1.5);
    expect(wild.next(1.5)).toBeLessThan(0.5);
  });
});

describe('sigmaFloor', () => {
  it('is half a quantum, or a relative 1e-9 of the level, never 0', () => {
    expect(sigmaFloor(2, 100)).toBe(1);
    expect(sigmaFloor(Infinity, 1e6)).toBe(1e-3);
    expect(sigmaFloor(Infinity, 0)).toBeGreaterThan(0);
  });
});
