import type { CapacityOptions, RunOptions } from '../options.js';
import type { Figures } from '../report/figures.js';
import type { CapacityResult, CapacityStep, Report } from '../report/report.js';
import type { TimelinePoint } from '../report/timeline.js';
import { warningsFor } from '../report/warnings.js';
import { evaluateThresholds, type Threshold } from '../stats/thresholds.js';
import { DistributedRun, type AgentsOptions } from '../agents/distributed-run.js';
import { findCapacity } from './find-capacity.js';
import type { LoadDriver } from './load-driver.js';
import { LoadRun } from './load-run.js';
import { preflight } from './preflight.js';

export interface RunTestOptions {
  run: RunOptions;
  /** Search for capacity instead of one fixed-size run. */
  capacity?: CapacityOptions;
  thresholds?: Threshold[];
  onTick?: (p: TimelinePoint) => void;
  onStep?: (s: CapacityStep) => void;
  /** @default 1000 */
  reportIntervalMs?: number;
  /** Spread the bots over tester agents coordinated through Redis (`--agents`). */
  agents?: AgentsOptions;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run a load test end to end and return its report: preflight, workers, ramp, measurement (or the
 * capacity search), shutdown. Throws LoadtestError for the failures the CLI turns into exit code 2.
 */
export async function runLoadTest(o: RunTestOptions): Promise<Report> {
  await preflight(o.run.url, o.run.connectTimeoutMs, o.run.insecure === true);
  const startedAt = new Date().toISOString();
  const hooks = { onTick: o.onTick, reportIntervalMs: o.reportIntervalMs };
  const run: LoadDriver = o.agents
    ? await DistributedRun.start(o.run, o.agents, hooks)
    : new LoadRun(o.run, hooks);
  let figures: Figures | null;
  let capacity: CapacityResult | null = null;
  try {
    if (o.capacity) {
      const tickRate = o.run.rooms.kind === 'create' ? o.run.rooms.tickRate : null;
      capacity = await findCapacity(run, o.capacity, tickRate, o.onStep);
      figures = capacity.atCapacity ?? capacity.steps[capacity.steps.length - 1]?.figures ?? null;
    } else {
      await run.rampTo(o.run.clients);
      await sleep(o.run.warmupSeconds * 1000);
      figures = await run.measure(o.run.durationSeconds);
    }
  } finally {
    await run.stop();
  }
  const scraper = run.scraper;
  return {
    tool: 'tick-arena-loadtest',
    reportVersion: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    target: { url: o.run.url, metricsUrl: o.run.metricsUrl, serverMetrics: scraper?.reachable === true },
    config: {
      clients: o.capacity ? (capacity?.steps[capacity.steps.length - 1]?.clients ?? 0) : o.run.clients,
      rooms: o.run.rooms,
      roomsUsed: run.roomCount,
      rampPerSecond: o.run.rampPerSecond,
      warmupSeconds: o.capacity ? o.capacity.settleSeconds : o.run.warmupSeconds,
      durationSeconds: o.capacity ? o.capacity.windowSeconds * o.capacity.repeats : o.run.durationSeconds,
      workers: o.run.workers,
      transport: o.run.transport,
      netsim: o.run.netsim ?? null,
    },
    figures,
    timeline: run.timeline,
    capacity,
    assertions: o.thresholds && figures ? evaluateThresholds(o.thresholds, figures) : null,
    serverErrors: run.serverErrors,
    ...(run instanceof DistributedRun ? { agents: run.summary() } : {}),
    warnings: warningsFor(figures, {
      url: o.run.metricsUrl,
      reachable: scraper?.reachable ?? null,
      error: scraper?.lastError ?? null,
    }),
  };
}
