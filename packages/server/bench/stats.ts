/** Small helpers shared by the loop benchmarks. */

/** Exact percentile of sorted samples (nearest rank). */
export function pct(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Periods between consecutive tick starts, as signed % off nominal: p50, p99, max. */
export function periodStats(
  starts: readonly number[],
  rate: number,
): { p50: number; p99: number; max: number } {
  const nominal = 1000 / rate;
  const off = starts.slice(1).map((t, i) => ((t - (starts[i] as number)) / nominal - 1) * 100);
  off.sort((a, b) => a - b);
  return { p50: pct(off, 50), p99: pct(off, 99), max: off[off.length - 1] ?? NaN };
}

/** Busy-waits `us` microseconds: stands in for the work of a tick. */
export function work(us: number): void {
  const end = performance.now() + us / 1000;
  while (performance.now() < end);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
