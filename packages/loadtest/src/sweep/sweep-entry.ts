import type { Figures } from '../report/figures.js';
import type { CapacityResult, SweepEntry } from '../report/report.js';

const MICROSECONDS_PER_SECOND = 1e6;

/**
 * Server CPU per client per tick, microseconds: the CPU share of the window (100% = one core-second per
 * second) divided by the client-ticks simulated and replicated in a second. At capacity the per-client work
 * dominates the server's fixed costs, so this is what one more player costs at that rate; `null` without
 * server metrics or clients.
 */
export function cpuPerClientTickUs(f: Figures, tickRate: number): number | null {
  const cpu = f.server?.cpuPercent ?? null;
  const clients = f.clients.connected;
  if (cpu === null || clients <= 0 || tickRate <= 0) return null;
  return ((cpu / 100) * MICROSECONDS_PER_SECOND) / (clients * tickRate);
}

/** What one rate of a sweep reports, from its figures (and the capacity search, when there was one). */
export function sweepEntry(
  tickRate: number,
  measured: { figures: Figures | null; windows: string[] },
  capacity: CapacityResult | null,
): SweepEntry {
  const f = measured.figures;
  const down = f?.bytes.downPerClient ?? null;
  return {
    tickRate,
    capacity: capacity?.capacity ?? null,
    testerLimited: capacity?.testerLimited ?? false,
    stoppedBecause: capacity?.stoppedBecause ?? null,
    clients: f ? f.clients.connected : null,
    serverCpuPerClientTickUs: f ? cpuPerClientTickUs(f, tickRate) : null,
    bytesPerClient: down,
    bytesPerClientTick: down === null ? null : down / tickRate,
    tickP99Ms: f?.server?.tickMs.p99 ?? null,
    gapP99Ms: f?.gapMs.p99 ?? null,
    figures: f,
    windows: measured.windows,
    steps: capacity?.steps ?? [],
  };
}

/**
 * The figures a rate's costs are read from: at capacity, or at the first step when even that broke the SLO
 * (a cost measured over capacity is still a cost; `capacity: null` says so).
 */
export function costStep(c: CapacityResult): { figures: Figures | null; windows: string[] } {
  const held = c.steps.filter((s) => s.held);
  const step = held[held.length - 1] ?? c.steps[0];
  return { figures: step?.figures ?? null, windows: step?.windows ?? [] };
}
