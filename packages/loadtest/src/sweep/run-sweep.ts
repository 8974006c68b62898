import { performance } from 'node:perf_hooks';
import { findCapacity } from '../coordinator/find-capacity.js';
import { LoadRun } from '../coordinator/load-run.js';
import { preflight } from '../coordinator/preflight.js';
import { MetricsScraper } from '../coordinator/server-scrape.js';
import type { CapacityOptions, RunOptions } from '../options.js';
import type { Report, CapacityStep, SweepEntry } from '../report/report.js';
import { reportHeader } from '../report/report-header.js';
import type { TimelinePoint } from '../report/timeline.js';
import { warningsFor } from '../report/warnings.js';
import { costStep, sweepEntry } from './sweep-entry.js';

export interface SweepOptions {
  /** Room settings, URL, workers...; `rooms` must be created rooms (their tick rate is swept). */
  run: RunOptions;
  tickRates: number[];
  /** A capacity search at each rate; without it, `run.clients` are measured at each rate. */
  capacity?: CapacityOptions;
  onTick?: (p: TimelinePoint) => void;
  onStep?: (s: CapacityStep, tickRate: number) => void;
  /** Called when a rate is done. */
  onRate?: (e: SweepEntry) => void;
  /** @default 1000 */
  reportIntervalMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Longest wait for the server to empty its rooms between two rates. */
const DRAIN_TIMEOUT_MS = 10_000;
const DRAIN_POLL_MS = 200;

/** How long the server's idle CPU is measured before each rate. */
const IDLE_WINDOW_MS = 2000;

/**
 * Wait until the server reports no players (the previous rate's rooms are gone), so each rate starts on an
 * idle server (gives up waiting after `DRAIN_TIMEOUT_MS`), then measure its CPU share with nobody on it,
 * which the cost per client-tick leaves out. `null` without metrics.
 */
async function idleCpuPercent(scraper: MetricsScraper | null): Promise<number | null> {
  if (!scraper) return null;
  const deadline = performance.now() + DRAIN_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const s = await scraper.scrape();
    if (!s || s.players === null || s.players === 0) break;
    await sleep(DRAIN_POLL_MS);
  }
  const a = await scraper.scrape();
  await sleep(IDLE_WINDOW_MS);
  const b = await scraper.scrape();
  if (!a || !b || a.cpuSeconds === null || b.cpuSeconds === null || b.at <= a.at) return null;
  return Math.round(((b.cpuSeconds - a.cpuSeconds) / ((b.at - a.at) / 1000)) * 1000) / 10;
}

/**
 * The capacity search (or the fixed-size run) once per tick rate, each on fresh workers and fresh rooms
 * created at that rate, one after another against the same server. The timeline runs on through all rates
 * (one time axis), with every window labelled by its rate.
 */
export async function runSweep(o: SweepOptions): Promise<Report> {
  const rooms = o.run.rooms;
  if (rooms.kind !== 'create') throw new Error('a tick-rate sweep creates its own rooms');
  await preflight(o.run.url, o.run.connectTimeoutMs);
  const startedAt = new Date().toISOString();
  const origin = performance.now();
  const timeline: TimelinePoint[] = [];
  const entries: SweepEntry[] = [];
  const warnings: string[] = [];
  const serverErrors: Record<string, number> = {};
  let roomsUsed = 0;
  let clients = 0;
  let serverMetrics = false;
  const scraper = o.run.metricsUrl ? new MetricsScraper(o.run.metricsUrl) : null;
  for (const tickRate of o.tickRates) {
    const idle = await idleCpuPercent(scraper);
    const options: RunOptions = { ...o.run, rooms: { ...rooms, tickRate } };
    const run = new LoadRun(options, {
      onTick: o.onTick,
      reportIntervalMs: o.reportIntervalMs,
      startedAt: origin,
    });
    let entry: SweepEntry;
    try {
      if (o.capacity) {
        const c = await findCapacity(
          run,
          o.capacity,
          tickRate,
          (s) => o.onStep?.(s, tickRate),
          `${tickRate} Hz: `,
        );
        entry = sweepEntry(tickRate, costStep(c), c, idle);
      } else {
        await run.rampTo(o.run.clients);
        await sleep(o.run.warmupSeconds * 1000);
        const label = `${tickRate} Hz`;
        entry = sweepEntry(
          tickRate,
          { figures: await run.measure(o.run.durationSeconds, label), windows: [label] },
          null,
          idle,
        );
      }
    } finally {
      await run.stop();
    }
    entries.push(entry);
    o.onRate?.(entry);
    timeline.push(...run.timeline);
    roomsUsed = Math.max(roomsUsed, run.roomCount);
    clients = Math.max(clients, entry.steps[entry.steps.length - 1]?.clients ?? o.run.clients);
    for (const [code, n] of Object.entries(run.serverErrors))
      serverErrors[code] = (serverErrors[code] ?? 0) + n;
    serverMetrics ||= run.scraper?.reachable === true;
    const metrics = {
      url: o.run.metricsUrl,
      reachable: run.scraper?.reachable ?? null,
      error: run.scraper?.lastError ?? null,
    };
    for (const w of warningsFor(entry.figures, metrics)) warnings.push(`at ${tickRate} Hz: ${w}`);
  }
  const windowSeconds = o.capacity ? o.capacity.windowSeconds * o.capacity.repeats : o.run.durationSeconds;
  const header = reportHeader(o.run, { clients, roomsUsed, durationSeconds: windowSeconds, serverMetrics });
  return {
    ...header,
    config: {
      ...header.config,
      rooms: { ...rooms, tickRate: o.tickRates[0] ?? rooms.tickRate },
      warmupSeconds: o.capacity ? o.capacity.settleSeconds : o.run.warmupSeconds,
      sweepTickRates: o.tickRates,
    },
    startedAt,
    finishedAt: new Date().toISOString(),
    figures: null,
    timeline,
    capacity: null,
    assertions: null,
    serverErrors,
    warnings,
    sweep: entries,
  };
}
