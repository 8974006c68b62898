import type { PromSample } from './prometheus-text.js';

/** Cumulative bucket counts of one Prometheus histogram, summed over all its label sets, by upper bound. */
export type Buckets = Map<number, number>;

/** Collect `<name>_bucket` samples, summing series with the same `le` (e.g. the tick histograms of all rooms). */
export function bucketsOf(samples: readonly PromSample[], name: string): Buckets | null {
  const out: Buckets = new Map();
  const bucketName = `${name}_bucket`;
  for (const s of samples) {
    if (s.name !== bucketName) continue;
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    if (Number.isNaN(le)) continue;
    out.set(le, (out.get(le) ?? 0) + s.value);
  }
  return out.size > 0 ? out : null;
}

/** Observations made between two scrapes of the same cumulative histogram (`later - earlier`). */
export function diffBuckets(later: Buckets, earlier: Buckets | null): Buckets {
  const out: Buckets = new Map();
  for (const [le, count] of later) out.set(le, Math.max(0, count - (earlier?.get(le) ?? 0)));
  return out;
}

/** Total observations in a cumulative bucket set (the `+Inf` bucket). */
export function bucketTotal(b: Buckets): number {
  return b.get(Infinity) ?? Math.max(0, ...b.values());
}

/**
 * The q-quantile (0..1) of a cumulative histogram, interpolated linearly inside the bucket that holds it,
 * exactly as PromQL's `histogram_quantile` does. A quantile in the `+Inf` bucket returns the largest finite
 * bound (the true value is only known to be above it). `null` when there are no observations.
 */
export function bucketQuantile(b: Buckets, q: number): number | null {
  const bounds = [...b.keys()].sort((x, y) => x - y);
  const total = bucketTotal(b);
  if (total <= 0 || bounds.length === 0) return null;
  const rank = q * total;
  let prevBound = 0;
  let prevCount = 0;
  for (const le of bounds) {
    const count = b.get(le) ?? 0;
    if (count >= rank) {
      if (le === Infinity) return prevBound;
      const inBucket = count - prevCount;
      if (inBucket <= 0) return le;
      return prevBound + ((le - prevBound) * (rank - prevCount)) / inBucket;
    }
    prevBound = le;
    prevCount = count;
  }
  return prevBound;
}
