// Time buckets: fixed UTC-aligned widths (days start at 00:00 UTC), or 'auto', the finest width that keeps
// a series within a point budget.

export type BucketName = '5m' | '1h' | '4h' | '1d';
export type BucketChoice = BucketName | 'auto';

export const BUCKET_MS: Readonly<Record<BucketName, number>> = {
  '5m': 300_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

/** Finest first. Each width divides the next, so counts re-bucket exactly into any coarser width. */
export const BUCKETS: readonly BucketName[] = ['5m', '1h', '4h', '1d'];

/** Default point budget for 'auto': enough for a wide panel, small enough to keep memory flat. */
export const AUTO_MAX_BUCKETS = 500;

export function isBucketChoice(s: string): s is BucketChoice {
  return s === 'auto' || s in BUCKET_MS;
}

/** Start (UTC ms) of the bucket holding `t`. */
export function bucketStart(t: number, width: number): number {
  return Math.floor(t / width) * width;
}

/** Number of buckets of `width` that cover [minTime, maxTime]. */
export function bucketCount(minTime: number, maxTime: number, width: number): number {
  return (bucketStart(maxTime, width) - bucketStart(minTime, width)) / width + 1;
}

/** The finest width covering [minTime, maxTime] in at most `maxBuckets` buckets ('1d' if none does). */
export function autoBucket(minTime: number, maxTime: number, maxBuckets = AUTO_MAX_BUCKETS): BucketName {
  return BUCKETS.find((b) => bucketCount(minTime, maxTime, BUCKET_MS[b]) <= maxBuckets) ?? '1d';
}

/**
 * The bucket for counts aggregated upstream: the datasource's, else the widest of ours not wider than
 * the data's smallest time step ('auto' when the times say nothing, e.g. a single time).
 */
export function countsBucket(times: ArrayLike<number>, bucketMs?: number): BucketChoice {
  let step = bucketMs ?? Infinity;
  if (bucketMs === undefined) {
    const sorted = Float64Array.from(times).sort();
    for (let i = 1; i < sorted.length; i++) {
      const d = sorted[i] - sorted[i - 1];
      if (d > 0 && d < step) {
        step = d;
      }
    }
  }
  const fits = BUCKETS.filter((b) => BUCKET_MS[b] <= step);
  return Number.isFinite(step) && fits.length > 0 ? fits[fits.length - 1] : 'auto';
}
