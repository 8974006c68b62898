import { performance } from 'node:perf_hooks';
import { BotBehaviour, type BotBehaviour as Behaviour } from '../bot/bot-behaviours.js';
import { LoadRun } from '../coordinator/load-run.js';
import { preflight } from '../coordinator/preflight.js';
import type { RunOptions } from '../options.js';
import type { Figures } from '../report/figures.js';
import type { Report, ScenarioPhaseResult } from '../report/report.js';
import { reportHeader } from '../report/report-header.js';
import type { TimelinePoint } from '../report/timeline.js';
import { warningsFor } from '../report/warnings.js';
import { evaluateThresholds, type Threshold } from '../stats/thresholds.js';
import { RoomMixPlanner } from './room-mix-planner.js';
import type { Phase, Scenario } from './schema.js';
import { WeightedRoundRobin } from './weighted-round-robin.js';

export interface ScenarioRunOptions {
  /** URL, workers, transport, netsim...; the scenario replaces clients, rooms, ramp and durations. */
  run: RunOptions;
  scenario: Scenario;
  /** Where the scenario came from, for the report. */
  file: string;
  thresholds?: Threshold[];
  onTick?: (p: TimelinePoint) => void;
  /** Called when a phase is done. */
  onPhase?: (p: ScenarioPhaseResult) => void;
  /** @default 1000 */
  reportIntervalMs?: number;
}

/** A drain or a ramp down withdraws bots in slices this far apart, so it is even over its duration. */
const WITHDRAW_SLICE_MS = 250;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Behaviour of bot `id`, in the mix's proportion and the same for the same id every run. */
export function behaviourPicker(weights: Scenario['behaviours']): (id: number) => Behaviour {
  const rr = new WeightedRoundRobin(
    (Object.entries(weights) as [Behaviour, number][])
      .filter(([, w]) => w > 0)
      .map(([item, weight]) => ({ item, weight })),
  );
  const assigned: Behaviour[] = [];
  return (id) => {
    while (assigned.length <= id) assigned.push(rr.next());
    return assigned[id] as Behaviour;
  };
}

/**
 * The phase of the report's `figures` (what `--assert` and `compare` read): the one that ends with the most
 * clients, the first of them when several do (a hold after its ramp is the steady state).
 */
export function peakPhase(phases: readonly Phase[]): number {
  let best = 0;
  phases.forEach((p, i) => {
    const b = phases[best] as Phase;
    const better =
      p.clients > b.clients || (p.clients === b.clients && p.kind === 'hold' && b.kind !== 'hold');
    if (better) best = i;
  });
  return best;
}

/** Change the active bots to `target` evenly over `seconds`: added at a rate, withdrawn in slices. */
async function changeEvenly(run: LoadRun, target: number, seconds: number): Promise<void> {
  const start = run.active;
  if (target > start) {
    await run.setActive(target, (target - start) / seconds);
    return;
  }
  const slices = Math.max(1, Math.round((seconds * 1000) / WITHDRAW_SLICE_MS));
  for (let k = 1; k <= slices; k++) {
    await run.setActive(Math.round(start + ((target - start) * k) / slices));
    if (k < slices) await sleep(WITHDRAW_SLICE_MS);
  }
}

/** What a phase does to the bots while its window is measured. */
async function drive(run: LoadRun, p: Phase): Promise<void> {
  switch (p.kind) {
    case 'ramp':
    case 'drain':
      return changeEvenly(run, p.clients, p.durationSeconds);
    case 'spike':
      return run.setActive(p.clients, (p.clients - run.active) / p.riseSeconds);
    case 'hold':
      return;
  }
}

/**
 * Replay a scenario: each phase drives the bots (ramp, hold, spike, drain) while one window is measured
 * over the phase, so every phase has its own figures. The bots sit in the scenario's room mix and play its
 * behaviour mix. A phase whose bots take longer to connect than its duration runs until they have.
 */
export async function runScenario(o: ScenarioRunOptions): Promise<Report> {
  const s = o.scenario;
  await preflight(o.run.url, o.run.connectTimeoutMs);
  const startedAt = new Date().toISOString();
  const behaviourOf = behaviourPicker(s.behaviours);
  const reconnectEveryMs = s.reconnectEverySeconds * 1000;
  const run = new LoadRun(o.run, {
    onTick: o.onTick,
    reportIntervalMs: o.reportIntervalMs,
    planner: new RoomMixPlanner(s.rooms, o.run.workers),
    botSpec: (id) => {
      const behaviour = behaviourOf(id);
      return behaviour === BotBehaviour.RECONNECTING ? { behaviour, reconnectEveryMs } : { behaviour };
    },
  });
  const phases: ScenarioPhaseResult[] = [];
  try {
    // The first phase starts when the workers are up, not while they boot.
    await run.ready();
    for (const [i, p] of s.phases.entries()) {
      const window = `phase ${i + 1}: ${p.kind}`;
      const began = performance.now();
      const figures = await run.measure(p.durationSeconds, window, drive(run, p));
      const result: ScenarioPhaseResult = {
        index: i + 1,
        kind: p.kind,
        clients: p.clients,
        durationSeconds: p.durationSeconds,
        tookSeconds: Math.round((performance.now() - began) / 100) / 10,
        window,
        figures,
      };
      phases.push(result);
      o.onPhase?.(result);
    }
  } finally {
    await run.stop();
  }
  const peak = peakPhase(s.phases);
  const figures: Figures | null = phases[peak]?.figures ?? null;
  const header = reportHeader(o.run, {
    clients: Math.max(...s.phases.map((p) => p.clients)),
    roomsUsed: run.roomCount,
    durationSeconds: s.phases.reduce((a, p) => a + p.durationSeconds, 0),
    serverMetrics: run.scraper?.reachable === true,
  });
  const first = s.rooms[0];
  return {
    ...header,
    config: {
      ...header.config,
      rooms: {
        kind: 'create',
        rooms: undefined,
        roomSize: first?.size ?? 16,
        tickRate: first?.tickRate ?? 30,
        snapshotEvery: first?.snapshotEvery,
      },
      warmupSeconds: 0,
      scenarioFile: o.file,
    },
    startedAt,
    finishedAt: new Date().toISOString(),
    figures,
    timeline: run.timeline,
    capacity: null,
    assertions: o.thresholds && figures ? evaluateThresholds(o.thresholds, figures) : null,
    serverErrors: run.serverErrors,
    warnings: warningsFor(figures, {
      url: o.run.metricsUrl,
      reachable: run.scraper?.reachable ?? null,
      error: run.scraper?.lastError ?? null,
    }),
    scenario: {
      name: s.name,
      description: s.description,
      definition: s,
      phases,
      peakPhase: peak + 1,
    },
  };
}
