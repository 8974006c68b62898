import type { TesterFigures } from '../report/figures.js';

/** Worst worker health seen over a window. */
export interface HealthMax {
  elu: number | null;
  lagP99: number | null;
  lagMax: number | null;
}

export const emptyHealth = (): HealthMax => ({ elu: null, lagP99: null, lagMax: null });

export function worsen(h: HealthMax, elu: number, lagP99: number, lagMax: number): void {
  h.elu = Math.max(h.elu ?? 0, elu);
  h.lagP99 = Math.max(h.lagP99 ?? 0, lagP99);
  h.lagMax = Math.max(h.lagMax ?? 0, lagMax);
}

/**
 * Was the tester the bottleneck? A worker whose event loop is busy nearly all the time delivers snapshots
 * to its bots late, and its timer lateness is added to every gap and latency it records: either way the
 * figures would describe the tester rather than the server.
 */
export function testerFigures(
  workers: number,
  health: HealthMax,
  cpu: { processPercent: number | null; machinePercent: number | null },
  limits: { maxUtilisation: number; maxLagMs: number },
): TesterFigures {
  const reasons: string[] = [];
  if (health.elu !== null && health.elu > limits.maxUtilisation) {
    reasons.push(
      `a worker's event loop was busy ${Math.round(health.elu * 100)}% of the time (limit ${Math.round(limits.maxUtilisation * 100)}%)`,
    );
  }
  if (health.lagP99 !== null && health.lagP99 > limits.maxLagMs) {
    reasons.push(
      `a worker's event-loop delay p99 was ${health.lagP99.toFixed(1)} ms (limit ${limits.maxLagMs} ms)`,
    );
  }
  const r1 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
  return {
    workers,
    cpuPercent: cpu.processPercent,
    machineCpuPercent: cpu.machinePercent,
    maxEventLoopUtilisation: r1(health.elu),
    eventLoopDelayP99Ms: r1(health.lagP99),
    eventLoopDelayMaxMs: r1(health.lagMax),
    saturated: reasons.length > 0,
    reasons,
  };
}
