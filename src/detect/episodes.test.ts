import { createDetector } from './index';
import type { Episode } from './types';
import { EpisodeTracker } from './episodes';

function track(gap: number, points: Array<[number, number, boolean]>): Episode[] {
  const tracker = new EpisodeTracker(gap);
  points.forEach(([t, score, anomaly]) => tracker.observe(t, score, anomaly));
  return tracker.list();
}

describe('episodes', () => {
  it('consecutive anomalous points form one episode, whatever their spacing', () => {
    expect(
      track(0, [
        [0, 1, false],
        [10, 30, true],
        [1000, 80, true],
        [5000, 40, true],
        [5001, 1, false],
      ])
    ).toEqual([{ start: 10, end: 5000, peakTime: 1000, peakScore: 80, severity: 'critical', points: 3 }]);
  });

  it('merges across normal points closer than the gap, splits beyond it', () => {
    const pts: Array<[number, number, boolean]> = [
      [0, 30, true],
      [1, 0, false],
      [2, 0, false],
      [3, 55, true], // 3 ms after the episode's end
      [4, 0, false],
      [10, 26, true], // 7 ms after
    ];
    expect(track(3, pts)).toEqual([
      { start: 0, end: 3, peakTime: 3, peakScore: 55, severity: 'major', points: 2 },
      { start: 10, end: 10, peakTime: 10, peakScore: 26, severity: 'minor', points: 1 },
    ]);
    expect(track(0, pts)).toHaveLength(3);
    expect(track(7, pts)).toHaveLength(1);
  });

  it('an episode of low-scored flagged points is a warning, not "none" (its annotation names a severity)', () => {
    expect(track(0, [[0, 1, true]])).toEqual([
      { start: 0, end: 0, peakTime: 0, peakScore: 1, severity: 'warning', points: 1 },
    ]);
  });

  it('missing values (NaN score) neither extend nor break an episode', () => {
    expect(
      track(0, [
        [0, 30, true],
        [1, NaN, false],
        [2, 30, true],
      ])
    ).toEqual([{ start: 0, end: 2, peakTime: 0, peakScore: 30, severity: 'minor', points: 2 }]);
  });

  it('a detector reports closed and open episodes; one incident is one episode', () => {
    const d = createDetector('notebook', { warmup: 200, episodeGap: 600_000 });
    const step = 60_000;
    for (let i = 0; i < 300; i++) {
      d.push(i * step, 10 + (i % 3) * 0.1);
    }
    // an incident out of the notebook's band, then back to normal: the flagged points are one episode
    const flags = [50, 50, 50, 50, 50, ...Array.from({ length: 200 }, (_, i) => 10 + (i % 3) * 0.1)].map(
      (x, j) => d.push((300 + j) * step, x).anomaly
    );
    const last = flags.lastIndexOf(true);
    expect(flags.slice(0, last + 1).every(Boolean)).toBe(true);
    expect(d.episodes()).toEqual([
      expect.objectContaining({ start: 300 * step, end: (300 + last) * step, points: last + 1, severity: 'critical' }),
    ]);
    d.reset();
    expect(d.episodes()).toEqual([]);
  });

  it('forgets closed episodes that ended before a time, keeping later and open ones', () => {
    const d = createDetector('ewma', { warmup: 0 });
    const step = 300_000;
    const ends: number[] = [];
    let t = 0;
    // a quiet, slightly noisy series at 5-minute steps (its range learnt after a day) with a spike every 200 points,
    // each higher than any before: one closed episode per spike
    for (let i = 0; i < 2000; i++, t += step) {
      const spike = i > 300 && i % 200 === 0;
      d.push(t, spike ? 100 * 1.2 ** (i / 200) : 10 + ((i * 7) % 5) * 0.1);
    }
    const all = d.episodes();
    expect(all.length).toBeGreaterThanOrEqual(8);
    all.forEach((e) => ends.push(e.end));
    const cut = ends[ends.length - 3];
    d.forgetEpisodesBefore(cut);
    expect(d.episodes()).toEqual(all.filter((e) => e.end >= cut));
    d.push(t, 1e4); // an open episode survives any cut
    d.forgetEpisodesBefore(Infinity);
    expect(d.episodes()).toEqual([expect.objectContaining({ start: t, end: t, points: 1 })]);
  });
});
