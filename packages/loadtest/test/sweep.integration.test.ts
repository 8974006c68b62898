import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/report/report.js';
import { ticksRun } from '../src/sweep/sweep-entry.js';
import { startGameServer, type GameServerFixture } from './support/game-server.js';
import { runCliProcess } from './support/run-cli.js';

let fixture: GameServerFixture;

beforeAll(async () => {
  fixture = await startGameServer('loadtest-sweep-');
});

afterAll(async () => {
  await fixture?.close();
});

describe('--sweep-tick-rates against a real server', () => {
  it('runs the capacity search at each rate in rooms of that rate and reports capacity and cost per rate', async () => {
    const json = join(fixture.dir, 'sweep.json');
    const html = join(fixture.dir, 'sweep.html');
    const r = await runCliProcess(
      [
        fixture.url,
        ...['--sweep-tick-rates', '20,30', '--find-capacity', '--room-size', '4', '--workers', '1'],
        ...[
          '--start',
          '4',
          '--step',
          '4',
          '--max-clients',
          '8',
          '--step-repeats',
          '1',
          '--step-duration',
          '2',
        ],
        ...['--settle', '0.5', '--json', json, '--html', html, '--no-progress'],
        // Every SLO but lost clients is off, so that the search reaches --max-clients on a busy CI machine:
        // this test is about the sweep's shape, not the capacity of the machine it runs on.
        ...['--min-delivered', '0', '--max-tick-budget', '10'],
        ...['--max-tester-lag', '10000', '--max-tester-busy', '1'],
      ],
      120_000,
    );
    expect(r.code).toBe(0);
    // Progress on stderr: every step of every rate, and each rate's result.
    expect(r.stderr).toMatch(/^20 Hz step 4 clients: held/m);
    expect(r.stderr).toMatch(/^30 Hz step 8 clients: held/m);
    expect(r.stderr).toMatch(/^30 Hz: capacity 8, server CPU [\d.]+ µs per client-tick at 8 clients$/m);
    // The table: one row per rate.
    expect(r.stdout).toMatch(/rooms of 4 at 20, 30 Hz \(sweep\)/);
    expect(r.stdout).toMatch(/tick rate\s+capacity\s+at clients\s+CPU µs\/client-tick/);
    expect(r.stdout).toMatch(/^\s+20 Hz\s+8\s+8\s+[\d.]+\s+[\d.]+ [k]?B/m);
    expect(r.stdout).toMatch(/^\s+30 Hz\s+8\s+8\s+[\d.]+\s+[\d.]+ [k]?B/m);

    const rep = JSON.parse(readFileSync(json, 'utf8')) as Report;
    expect(rep.figures).toBeNull();
    expect(rep.config.sweepTickRates).toEqual([20, 30]);
    expect(rep.sweep?.map((e) => e.tickRate)).toEqual([20, 30]);
    for (const e of rep.sweep ?? []) {
      expect(e).toMatchObject({ capacity: 8, clients: 8, stoppedBecause: 'reached --max-clients 8' });
      expect(e.steps.map((s) => s.clients)).toEqual([4, 8]);
      // Rooms really were created at this rate: the bots were told so when they joined.
      expect(e.figures?.snapshots.nominalRate).toBe(e.tickRate);
      expect(e.figures?.snapshots.deliveredRate).toBeGreaterThan(0);
      // What the players cost: the server's CPU above its idle share (measured with no one on it just
      // before the rate), per client-tick.
      expect(e.serverIdleCpuPercent).toBeGreaterThanOrEqual(0);
      const cpu = e.figures?.server?.cpuPercent ?? 0;
      const used = Math.max(0, cpu - (e.serverIdleCpuPercent ?? 0));
      expect(e.serverCpuPerClientTickUs).toBeCloseTo(
        (used * 1e4) / (8 * ticksRun(e.figures!, e.tickRate)),
        6,
      );
      expect(e.bytesPerClient).toBeGreaterThan(0);
      expect(e.bytesPerClientTick).toBeCloseTo((e.bytesPerClient ?? 0) / e.tickRate, 6);
      expect(e.tickP99Ms).toBeGreaterThan(0);
      expect(e.gapP99Ms).toBeGreaterThan(0);
      // Its windows are in the timeline, labelled with the rate (compare reads their spread there).
      expect(e.windows).toEqual([`${e.tickRate} Hz: 8 clients #1`]);
      expect(rep.timeline.filter((p) => p.window === e.windows[0]).length).toBeGreaterThanOrEqual(1);
    }
    // One time axis through both rates.
    const ts = rep.timeline.map((p) => p.t);
    expect(ts).toEqual([...ts].sort((a, b) => a - b));

    const page = readFileSync(html, 'utf8');
    const sweep = /<div class="grid" id="sweep-charts">(.*?)<\/div>/s.exec(page)?.[1] ?? '';
    expect(sweep.match(/<svg /g)).toHaveLength(2);
    expect(sweep).toContain('aria-label="Capacity vs tick rate"');
    expect(sweep).toContain('aria-label="Server CPU per client-tick"');
    // A point per rate on each chart, the x axis labelled with the rates.
    expect(sweep.match(/<circle /g)).toHaveLength(4);
    expect(sweep).toMatch(/>20<\/text>.*>30<\/text>/s);
  });
});
