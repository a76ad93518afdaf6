import { flaggedSeverity, scoreOf, SEVERITY_THRESHOLDS, severityOf } from './index';

describe('severity', () => {
  it('maps scores to Elastic-ML-like bands', () => {
    expect(SEVERITY_THRESHOLDS).toEqual({ warning: 3, minor: 25, major: 50, critical: 75 });
    const cases: Array<[number, string]> = [
      [0, 'none'],
      [2.999, 'none'],
      [3, 'warning'],
      [24.9, 'warning'],
      [25, 'minor'],
      [50, 'major'],
      [74.99, 'major'],
      [75, 'critical'],
      [100, 'critical'],
      [NaN, 'none'],
    ];
    for (const [score, severity] of cases) {
      expect(severityOf(score)).toBe(severity);
      // A flagged point (or episode) is at least a warning, whatever its score: an annotation never says "none".
      expect(flaggedSeverity(score)).toBe(severity === 'none' ? 'warning' : severity);
    }
  });

  it('scores band distance r: minor at the band edge, major at 1.5, critical at 3, monotonic, below 100', () => {
    expect(scoreOf(0)).toBe(0);
    expect(scoreOf(1)).toBe(25);
    expect(scoreOf(1.5)).toBe(50);
    expect(scoreOf(3)).toBe(75);
    expect(scoreOf(Infinity)).toBe(100);
    expect(severityOf(scoreOf(0.58))).toBe('none');
    expect(severityOf(scoreOf(0.6))).toBe('warning');
    let prev = -1;
    for (let r = 0; r < 1000; r += 0.01) {
      const s = scoreOf(r);
      expect(s).toBeGreaterThan(prev);
      expect(s).toBeLessThan(100);
      prev = s;
    }
  });
});
