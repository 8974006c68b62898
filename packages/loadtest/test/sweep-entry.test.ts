import { describe, expect, it } from 'vitest';
import type { CapacityResult } from '../src/report/report.js';
import { costStep, cpuPerClientTickUs, sweepEntry, ticksRun } from '../src/sweep/sweep-entry.js';
import { sampleFigures } from './support/sample-figures.js';

describe('the cost of one rate of a sweep', () => {
  it('is the server CPU above its idle share per client-tick, in microseconds', () => {
    // 21% of a core, 1% idle: 0.2 core-seconds a second over 32 clients x 30 ticks.
    expect(cpuPerClientTickUs(21, 1, 32, 30)).toBeCloseTo(0.2e6 / 960, 9);
    expect(cpuPerClientTickUs(21, null, 32, 30)).toBeCloseTo(0.21e6 / 960, 9);
    // Idle noise above the loaded figure is no negative cost.
    expect(cpuPerClientTickUs(1, 2, 32, 30)).toBe(0);
    expect(cpuPerClientTickUs(null, 1, 32, 30)).toBeNull();
    expect(cpuPerClientTickUs(20, 1, 0, 30)).toBeNull();
  });

  it('counts the ticks the rooms really ran: less the ones the server dropped', () => {
    const f = sampleFigures();
    expect(ticksRun(f, 30)).toBe(30);
    // 2 rooms dropped 40 ticks in a 10 s window: each ran 28 a second.
    f.server = { ...f.server!, ticksDropped: 40 };
    expect(ticksRun(f, 30)).toBe(28);
    const e = sweepEntry(30, { figures: f, windows: ['30 Hz: 32 clients #1'] }, null, 1);
    expect(e.serverCpuPerClientTickUs).toBeCloseTo(0.19e6 / (32 * 28), 9);
    expect(e).toMatchObject({
      tickRate: 30,
      capacity: null,
      clients: 32,
      serverIdleCpuPercent: 1,
      bytesPerClient: 2400,
      bytesPerClientTick: 80,
      tickP99Ms: 2.1,
      gapP99Ms: 41.2,
      steps: [],
    });
  });

  it('reads the costs at capacity, or at the first step when none held', () => {
    const at = (clients: number) => ({ ...sampleFigures(), windowSeconds: clients });
    const search = (held: boolean[]): CapacityResult => ({
      capacity: null,
      atCapacity: null,
      stoppedBecause: 'x',
      testerLimited: false,
      steps: held.map((h, i) => ({
        clients: (i + 1) * 10,
        held: h,
        violations: [],
        figures: at((i + 1) * 10),
        windows: [`${(i + 1) * 10} clients #1`],
      })),
    });
    expect(costStep(search([true, true, false])).windows).toEqual(['20 clients #1']);
    expect(costStep(search([false])).windows).toEqual(['10 clients #1']);
    expect(costStep(search([])).figures).toBeNull();
  });
});
