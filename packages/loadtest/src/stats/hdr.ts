import * as hdr from 'hdr-histogram-js';

/** An HDR histogram of durations, recorded in whole microseconds (HDR histograms count integers). */
export type Histogram = hdr.Histogram;

/** Percentiles of one measured quantity, in milliseconds; `null` when nothing was recorded. */
export interface PercentileSummary {
  count: number;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/**
 * 3 significant digits keeps every recorded duration within 0.1% of its true value, so a 33.3 ms gap and
 * a 33.4 ms gap stay distinct; auto-resize lets one pathological 10 s stall be recorded rather than clamped.
 */
export function createHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3, autoResize: true });
}

/** Record a duration in ms. Negative values (clock-offset noise) are recorded as 0. */
export function recordMs(h: Histogram, ms: number): void {
  if (!Number.isFinite(ms)) return;
  h.recordValue(ms > 0 ? Math.round(ms * 1000) : 0);
}

/** Compact text form for `postMessage` between threads: a few hundred bytes whatever the sample count. */
export function encodeHistogram(h: Histogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export function decodeHistogram(encoded: string): Histogram {
  return hdr.decodeFromCompressedBase64(encoded);
}

/** Add `other` into `into`. Exact: HDR histograms merge without losing resolution. */
export function mergeInto(into: Histogram, other: Histogram): void {
  if (other.totalCount > 0) into.add(other);
}

const round3 = (us: number) => Math.round(us) / 1000;

export function summarize(h: Histogram): PercentileSummary {
  if (h.totalCount === 0) return { count: 0, mean: null, p50: null, p90: null, p99: null, max: null };
  return {
    count: h.totalCount,
    mean: round3(h.mean),
    p50: round3(h.getValueAtPercentile(50)),
    p90: round3(h.getValueAtPercentile(90)),
    p99: round3(h.getValueAtPercentile(99)),
    max: round3(h.maxValue),
  };
}
