import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { compareReports, type ComparedRow, type Comparison } from '../src/compare/compare-reports.js';
import { iqr, quantile } from '../src/compare/noise.js';
import { renderHtml } from '../src/report/html-report.js';
import type { CapacityStep, Report, SweepEntry } from '../src/report/report.js';
import { sampleFigures } from './support/sample-figures.js';
import { samplePoint, sampleReport } from './support/sample-report.js';
import { runCliProcess } from './support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'loadtest-compare-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rowOf(c: Comparison, key: string, block = 0): ComparedRow {
  const r = c.blocks[block]?.rows.find((x) => x.key === key);
  if (!r) throw new Error(`no row ${key}`);
  return r;
}

/** Gap p99 per second around 40 ms with an interquartile range of 2 ms. */
const STEADY_GAP = [38, 39, 40, 41, 42, 38, 39, 40, 41, 42];

function withGapP99(report: Report, p99: number, perSecond: number[]): Report {
  const r = sampleReport({ gapP99: perSecond });
  r.figures = { ...sampleFigures(), gapMs: { ...sampleFigures().gapMs, p99 } };
  return { ...report, timeline: r.timeline, figures: r.figures };
}

describe('the noise band', () => {
  it('is the interquartile range of the per-second values, interpolated between ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(iqr([38, 39, 40, 41, 42])).toBe(2);
    // One stalled second does not widen it.
    expect(iqr([38, 39, 40, 41, 42, 39, 40, 41, 500])).toBe(2);
    expect(iqr([1, 2])).toBeNull();
    expect(iqr([1, null, 2, 3])).toBe(1);
  });
});

describe('comparing two reports', () => {
  const before = withGapP99(sampleReport(), 40, STEADY_GAP);

  it('flags a latency rise beyond the spread of the seconds as worse', () => {
    const after = withGapP99(
      sampleReport(),
      60,
      STEADY_GAP.map((v) => v + 20),
    );
    const c = compareReports(before, after);
    const gap = rowOf(c, 'gapP99');
    expect(gap).toMatchObject({ before: 40, after: 60, delta: 20, noise: 2, verdict: 'worse' });
    expect(c.regressions).toEqual(['measured window: gap p99']);
    expect(c.notes).toEqual([]);
  });

  it('does not flag a change within the spread of the seconds', () => {
    const after = withGapP99(
      sampleReport(),
      41.5,
      STEADY_GAP.map((v) => v + 1.5),
    );
    const gap = rowOf(compareReports(before, after), 'gapP99');
    expect(gap.verdict).toBe('within noise');
    expect(compareReports(before, after).regressions).toEqual([]);
  });

  it('judges against the noisier of the two runs', () => {
    // After: same median, but seconds all over the place (IQR 20): a 10 ms rise is within its noise.
    const noisy = [30, 40, 50, 60, 30, 40, 50, 60, 45, 55];
    const gap = rowOf(compareReports(before, withGapP99(sampleReport(), 50, noisy)), 'gapP99');
    expect(gap.noise).toBeGreaterThan(10);
    expect(gap.verdict).toBe('within noise');
  });

  it('knows which way each figure gets better', () => {
    const a = sampleReport({ deliveredRate: [29.9, 29.91, 29.89, 29.9] });
    const b = sampleReport({ deliveredRate: [27, 27.1, 26.9, 27] });
    b.figures = { ...sampleFigures(), snapshots: { ...sampleFigures().snapshots, deliveredRate: 27 } };
    expect(rowOf(compareReports(a, b), 'snapshotRate').verdict).toBe('worse');
    expect(rowOf(compareReports(b, a), 'snapshotRate').verdict).toBe('better');
    // Lower latency is better.
    const faster = withGapP99(
      sampleReport(),
      20,
      STEADY_GAP.map((v) => v - 20),
    );
    expect(rowOf(compareReports(before, faster), 'gapP99').verdict).toBe('better');
  });

  it('counts any new decode error or desync as a regression, and never judges connect times', () => {
    const after = sampleReport();
    after.figures = sampleFigures();
    after.figures.snapshots.desyncs = 1;
    after.figures.clients.connectMs = { ...after.figures.clients.connectMs, p99: 400 };
    const c = compareReports(sampleReport(), after);
    expect(rowOf(c, 'desyncs')).toMatchObject({ noise: 0, verdict: 'worse' });
    expect(rowOf(c, 'connectP99')).toMatchObject({ delta: 360, verdict: 'not judged' });
    expect(c.regressions).toEqual(['measured window: desyncs']);
  });

  it('shows traffic per client without judging it: it moves with the delivered rate', () => {
    const after = sampleReport({ downPerClient: [4800] });
    after.figures = sampleFigures();
    after.figures.bytes.downPerClient = 4800;
    expect(rowOf(compareReports(sampleReport(), after), 'bytesDown')).toMatchObject({
      better: null,
      verdict: 'changed',
    });
  });

  it('warns when a run was starved throughout, which the per-second spread cannot show', () => {
    const starved = sampleReport();
    starved.figures = sampleFigures();
    starved.figures.tester = { ...starved.figures.tester, saturated: true, machineCpuPercent: 99.5 };
    expect(compareReports(sampleReport(), starved).notes).toEqual([
      "the second run's tester was saturated: its figures may describe the tester",
      'the machine was 99.5% busy during the second run: repeat it on a quieter machine',
    ]);
  });

  it('judges a capacity change against one step of the search', () => {
    const search = (capacity: number | null): Report => {
      const steps: CapacityStep[] = [100, 150, 200, 250, 300, 350].map((clients) => ({
        clients,
        held: capacity !== null && clients <= capacity,
        violations: [],
        figures: sampleFigures(),
        windows: [`${clients} clients #1`],
      }));
      return {
        ...sampleReport(),
        capacity: { capacity, atCapacity: sampleFigures(), stoppedBecause: 'x', testerLimited: false, steps },
      };
    };
    expect(rowOf(compareReports(search(300), search(250)), 'capacity')).toMatchObject({
      noise: 50,
      verdict: 'within noise',
    });
    expect(rowOf(compareReports(search(300), search(200)), 'capacity').verdict).toBe('worse');
    expect(rowOf(compareReports(search(200), search(300)), 'capacity').verdict).toBe('better');
    // No step held: a capacity of none is 0 clients.
    expect(rowOf(compareReports(search(300), search(null)), 'capacity')).toMatchObject({
      after: 0,
      verdict: 'worse',
    });
  });

  it('compares a sweep rate by rate, and says what differs in the setup', () => {
    const entry = (tickRate: number, capacity: number): SweepEntry => ({
      tickRate,
      capacity,
      testerLimited: false,
      stoppedBecause: 'x',
      clients: capacity,
      serverIdleCpuPercent: 5,
      serverCpuPerClientTickUs: tickRate === 60 ? 12 : 10,
      bytesPerClient: 2000,
      bytesPerClientTick: 2000 / tickRate,
      tickP99Ms: 1,
      gapP99Ms: 40,
      figures: sampleFigures(),
      windows: ['measured'],
      steps: [
        { clients: 50, held: true, violations: [], figures: sampleFigures() },
        { clients: 100, held: true, violations: [], figures: sampleFigures() },
      ],
    });
    const sweep = (caps: [number, number][], workers = 1): Report => ({
      ...sampleReport(),
      config: { ...sampleReport().config, workers, sweepTickRates: caps.map(([r]) => r) },
      figures: null,
      sweep: caps.map(([r, c]) => entry(r, c)),
    });
    const c = compareReports(
      sweep([
        [30, 400],
        [60, 200],
      ]),
      sweep(
        [
          [30, 400],
          [60, 100],
          [128, 50],
        ],
        2,
      ),
    );
    expect(c.blocks.map((b) => b.id)).toEqual(['30 Hz', '60 Hz']);
    expect(rowOf(c, 'capacity', 0).verdict).toBe('within noise');
    expect(rowOf(c, 'capacity', 1).verdict).toBe('worse');
    // The sweep's own cost per client-tick, judged against the per-second spread of the server's CPU.
    expect(rowOf(c, 'cpuPerClientTick', 1)).toMatchObject({
      before: 12,
      after: 12,
      noise: 0,
      verdict: 'within noise',
    });
    expect(c.notes).toEqual(['tester workers differ: 1 -> 2', '128 Hz: only in the second report']);
  });
});

describe('tick-arena-loadtest compare', () => {
  const write = (name: string, r: Report) => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(r));
    return file;
  };
  const before = write('before.json', withGapP99(sampleReport(), 40, STEADY_GAP));
  const worse = write(
    'worse.json',
    withGapP99(
      sampleReport(),
      60,
      STEADY_GAP.map((v) => v + 20),
    ),
  );
  const same = write(
    'same.json',
    withGapP99(
      sampleReport(),
      40.5,
      STEADY_GAP.map((v) => v + 0.5),
    ),
  );

  async function cli(args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['compare', ...args], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
    });
    return { code, stdout, stderr };
  }

  it('prints each figure side by side with its change and verdict; exit 1 on a regression with --fail-on-regression', async () => {
    const r = await cli([before, worse, '--fail-on-regression']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/gap p99, ms\s+40\s+60\s+\+20 \(\+50%\)\s+±2\s+WORSE/);
    expect(r.stdout).toMatch(/delivered snapshot rate, Hz\s+29\.9\s+29\.9\s+0\s+±0\s+within noise/);
    expect(r.stdout).toMatch(/desyncs\s+0\s+0\s+0\s+exact\s+within noise/);
    expect(r.stdout).toContain('1 worse beyond noise (measured window: gap p99)');
    expect(r.stderr).toBe(
      'tick-arena-loadtest compare: 1 figure(s) worse beyond noise: measured window: gap p99\n',
    );
    // Without the flag a regression is reported, not failed.
    expect((await cli([before, worse])).code).toBe(0);
  });

  it('exits 0 with --fail-on-regression when every change is within noise', async () => {
    const r = await cli([before, same, '--fail-on-regression']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No figure worse beyond noise');
  });

  it('exits 2 with one line when a file is missing or not a report', async () => {
    const missing = await cli([before, join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^tick-arena-loadtest compare: cannot read report .*nope\.json \(ENOENT\)\n$/,
    );
    const other = write('other.json', { hello: 1 } as unknown as Report);
    const notReport = await cli([other, before]);
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toMatch(/other\.json is not a JSON report of tick-arena-loadtest/);
    const usage = await cli([before]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/missing required argument 'after'/);
  });

  it('writes an HTML page overlaying the two runs, and reads a report from an HTML report too', async () => {
    const html = join(dir, 'cmp.html');
    const fromHtml = join(dir, 'before.html');
    writeFileSync(fromHtml, renderHtml(JSON.parse(readFileSync(before, 'utf8')) as Report));
    const r = await cli([fromHtml, worse, '--html', html]);
    expect(r.code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<td class="bad">WORSE</td>');
    expect(page).toContain('The two runs overlaid');
    // Each overlay chart draws both runs: the earlier one dashed.
    expect(page.match(/stroke-dasharray="5 3"/g)?.length).toBeGreaterThanOrEqual(6);
  });

  it("overlays an earlier run in a run's own HTML report (--compare-to)", () => {
    const now = withGapP99(
      sampleReport(),
      60,
      STEADY_GAP.map((v) => v + 20),
    );
    const page = renderHtml(now, {
      compareTo: JSON.parse(readFileSync(before, 'utf8')) as Report,
      compareLabel: 'before.json',
    });
    expect(page).toContain('Compared with before.json');
    expect(page).toContain('1 worse beyond noise: measured window: gap p99.');
  });

  it('exits 1 from the real process on a regression, with one line saying why', async () => {
    const r = await runCliProcess(['compare', before, worse, '--fail-on-regression']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

// Keep the builder honest: a window's timeline really is what compare reads.
it('sample reports put their per-second values inside the measured window', () => {
  const r = sampleReport({ gapP99: [1, 2, 3] }, 3);
  expect(r.timeline.filter((p) => p.window === 'measured').map((p) => p.gapP99)).toEqual([1, 2, 3]);
  expect(samplePoint(1, null).window).toBeNull();
});
