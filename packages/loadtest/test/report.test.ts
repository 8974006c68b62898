import { describe, expect, it } from 'vitest';
import { renderHtml } from '../src/report/html-report.js';
import type { Report } from '../src/report/report.js';
import { renderTable } from '../src/report/table.js';
import { warningsFor } from '../src/report/warnings.js';
import { lineChart } from '../src/report/svg-chart.js';
import { sampleFigures } from './support/sample-figures.js';
import { samplePoint } from './support/sample-report.js';

function report(): Report {
  const timeline = Array.from({ length: 12 }, (_, i) => ({
    ...samplePoint(i + 1, i > 5 ? 'measured' : null),
    clients: Math.min(32, i * 8),
    deliveredRate: i < 2 ? null : 29.9,
  }));
  return {
    tool: 'tick-arena-loadtest',
    reportVersion: 1,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:00:12.000Z',
    target: {
      url: 'http://127.0.0.1:3000',
      metricsUrl: 'http://127.0.0.1:3000/metrics',
      serverMetrics: true,
    },
    config: {
      clients: 32,
      rooms: { kind: 'create', rooms: undefined, roomSize: 16, tickRate: 30, snapshotEvery: undefined },
      roomsUsed: 2,
      rampPerSecond: 100,
      warmupSeconds: 2,
      durationSeconds: 10,
      workers: 1,
      transport: 'lean',
    },
    figures: sampleFigures(),
    timeline,
    capacity: null,
    assertions: [{ key: 'gapP99', op: '<=', value: 30, actual: 41.2, ok: false }],
    serverErrors: {},
    warnings: ['Something <odd> happened'],
  };
}

describe('reports', () => {
  it('renders a self-contained HTML page: inline SVG charts, no external resources, escaped text', () => {
    const html = renderHtml(report());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(6);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!127\.0\.0\.1|www\.w3\.org)/);
    expect(html).toContain('Something &#60;odd&#62; happened');
    expect(html).toContain('FAIL');
    const json = /<script type="application\/json" id="report">(.*?)<\/script>/s.exec(html)?.[1];
    expect(JSON.parse(json ?? '').figures.snapshots.deliveredRate).toBe(29.9);
  });

  it('prints a table with the client, server and tester figures', () => {
    const text = renderTable(report());
    expect(text).toMatch(/snapshot rate, Hz\s+29\.90 of 30\.00 \(99\.7%\)/);
    expect(text).toMatch(/server tick, ms\s+p50 0\.50\s+p99 2\.10\s+max 4\.00/);
    expect(text).toMatch(/tester\s+1 workers.*-> ok/);
    expect(text).toMatch(/per client per s\s+down 2\.40 kB\s+up 1\.20 kB/);
    expect(text).toMatch(
      /bytes per snapshot\s+63 B payload; 0 full, 0 decode errors, 0 desyncs, 0 missing baselines/,
    );
    expect(text).toContain('Assertions: 1 of 1 failed');
  });

  it('warns when clients could not decode every snapshot, and only then', () => {
    const metrics = { url: null, reachable: null, error: null };
    expect(warningsFor(sampleFigures(), metrics)).toEqual([]);
    const f = sampleFigures();
    f.snapshots.decodeErrors = 3;
    f.snapshots.desyncs = 1;
    const [w] = warningsFor(f, metrics);
    expect(w).toMatch(/3 decode errors, 1 desyncs/);
    const g = sampleFigures();
    g.snapshots.missingBaselines = 2;
    expect(warningsFor(g, metrics)).toHaveLength(1);
  });

  it('draws a chart with gaps where nothing was measured and a placeholder when nothing ever was', () => {
    const svg = lineChart({
      title: 'x',
      unit: 'ms',
      series: [
        {
          name: 'a',
          color: '#000',
          points: [
            [0, 1],
            [1, null],
            [2, 3],
          ],
        },
      ],
    });
    expect(svg.match(/M/g)?.length).toBe(2);
    expect(
      lineChart({ title: 'y', unit: '', series: [{ name: 'a', color: '#000', points: [[0, null]] }] }),
    ).toContain('not measured');
  });
});
