// Live windows over a series' rows for property tests: each cut grows the window's end and slides its start, as a
// live query's emissions or a dashboard's refreshes do.

export interface Cut {
  /** Rows appended at the end. */
  grow: number;
  /** Rows dropped at the start (never past the end; moved back to the first row of a repeated time). */
  slide: number;
}

/** The windows [lo, hi) of rows at times `t` (ascending, times may repeat) after each cut in turn. */
export function slideWindows(t: ArrayLike<number>, cuts: readonly Cut[]): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  let [lo, hi] = [0, 0];
  for (const c of cuts) {
    const end = Math.min(t.length, hi + c.grow);
    let start = Math.min(lo + c.slide, hi, end);
    while (start > lo && t[start - 1] === t[start]) {
      start--; // back to the first row of its time
    }
    [lo, hi] = [start, end];
    windows.push([lo, hi]);
  }
  return windows;
}
