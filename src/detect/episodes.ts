// Merges anomalous points into episodes so one incident gives one annotation or alert.
import { flaggedSeverity } from './severity';
import type { Episode } from './types';

/**
 * Anomalous points join the open episode when no scored normal point came between them (consecutive),
 * or when they are at most `gap` ms after its end. Points without a value (NaN score) neither extend
 * nor break an episode: missing data is not evidence that the incident ended.
 */
export class EpisodeTracker {
  private closed: Episode[] = [];
  private open: Episode | undefined;
  private interrupted = false;

  constructor(private readonly gap: number) {}

  observe(t: number, score: number, anomaly: boolean): void {
    if (score !== score) {
      return;
    }
    const open = this.open;
    if (!anomaly) {
      if (open) {
        this.interrupted = true;
        if (t - open.end > this.gap) {
          this.close(); // nothing later can merge into it any more
        }
      }
      return;
    }
    if (open && (!this.interrupted || t - open.end <= this.gap)) {
      open.end = t;
      open.points++;
      if (score > open.peakScore) {
        open.peakScore = score;
        open.peakTime = t;
      }
    } else {
      this.close();
      this.open = { start: t, end: t, peakTime: t, peakScore: score, severity: 'none', points: 1 };
    }
    this.interrupted = false;
  }

  /**
   * `observe` over a batch, visiting only what can matter: anomalous points, and the first scored normal
   * point after them (it interrupts the episode). Later normal points would only close the episode earlier,
   * which `list()` cannot tell apart.
   */
  observeAll(times: ArrayLike<number>, score: Float64Array, anomaly: Uint8Array): void {
    let pending = this.open !== undefined && !this.interrupted;
    const n = anomaly.length;
    // Flags four at a time while nothing is pending: most points are normal, and a word of four 0 flags is 0.
    const words =
      anomaly.byteOffset % 4 === 0 ? new Uint32Array(anomaly.buffer, anomaly.byteOffset, n >> 2) : undefined;
    for (let i = 0; i < n; i++) {
      if (!pending && words !== undefined && (i & 3) === 0) {
        let w = i >> 2;
        while (w < words.length && words[w] === 0) {
          w++;
        }
        if (w << 2 > i) {
          i = (w << 2) - 1; // the loop's i++ moves to the first flag of word w
          continue;
        }
      }
      if (anomaly[i] === 1) {
        this.observe(times[i], score[i], true);
        pending = true;
      } else if (pending && score[i] === score[i]) {
        this.observe(times[i], score[i], false);
        pending = false;
      }
    }
  }

  /** Closed episodes, then the open one (if any); fresh objects. */
  list(): Episode[] {
    const all = this.open ? [...this.closed, this.open] : this.closed;
    return all.map((e) => ({ ...e, severity: flaggedSeverity(e.peakScore) }));
  }

  /**
   * Drops closed episodes that ended before `t`. Episodes close in time order, so they are a prefix of the list.
   * A long-running stream calls this with the start of what it still shows, so its memory stays bounded.
   */
  forgetBefore(t: number): void {
    let i = 0;
    while (i < this.closed.length && this.closed[i].end < t) {
      i++;
    }
    if (i > 0) {
      this.closed.splice(0, i);
    }
  }

  reset(): void {
    this.closed = [];
    this.open = undefined;
    this.interrupted = false;
  }

  private close(): void {
    if (this.open) {
      this.closed.push(this.open);
      this.open = undefined;
    }
  }
}

/** The episodes of a whole series' scores and flags (`gap` as `EpisodeTracker`'s). */
export function episodesOf(times: Float64Array, score: Float64Array, flag: Uint8Array, gap: number): Episode[] {
  const tracker = new EpisodeTracker(gap);
  tracker.observeAll(times, score, flag);
  return tracker.list();
}
