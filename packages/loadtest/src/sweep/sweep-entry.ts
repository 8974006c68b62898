import type { Figures } from '../report/figures.js';
import type { CapacityResult, SweepEntry } from '../report/report.js';

const MICROSECONDS_PER_SECOND = 1e6;

/**
 * Server CPU per client per tick, microseconds: the CPU share of the window (100% = one core-second per
 * second) above the server's own idle share (`idlePercent`: timers, metrics, garbage collection with no
 * player), divided by the client-ticks simulated and replicated in a second. So it is what the players cost,
 * not the server's fixed overhead spread over them, which would dominate at small counts. `tickRate` is the
 * rate the rooms really ran at (see `ticksRun`). `null` without server metrics or clients.
 */
export function cpuPerClientTickUs(
  cpuPercent: number | null,
  idlePercent: number | null,
  clients: number,
  tickRate: number,
): number | null {
  if (cpuPercent === null || clients <= 0 || tickRate <= 0) return null;
  const used = Math.max(0, cpuPercent - (idlePercent ?? 0));
  return ((used / 100) * MICROSECONDS_PER_SECOND) / (clients * tickRate);
}

/**
 * Ticks a room really ran per second: the nominal rate less the ticks the server dropped when its loop fell
 * behind (`tick_arena_ticks_dropped_total`, over all rooms). An overloaded server that skips ticks does less
 * work per second, and dividing by the nominal rate would make each tick look cheaper.
 */
export function ticksRun(f: Figures, tickRate: number): number {
  const dropped = f.server?.ticksDropped ?? 0;
  const rooms = f.server?.rooms ?? 0;
  if (dropped <= 0 || rooms <= 0 || f.windowSeconds <= 0) return tickRate;
  return Math.max(0, tickRate - dropped / (rooms * f.windowSeconds));
}

/** What one rate of a sweep reports, from its figures (and the capacity search, when there was one). */
export function sweepEntry(
  tickRate: number,
  measured: { figures: Figures | null; windows: string[] },
  capacity: CapacityResult | null,
  idleCpuPercent: number | null = null,
): SweepEntry {
  const f = measured.figures;
  const down = f?.bytes.downPerClient ?? null;
  return {
    tickRate,
    capacity: capacity?.capacity ?? null,
    testerLimited: capacity?.testerLimited ?? false,
    stoppedBecause: capacity?.stoppedBecause ?? null,
    clients: f ? f.clients.connected : null,
    serverIdleCpuPercent: idleCpuPercent,
    serverCpuPerClientTickUs: f
      ? cpuPerClientTickUs(
          f.server?.cpuPercent ?? null,
          idleCpuPercent,
          f.clients.connected,
          ticksRun(f, tickRate),
        )
      : null,
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
