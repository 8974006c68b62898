/**
 * Run-to-run noise of a figure, from the spread of its per-second values inside the measured windows.
 *
 * The rule (docs/loadtest.md, "Comparing two runs"): a change is beyond noise when it is larger than the
 * larger of the two runs' interquartile ranges (IQR) of that figure's per-second values in the compared
 * windows, and larger than the figure's resolution. The IQR is the middle half of the seconds, so a single
 * stall neither widens nor narrows it. It is deliberately not a standard error (which shrinks with every
 * extra second measured): on a shared machine two runs differ by about as much as two seconds of one run
 * do, and a CI gate that cries wolf gets switched off.
 */

/** Fewest per-second values a spread is computed from; with fewer, the other run's spread stands in. */
export const MIN_SAMPLES = 3;

/** Quantile `q` of sorted values, linearly interpolated between the two nearest ranks. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of nothing');
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

/** Interquartile range of finite values, or `null` with fewer than `MIN_SAMPLES`. */
export function iqr(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length < MIN_SAMPLES) return null;
  return quantile(xs, 0.75) - quantile(xs, 0.25);
}

/** The noise band of a comparison: the larger spread of the two runs; `null` when neither has one. */
export function noiseBand(before: number | null, after: number | null): number | null {
  if (before === null) return after;
  if (after === null) return before;
  return Math.max(before, after);
}

/** Whether `delta` is beyond noise: larger than the band and than the figure's resolution. */
export function beyondNoise(delta: number, band: number, resolution: number): boolean {
  return Math.abs(delta) > Math.max(band, resolution);
}
