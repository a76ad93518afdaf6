// Order statistics on a scratch array, in place, in linear expected time (no sort: the population detector
// takes two medians across up to thousands of series at every time step).

/**
 * Rearranges a[0..n) so that a[kth] holds the value it would hold if sorted ascending, everything before it is
 * ≤ and everything after it ≥; returns a[kth]. Hoare partition around the median of three, so already sorted or
 * constant input (common: idle pods) stays linear. Values must not be NaN.
 */
export function selectInPlace(a: Float64Array, n: number, kth: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three to a[mid]
    if (a[mid] < a[lo]) {
      swap(a, mid, lo);
    }
    if (a[hi] < a[lo]) {
      swap(a, hi, lo);
    }
    if (a[hi] < a[mid]) {
      swap(a, hi, mid);
    }
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) {
        i++;
      }
      while (a[j] > pivot) {
        j--;
      }
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (kth <= j) {
      hi = j;
    } else if (kth >= i) {
      lo = i;
    } else {
      break; // a[j+1..i−1] all equal the pivot
    }
  }
  return a[kth];
}

/** The median of a[0..n) (mean of the two middle values when n is even); reorders a. NaN when n is 0. */
export function medianInPlace(a: Float64Array, n: number): number {
  if (n === 0) {
    return NaN;
  }
  const upper = selectInPlace(a, n, n >> 1);
  if (n & 1) {
    return upper;
  }
  // the lower middle is the largest value left of the upper one
  let lower = a[0];
  for (let i = 1; i < n >> 1; i++) {
    if (a[i] > lower) {
      lower = a[i];
    }
  }
  return (lower + upper) / 2;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** First index in a[from..to) (sorted ascending) whose value is ≥ v. */
export function lowerBound(a: Float64Array, from: number, to: number, v: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < v) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
