import { bytes, num } from './format.js';
import type { SweepEntry } from './report.js';
import { escapeXml, lineChart, type Series } from './svg-chart.js';

/** Colours of the current run and of the run it is compared with (dashed). */
const NOW = '#2563eb';
const BEFORE = '#6b7280';

function sweepSeries(
  name: string,
  entries: SweepEntry[],
  pick: (e: SweepEntry) => number | null,
  before: boolean,
): Series {
  return {
    name,
    color: before ? BEFORE : NOW,
    dashed: before,
    points: entries.map((e) => [e.tickRate, pick(e)] as [number, number | null]),
  };
}

/**
 * The sweep's two charts: capacity against tick rate, and server CPU per client-tick against tick rate.
 * With `before`, that run's points are drawn dashed underneath (a comparison).
 */
export function sweepCharts(
  entries: SweepEntry[],
  before?: { label: string; entries: SweepEntry[] },
): string[] {
  const rates = [...new Set([...entries, ...(before?.entries ?? [])].map((e) => e.tickRate))].sort(
    (a, b) => a - b,
  );
  const chart = (title: string, unit: string, pick: (e: SweepEntry) => number | null) =>
    lineChart({
      title,
      unit,
      xUnit: 'tick rate, Hz',
      xTicks: rates,
      markers: true,
      series: [
        ...(before ? [sweepSeries(before.label, before.entries, pick, true)] : []),
        sweepSeries(before ? 'this run' : title.toLowerCase(), entries, pick, false),
      ],
    });
  return [
    // A search in which no step held found a capacity of 0 (below its first step): drawn at 0.
    chart('Capacity vs tick rate', 'clients', (e) => e.capacity ?? (e.steps.length > 0 ? 0 : null)),
    chart('Server CPU per client-tick', 'µs', (e) => e.serverCpuPerClientTickUs),
  ];
}

/** One row per rate: the figures the sweep is for. */
export function sweepRows(entries: SweepEntry[]): string[][] {
  return entries.map((e) => [
    `${e.tickRate} Hz`,
    e.capacity === null
      ? e.steps.length > 0
        ? `< ${e.steps[0]?.clients ?? 0}`
        : '-'
      : `${e.capacity}${e.testerLimited ? '+' : ''}`,
    e.clients === null ? '-' : String(e.clients),
    num(e.serverCpuPerClientTickUs, 2),
    bytes(e.bytesPerClient),
    bytes(e.bytesPerClientTick),
    num(e.tickP99Ms, 2),
    num(e.gapP99Ms),
  ]);
}

export const SWEEP_HEADERS = [
  'tick rate',
  'capacity',
  'at clients',
  'CPU µs/client-tick',
  'down/client/s',
  'down/client-tick',
  'tick p99 ms',
  'gap p99 ms',
];

/** The sweep as text columns, for the terminal. */
export function sweepTable(entries: SweepEntry[]): string {
  const rows = [SWEEP_HEADERS, ...sweepRows(entries)];
  const widths = SWEEP_HEADERS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map(
    (r) =>
      `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`,
  );
  for (const e of entries) {
    if (e.stoppedBecause)
      lines.push(
        `  ${e.tickRate} Hz: stopped ${e.stoppedBecause}${e.testerLimited ? ' (tester-limited: a lower bound)' : ''}`,
      );
  }
  return lines.join('\n');
}

/** The sweep section of the HTML report: table and the two charts. */
export function sweepHtml(entries: SweepEntry[], before?: { label: string; entries: SweepEntry[] }): string {
  const head = SWEEP_HEADERS.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const body = sweepRows(entries)
    .map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`)
    .join('');
  const stops = entries
    .filter((e) => e.stoppedBecause)
    .map((e) => `<li>${e.tickRate} Hz: stopped ${escapeXml(e.stoppedBecause ?? '')}</li>`)
    .join('');
  return (
    `<h2>Tick-rate sweep</h2><table><tr>${head}</tr>${body}</table>` +
    (stops ? `<ul class="sub">${stops}</ul>` : '') +
    `<p class="sub">Capacity: the largest client count that held the SLO (+: the tester ran out first, a lower bound). ` +
    `Costs are read at that count: server CPU / (clients × tick rate), bytes each client received.</p>` +
    `<div class="grid" id="sweep-charts">${sweepCharts(entries, before).join('')}</div>`
  );
}
