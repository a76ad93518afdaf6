// A typed array grown at its end and dropped from its start, handed out as views: the kept state of a live
// query's series (src/frames/peers.ts, ./streaming.ts, the reader's kept rows in ./read.ts), so an
// emission that adds k rows and drops d costs O(k + d), not O(window).

export type Numbers = Float64Array | Uint8Array | Uint32Array | Int32Array;

/**
 * A view handed out never changes afterwards: new values go past its end, and when the buffer is full they move
 * to a new one with a quarter of the kept length as room: amortised O(1) per value (a move copies the kept values
 * once per quarter of them appended), at most 1.25× the window held — a quarter, not doubling, because a live
 * query keeps a dozen such columns per series (1,000 series × a week's window: 1.73 GB doubling, 1.2 GB). The column
 * counts the NaN it holds (O(1) to read), so a writer knows whether a view has gaps without reading it.
 */
export class Column<A extends Numbers> {
  private buf: A;
  private start = 0;
  private end = 0;
  /** NaN values held (always 0 for the integer arrays). */
  nans = 0;

  constructor(private readonly make: (n: number) => A) {
    this.buf = make(16);
  }

  get length(): number {
    return this.end - this.start;
  }

  at(i: number): number {
    return this.buf[this.start + i];
  }

  last(): number {
    return this.buf[this.end - 1];
  }

  /** Appends `values`, which the column may keep as its buffer (the caller hands over a new array). */
  push(values: A): void {
    this.nans += countNaN(values, 0, values.length);
    if (this.end === this.start) {
      this.buf = values; // an empty column takes the array as it is: no copy, no slack (the next push moves it)
      this.start = 0;
      this.end = values.length;
      return;
    }
    this.room(values.length);
    this.buf.set(values, this.end);
    this.end += values.length;
  }

  /** Pushes first, first + 1, …, first + count − 1. */
  pushRange(first: number, count: number): void {
    this.room(count);
    for (let k = 0; k < count; k++) {
      this.buf[this.end++] = first + k;
    }
  }

  pushOne(value: number): void {
    this.room(1);
    this.buf[this.end++] = value;
    this.nans += value !== value ? 1 : 0;
  }

  popLast(): void {
    this.end--;
    this.nans -= this.buf[this.end] !== this.buf[this.end] ? 1 : 0;
  }

  /** Drops the first n values (O(n): the NaN among them are counted out). */
  drop(n: number): void {
    this.nans -= countNaN(this.buf, this.start, this.start + n);
    this.start += n;
  }

  view(): A {
    return this.buf.subarray(this.start, this.end) as A;
  }

  private room(n: number): void {
    if (this.end + n > this.buf.length) {
      const kept = this.buf.subarray(this.start, this.end);
      const need = kept.length + n;
      this.buf = this.make(Math.max(16, need + (need >> 2)));
      this.buf.set(kept);
      this.start = 0;
      this.end = kept.length;
    }
  }
}

/** NaN among `values[from..to)`. */
export function countNaN(values: ArrayLike<number>, from = 0, to = values.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    n += values[i] !== values[i] ? 1 : 0;
  }
  return n;
}

/** The sum of 0/1 flags `values[from..to)`: the flagged ones. */
export function countOnes(values: ArrayLike<number>, from = 0, to = values.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    n += values[i];
  }
  return n;
}

export const float64 = (n: number): Float64Array => new Float64Array(n);
export const uint8 = (n: number): Uint8Array => new Uint8Array(n);

/** Forgets the entries whose key is not in `keys`: a live path's state for series that left the upstream's answer. */
export function forgetOthers<K>(state: Map<K, unknown>, keys: Set<K>): void {
  for (const key of state.keys()) {
    if (!keys.has(key)) {
      state.delete(key);
    }
  }
}
