import { compareReports } from '../compare/compare-reports.js';
import { comparisonHtml } from './compare-html.js';
import { testersLabel } from './agent-rows.js';
import { num, pct } from './format.js';
import { networkLabel } from './network-label.js';
import type { Report } from './report.js';
import { escapeXml, lineChart, type Series } from './svg-chart.js';
import { scenarioHtml } from './scenario-view.js';
import { sweepHtml } from './sweep-view.js';
import { describeRooms, figureRows } from './table.js';
import type { TimelinePoint } from './timeline.js';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

/** The report's stylesheet (also used by `compare --html`). */
export const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1180px;color:#111827;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.sub{color:#4b5563;margin-bottom:16px}
table{border-collapse:collapse;margin:8px 0}td,th{padding:4px 10px;border-bottom:1px solid #e5e7eb;text-align:left;vertical-align:top}
th{background:#f9fafb;font-weight:600}td.k{color:#374151;white-space:nowrap}
.warn{background:#fef3c7;border-left:4px solid #d97706;padding:8px 12px;margin:6px 0}
.bad{color:#b91c1c;font-weight:600}.ok{color:#15803d;font-weight:600}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:14px}
.chart{width:100%;height:auto;background:#fff;border:1px solid #e5e7eb;border-radius:6px}
.chart .t{font-size:13px;font-weight:600;fill:#111827}.chart .a{font-size:10px;fill:#6b7280}
.chart .g{stroke:#f3f4f6}.chart .w{fill:#dbeafe;opacity:.55}.chart .n{font-size:12px;fill:#9ca3af}
footer{margin-top:28px;color:#6b7280;font-size:12px}
h3{font-size:15px;margin:18px 0 6px}
`;

type Pick = (p: TimelinePoint) => number | null;

function series(timeline: TimelinePoint[], defs: [string, Pick, boolean?][]): Series[] {
  return defs.map(([name, pick, dashed], i) => ({
    name,
    color: COLORS[i % COLORS.length] as string,
    dashed: dashed ?? false,
    points: timeline.map((p) => [p.t, pick(p)] as [number, number | null]),
  }));
}

/** Contiguous runs of timeline points inside a measured window, as x ranges. */
function windows(timeline: TimelinePoint[]): [number, number][] {
  const out: [number, number][] = [];
  let start: number | null = null;
  let prev = 0;
  for (const p of timeline) {
    if (p.window && start === null) start = prev;
    if (!p.window && start !== null) {
      out.push([start, prev]);
      start = null;
    }
    prev = p.t;
  }
  if (start !== null) out.push([start, prev]);
  return out;
}

/** Extras of the HTML report. */
export interface HtmlOptions {
  /** Another run to compare this one with (`--compare-to`): a comparison section and overlaid charts. */
  compareTo?: Report;
  /** What to call that run in the report. @default 'before' */
  compareLabel?: string;
}

/** A standalone page around some HTML (the report, or `compare --html`). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title><style>${CSS}</style></head><body>${body}</body></html>\n`;
}

/** A single HTML file: summary, warnings, capacity steps and charts over time. No CDN, no script needed. */
export function renderHtml(r: Report, options: HtmlOptions = {}): string {
  const tl = r.timeline;
  const shade = windows(tl);
  const charts = [
    lineChart({
      title: 'Clients in a room',
      unit: 'clients',
      shade,
      series: series(tl, [
        ['in a room', (p) => p.clients],
        ['started', (p) => p.target, true],
      ]),
    }),
    lineChart({
      title: 'Snapshot rate per client',
      unit: 'Hz',
      shade,
      series: series(tl, [
        ['delivered', (p) => p.deliveredRate],
        ['nominal', (p) => p.nominalRate, true],
      ]),
    }),
    lineChart({
      title: 'Inter-snapshot gap',
      unit: 'ms',
      shade,
      series: series(tl, [
        ['p50', (p) => p.gapP50],
        ['p99', (p) => p.gapP99],
      ]),
    }),
    lineChart({
      title: 'Snapshot age and input acknowledgement',
      unit: 'ms',
      shade,
      series: series(tl, [
        ['age p50', (p) => p.ageP50],
        ['age p99', (p) => p.ageP99],
        ['ack p50', (p) => p.ackP50],
        ['ack p99', (p) => p.ackP99],
      ]),
    }),
    lineChart({
      title: 'Bandwidth per client',
      unit: 'kB/s',
      shade,
      series: series(tl, [
        ['down', (p) => (p.downPerClient === null ? null : p.downPerClient / 1000)],
        ['up', (p) => (p.upPerClient === null ? null : p.upPerClient / 1000)],
      ]),
    }),
    lineChart({
      title: 'Snapshot payload (mean)',
      unit: 'B',
      shade,
      series: series(tl, [['per snapshot', (p) => p.bytesPerSnapshot]]),
    }),
    lineChart({
      title: 'Server tick and event loop',
      unit: 'ms',
      shade,
      series: series(tl, [
        ['tick p50', (p) => p.serverTickP50],
        ['tick p99', (p) => p.serverTickP99],
        ['loop delay p99', (p) => p.serverLoopDelayP99],
      ]),
    }),
    lineChart({
      title: 'CPU',
      unit: '% of one core',
      shade,
      series: series(tl, [
        ['server', (p) => p.serverCpuPercent],
        ['tester (all threads)', (p) => p.testerCpuPercent],
        ['busiest worker', (p) => (p.testerUtilisation === null ? null : p.testerUtilisation * 100)],
      ]),
    }),
    lineChart({
      title: 'Tester event-loop delay (worst worker)',
      unit: 'ms',
      shade,
      series: series(tl, [['p99', (p) => p.testerLoopDelayP99]]),
    }),
  ];

  const parts: string[] = [];
  const how = describeRooms(r);
  parts.push(`<h1>Tick Arena load test</h1>`);
  parts.push(
    `<div class="sub">${escapeXml(r.target.url)} &middot; ${escapeXml(how)} &middot; ${r.config.workers} workers${escapeXml(testersLabel(r))} &middot; ${escapeXml(r.startedAt)} to ${escapeXml(r.finishedAt)}</div>`,
  );
  const network = networkLabel(r.config.netsim);
  if (network) parts.push(`<div class="sub">Bots ${escapeXml(network)}</div>`);
  for (const w of r.warnings) parts.push(`<div class="warn">${escapeXml(w)}</div>`);
  if (r.assertions) {
    parts.push('<h2>Assertions</h2><table><tr><th>condition</th><th>measured</th><th></th></tr>');
    for (const a of r.assertions) {
      parts.push(
        `<tr><td>${escapeXml(`${a.key} ${a.op} ${a.value}`)}</td><td>${num(a.actual, 3)}</td><td class="${a.ok ? 'ok' : 'bad'}">${a.ok ? 'pass' : 'FAIL'}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  if (r.sweep)
    parts.push(
      sweepHtml(
        r.sweep,
        options.compareTo?.sweep
          ? { label: options.compareLabel ?? 'before', entries: options.compareTo.sweep }
          : undefined,
      ),
    );
  if (r.scenario) parts.push(scenarioHtml(r.scenario));
  if (r.capacity) {
    const c = r.capacity;
    parts.push(
      `<h2>Capacity: ${c.capacity === null ? 'none' : `${c.capacity} clients`}</h2><p>Stopped ${escapeXml(c.stoppedBecause)}${c.testerLimited ? ' (the tester ran out first: a lower bound)' : ''}.</p>`,
    );
    parts.push(
      '<table><tr><th>clients</th><th>held</th><th>delivered</th><th>gap p99 ms</th><th>server tick p99 ms</th><th>server loop p99 ms</th><th>tester busiest</th><th>violations</th></tr>',
    );
    for (const s of c.steps) {
      const f = s.figures;
      parts.push(
        `<tr><td>${s.clients}</td><td class="${s.held ? 'ok' : 'bad'}">${s.held ? 'yes' : 'no'}</td><td>${pct(f.snapshots.deliveredRatio)}</td><td>${num(f.gapMs.p99)}</td><td>${num(f.server?.tickMs.p99 ?? null, 2)}</td><td>${num(f.server?.eventLoopDelayMs.p99 ?? null, 2)}</td><td>${pct(f.tester.maxEventLoopUtilisation, 0)}</td><td>${escapeXml(s.violations.join('; '))}</td></tr>`,
      );
    }
    parts.push('</table>');
  }
  if (r.figures) {
    parts.push(
      `<h2>${r.capacity ? `Figures at capacity` : r.scenario ? `Figures of the peak phase (${r.scenario.peakPhase})` : `Measured window (${num(r.figures.windowSeconds)} s)`}</h2><table>`,
    );
    for (const [k, v] of figureRows(r.figures))
      parts.push(`<tr><td class="k">${escapeXml(k)}</td><td>${escapeXml(v)}</td></tr>`);
    parts.push('</table>');
  }
  if (options.compareTo) {
    const before = { name: options.compareLabel ?? 'before', report: options.compareTo };
    parts.push(
      comparisonHtml(
        compareReports(options.compareTo, r),
        before,
        { name: 'this run', report: r },
        { sweepCharts: false },
      ),
    );
  }
  parts.push(
    `<h2>Over time</h2><p class="sub">Shaded: measured windows.</p><div class="grid">${charts.join('')}</div>`,
  );
  // The full report rides along for tools (`JSON.parse(document.getElementById('report').textContent)`).
  const json = JSON.stringify(r).replace(/</g, '\\u003c');
  parts.push(`<script type="application/json" id="report">${json}</script>`);
  parts.push(`<footer>Generated by tick-arena-loadtest.</footer>`);
  return htmlPage(`Tick Arena load test: ${r.target.url}`, parts.join('\n'));
}
