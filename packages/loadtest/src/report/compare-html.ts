import { change, describeRun, figure, noise, verdict } from '../compare/compare-text.js';
import type { Comparison } from '../compare/compare-reports.js';
import type { Report } from './report.js';
import { sweepCharts } from './sweep-view.js';
import { escapeXml, lineChart, type Series } from './svg-chart.js';
import type { TimelinePoint } from './timeline.js';

const AFTER = '#2563eb';
const BEFORE = '#6b7280';

type Pick = (p: TimelinePoint) => number | null;

/** Two runs' timelines on one chart, each from its own start: the earlier run dashed and grey. */
function overlay(
  title: string,
  unit: string,
  pick: Pick,
  before: { name: string; report: Report },
  after: { name: string; report: Report },
): string {
  const line = (name: string, r: Report, color: string, dashed: boolean): Series => ({
    name,
    color,
    dashed,
    points: r.timeline.map((p) => [p.t, pick(p)] as [number, number | null]),
  });
  return lineChart({
    title,
    unit,
    series: [line(before.name, before.report, BEFORE, true), line(after.name, after.report, AFTER, false)],
  });
}

const CLASS: Record<string, string> = { better: 'ok', worse: 'bad' };

/**
 * The comparison as HTML: one table per compared part, notes, and the two runs overlaid. `sweepCharts`:
 * also overlay two sweeps' charts (off when the page already draws them, with the earlier run dashed).
 */
export function comparisonHtml(
  c: Comparison,
  before: { name: string; report: Report },
  after: { name: string; report: Report },
  options: { sweepCharts?: boolean } = {},
): string {
  const parts: string[] = [
    `<h2>Compared with ${escapeXml(before.name)}</h2>`,
    `<p class="sub">${escapeXml(before.name)}: ${escapeXml(describeRun(before.report))}<br>${escapeXml(after.name)}: ${escapeXml(describeRun(after.report))}<br>` +
      `Beyond noise: a change larger than both runs' interquartile range of the per-second values in the compared windows (capacity: one search step).</p>`,
  ];
  parts.push(
    `<p class="${c.regressions.length > 0 ? 'bad' : 'ok'}">${
      c.regressions.length === 0
        ? `No figure worse beyond noise; ${c.improvements.length} better.`
        : `${c.regressions.length} worse beyond noise: ${escapeXml(c.regressions.join(', '))}.`
    }</p>`,
  );
  for (const n of c.notes) parts.push(`<div class="warn">${escapeXml(n)}</div>`);
  for (const b of c.blocks) {
    parts.push(
      `<h3>${escapeXml(b.id)}</h3><table class="cmp"><tr><th>figure</th><th>${escapeXml(before.name)}</th><th>${escapeXml(after.name)}</th><th>change</th><th>noise</th><th></th></tr>`,
    );
    for (const r of b.rows) {
      if (r.before === null && r.after === null) continue;
      parts.push(
        `<tr><td class="k">${escapeXml(r.unit ? `${r.label}, ${r.unit}` : r.label)}</td><td>${figure(r.before)}</td><td>${figure(r.after)}</td><td>${escapeXml(change(r))}</td><td>${escapeXml(noise(r))}</td><td class="${CLASS[r.verdict] ?? ''}">${escapeXml(verdict(r))}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  const charts: string[] = [];
  if (options.sweepCharts !== false && after.report.sweep && before.report.sweep)
    charts.push(...sweepCharts(after.report.sweep, { label: before.name, entries: before.report.sweep }));
  charts.push(
    overlay('Snapshot rate per client', 'Hz', (p) => p.deliveredRate, before, after),
    overlay('Inter-snapshot gap p99', 'ms', (p) => p.gapP99, before, after),
    overlay('Server tick p99', 'ms', (p) => p.serverTickP99, before, after),
    overlay('Server CPU', '% of one core', (p) => p.serverCpuPercent, before, after),
    overlay(
      'Down per client',
      'kB/s',
      (p) => (p.downPerClient === null ? null : p.downPerClient / 1000),
      before,
      after,
    ),
    overlay('Clients in a room', 'clients', (p) => p.clients, before, after),
  );
  parts.push(
    `<h3>The two runs overlaid</h3><p class="sub">Each from its own start; ${escapeXml(before.name)} dashed.</p><div class="grid">${charts.join('')}</div>`,
  );
  return parts.join('\n');
}
