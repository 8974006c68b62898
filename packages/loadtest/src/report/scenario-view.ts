import { num, pct } from './format.js';
import type { ScenarioResult } from './report.js';
import { escapeXml } from './svg-chart.js';

const HEADERS = [
  'phase',
  'clients',
  'took s',
  'delivered',
  'gap p99 ms',
  'ack p99 ms',
  'server tick p99 ms',
  'server CPU %',
  'resumed',
  'failed+dropped',
];

function rows(s: ScenarioResult): string[][] {
  return s.phases.map((p) => {
    const f = p.figures;
    return [
      `${p.index} ${p.kind}${p.index === s.peakPhase ? ' (peak)' : ''}`,
      `${f.clients.connected}/${p.clients}`,
      num(p.tookSeconds),
      pct(f.snapshots.deliveredRatio),
      num(f.gapMs.p99),
      num(f.ackMs.p99),
      num(f.server?.tickMs.p99 ?? null, 2),
      num(f.server?.cpuPercent ?? null),
      String(f.reconnects?.resumed ?? 0),
      String(f.clients.connectFailed + f.clients.disconnects),
    ];
  });
}

/**
 * The phases as text columns. `clients` is in a room at the end of the phase / planned; failures and
 * disconnects are counted since the start of the run.
 */
export function scenarioTable(s: ScenarioResult): string {
  const all = [HEADERS, ...rows(s)];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const title = `Scenario "${s.name}"${s.description ? `: ${s.description}` : ''}`;
  return [
    title,
    ...all.map(
      (r) =>
        `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')}`,
    ),
  ].join('\n');
}

/** The phase table of the HTML report. */
export function scenarioHtml(s: ScenarioResult): string {
  const head = HEADERS.map((h) => `<th>${escapeXml(h)}</th>`).join('');
  const body = rows(s)
    .map((r) => `<tr>${r.map((c) => `<td>${escapeXml(c)}</td>`).join('')}</tr>`)
    .join('');
  return (
    `<h2>Scenario: ${escapeXml(s.name)}</h2>` +
    (s.description ? `<p class="sub">${escapeXml(s.description)}</p>` : '') +
    `<table><tr>${head}</tr>${body}</table>` +
    `<p class="sub">Each phase is one measured window (shaded in the charts below). Clients: in a room at the end of the phase / planned; failures and drops count from the start.</p>`
  );
}
