/** Number formatting shared by the table, the progress line and the HTML report. */

export function num(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  return x.toFixed(digits);
}

/** 1234567 -> "1.23 MB" (decimal units: what network people quote). */
export function bytes(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  const units = ['B', 'kB', 'MB', 'GB'];
  let v = x;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i += 1;
  }
  return `${v.toFixed(i === 0 ? 0 : v < 10 ? 2 : 1)} ${units[i]}`;
}

export function pct(x: number | null | undefined, digits = 1): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : `${(x * 100).toFixed(digits)}%`;
}

/** `p50 1.2  p90 3.4  p99 5.6  max 7.8` from any object with those fields. */
export function percentiles(
  s: { p50: number | null; p90?: number | null; p99: number | null; max: number | null },
  digits = 1,
): string {
  const parts = [`p50 ${num(s.p50, digits)}`];
  if (s.p90 !== undefined) parts.push(`p90 ${num(s.p90, digits)}`);
  parts.push(`p99 ${num(s.p99, digits)}`, `max ${num(s.max, digits)}`);
  return parts.join('  ');
}
