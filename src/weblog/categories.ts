// Bounded categories of one open-ended dimension (browser families, bot names, country codes from
// upstream labels): anyone can send a request with a new user agent, so the names a log holds are
// unbounded, and a million of them must not exhaust a viewer's browser.
//
// At most `capacity` names are tracked at once, each with its counts per bucket (sparse: storage grows
// with the buckets a name has traffic in, not with the number of buckets or names). When a new name
// arrives and the table is full, the name with the smallest estimated count is folded into 'Other' —
// its counts move there, nothing is dropped — and the newcomer inherits that estimate (Metwally et al.,
// "Space-Saving", 2005: any name with more than N / capacity of N requests is never folded, and its
// count misses at most N / capacity early requests, which sit in 'Other').
// result() names the top `limit` names by count (ties by name, so the order does not depend on the
// input's) among those whose count exceeds everything folded so far; the rest is 'Other'.

import { bucketStart } from './buckets';
import { detach } from './strings';

/** The category holding everything not named. */
export const OTHER = 'Other';
/** Longest category name kept; longer ones are cut (and end with '…'). */
export const MAX_NAME_CHARS = 100;

/** Counts per bucket start, sparse; consecutive adds to the same bucket are summed before the map sees them. */
class Series {
  readonly cells = new Map<number, number>();
  private start = NaN;
  private pending = 0;

  add(start: number, n: number): void {
    if (start !== this.start) {
      this.flush();
      this.start = start;
    }
    this.pending += n;
  }

  flush(): Map<number, number> {
    if (this.pending !== 0) {
      this.cells.set(this.start, (this.cells.get(this.start) ?? 0) + this.pending);
      this.pending = 0;
    }
    return this.cells;
  }

  addAll(o: Series): void {
    for (const [start, n] of o.flush()) {
      this.add(start, n);
    }
  }

  /** Re-buckets into a coarser width that the current one divides (exact). */
  coarsen(width: number): void {
    const cells = [...this.flush()];
    this.cells.clear();
    this.start = NaN;
    for (const [start, n] of cells) {
      this.add(bucketStart(start, width), n);
    }
    this.flush();
  }
}

interface Slot {
  name: string;
  /** Requests counted since the name was admitted (exact, per bucket in `series`). */
  count: number;
  /** The estimate inherited on admission (the folded name's): the most the name may have had before. */
  base: number;
  /** Admission order: among equal estimates the oldest is folded first. */
  seq: number;
  /** Position in the heap (only maintained once the table is full). */
  pos: number;
  series: Series;
}

const estimate = (s: Slot) => s.base + s.count;
const before = (a: Slot, b: Slot) => estimate(a) < estimate(b) || (estimate(a) === estimate(b) && a.seq < b.seq);

/** How many distinct names were folded into 'Other' and how many requests they had. */
export interface FoldStats {
  names: number;
  /** `names` is an estimate (± 2 %): once names have been folded, their exact number is not kept. */
  approximate: boolean;
  requests: number;
}

export interface Category {
  name: string;
  total: number;
  /** Bucket start → count, only buckets with traffic. */
  cells: Map<number, number>;
}

export class Categories {
  private readonly index = new Map<string, Slot>();
  /** Min-heap on (estimate, seq), built when the table first fills up. */
  private readonly heap: Slot[] = [];
  private full = false;
  private readonly other = new Series();
  private otherTotal = 0;
  /** Largest estimate folded so far: no folded name had more requests. */
  private floor = 0;
  private foldedRequests = 0;
  private evictions = 0;
  private seq = 0;
  private readonly distinct = new DistinctCount();

  constructor(
    private readonly capacity: number,
    private readonly limit: number
  ) {}

  /** Counts `n` requests of `name` in the bucket starting at `start` (n = 0 adds nothing). */
  add(name: string, start: number, n: number): void {
    if (n === 0) {
      return;
    }
    if (name === OTHER) {
      this.other.add(start, n);
      this.otherTotal += n;
      return;
    }
    if (name.length > MAX_NAME_CHARS) {
      name = name.slice(0, MAX_NAME_CHARS - 1) + '…';
    }
    let slot = this.index.get(name);
    if (slot === undefined) {
      slot = this.admit(name);
    }
    slot.count += n;
    slot.series.add(start, n);
    if (this.full) {
      this.siftDown(slot.pos);
    }
  }

  private admit(name: string): Slot {
    const own = detach(name);
    this.distinct.add(own);
    const slot: Slot = { name: own, count: 0, base: 0, seq: this.seq++, pos: this.heap.length, series: new Series() };
    if (this.heap.length < this.capacity) {
      this.heap.push(slot);
      if (this.heap.length === this.capacity) {
        this.full = true;
        for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) {
          this.siftDown(i);
        }
      }
    } else {
      const out = this.heap[0];
      this.evictions++;
      this.index.delete(out.name);
      this.other.addAll(out.series);
      this.otherTotal += out.count;
      this.foldedRequests += out.count;
      this.floor = Math.max(this.floor, estimate(out));
      slot.base = estimate(out);
      slot.pos = 0;
      this.heap[0] = slot;
    }
    this.index.set(own, slot);
    return slot;
  }

  private siftDown(i: number): void {
    const h = this.heap;
    const s = h[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) {
        break;
      }
      const c = l + 1 < h.length && before(h[l + 1], h[l]) ? l + 1 : l;
      if (!before(h[c], s)) {
        break;
      }
      h[i] = h[c];
      h[i].pos = i;
      i = c;
    }
    h[i] = s;
    s.pos = i;
  }

  coarsen(width: number): void {
    this.other.coarsen(width);
    this.heap.forEach((s) => s.series.coarsen(width));
  }

  /**
   * The named categories (top `limit` by count whose count beats every folded name's, ties by name) and
   * 'Other' (everything else; absent when empty), by descending total; plus what was folded.
   */
  result(): { categories: Category[]; folded: FoldStats } {
    const ranked = this.heap
      .filter((s) => s.count > 0)
      .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const named = ranked.filter((s) => s.count > this.floor).slice(0, this.limit);
    const rest = ranked.slice(named.length);
    const categories: Category[] = named.map((s) => ({ name: s.name, total: s.count, cells: s.series.flush() }));
    let otherCells = this.other.flush();
    let otherTotal = this.otherTotal;
    if (rest.length > 0) {
      const other = new Series();
      other.addAll(this.other);
      rest.forEach((s) => other.addAll(s.series));
      otherCells = other.flush();
      otherTotal += rest.reduce((sum, s) => sum + s.count, 0);
    }
    if (otherTotal > 0) {
      categories.push({ name: OTHER, total: otherTotal, cells: otherCells });
      categories.sort((a, b) => b.total - a.total || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    const approximate = this.evictions > 0;
    const names = approximate
      ? Math.max(rest.length, Math.round(this.distinct.estimate()) - named.length)
      : rest.length;
    return {
      categories,
      folded: { names, approximate, requests: this.foldedRequests + rest.reduce((sum, s) => sum + s.count, 0) },
    };
  }
}

/**
 * Number of distinct names in a fixed 4 KB: HyperLogLog (Flajolet et al. 2007) with 2^12 registers,
 * relative standard error 1.04 / √4096 ≈ 1.6 %, linear counting for small numbers.
 */
class DistinctCount {
  private static readonly P = 12;
  private readonly registers = new Uint8Array(1 << DistinctCount.P);

  add(s: string): void {
    let h = 0x811c9dc5; // FNV-1a, then murmur3's finaliser so the top bits (the register index) are mixed
    for (let i = 0; i < s.length; i++) {
      h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    const p = DistinctCount.P;
    const j = h >>> (32 - p);
    const rank = Math.min(Math.clz32(h << p) + 1, 32 - p + 1);
    if (rank > this.registers[j]) {
      this.registers[j] = rank;
    }
  }

  estimate(): number {
    const m = this.registers.length;
    let sum = 0;
    let zeros = 0;
    for (const r of this.registers) {
      sum += 2 ** -r;
      zeros += r === 0 ? 1 : 0;
    }
    const raw = ((0.7213 / (1 + 1.079 / m)) * m * m) / sum;
    return raw <= 2.5 * m && zeros > 0 ? m * Math.log(m / zeros) : raw;
  }
}
