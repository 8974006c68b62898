import type { Report } from '../report/report.js';
import type { ComparedRow, Comparison } from './compare-reports.js';

/** A figure's value at a precision that suits its size: 1234, 56.7, 8.91, 0.123. */
export function figure(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '-';
  const a = Math.abs(v);
  if (a >= 100 || Number.isInteger(v)) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
}

/** `+23.6 (+41%)`. */
export function change(r: ComparedRow): string {
  if (r.delta === null) return '-';
  if (r.delta === 0) return '0';
  const sign = r.delta > 0 ? '+' : '';
  const rel = r.before
    ? ` (${sign}${((r.delta / Math.abs(r.before)) * 100).toFixed(r.before && Math.abs(r.delta / r.before) < 0.1 ? 1 : 0)}%)`
    : '';
  return `${sign}${figure(r.delta)}${rel}`;
}

export function noise(r: ComparedRow): string {
  if (r.noise === null) return '-';
  return r.exact ? 'exact' : `±${figure(r.noise)}`;
}

export function verdict(r: ComparedRow): string {
  return r.verdict === 'worse' ? 'WORSE' : r.verdict;
}

/** What a report was, in a few words: `64 clients, 4 rooms of 16 at 30 Hz, 2026-...`. */
export function describeRun(r: Report): string {
  const rooms = r.config.rooms;
  const where = r.scenario
    ? `scenario "${r.scenario.name}"`
    : r.sweep
      ? `sweep of ${r.sweep.map((e) => e.tickRate).join(', ')} Hz`
      : rooms.kind === 'join'
        ? `joining ${rooms.codes.length} rooms`
        : r.capacity
          ? `capacity search at ${rooms.tickRate} Hz`
          : `${r.config.clients} clients at ${rooms.tickRate} Hz`;
  return `${where}, ${r.startedAt}`;
}

/** The comparison as text: one table per compared part, then notes and the summary line. */
export function renderComparison(
  c: Comparison,
  before: { name: string; report: Report },
  after: { name: string; report: Report },
): string {
  const out: string[] = [
    `Comparing ${before.name} (${describeRun(before.report)})`,
    `     with ${after.name} (${describeRun(after.report)})`,
    "Beyond noise: a change larger than both runs' interquartile range of the per-second values in the compared windows (capacity: one search step).",
  ];
  const headers = ['figure', 'before', 'after', 'change', 'noise', 'verdict'];
  for (const b of c.blocks) {
    const rows = b.rows
      .filter((r) => r.before !== null || r.after !== null)
      .map((r) => [
        r.unit ? `${r.label}, ${r.unit}` : r.label,
        figure(r.before),
        figure(r.after),
        change(r),
        noise(r),
        verdict(r),
      ]);
    const all = [headers, ...rows];
    const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
    out.push('', b.id);
    for (const r of all)
      out.push(
        `  ${r
          .map((cell, i) =>
            i === 0 || i === 5 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0),
          )
          .join('  ')
          .trimEnd()}`,
      );
  }
  for (const n of c.notes) out.push(`note: ${n}`);
  out.push('');
  out.push(
    c.regressions.length === 0
      ? `No figure worse beyond noise; ${c.improvements.length} better.`
      : `${c.regressions.length} worse beyond noise (${c.regressions.join(', ')}); ${c.improvements.length} better.`,
  );
  return out.join('\n');
}
