import type { NetsimSettings } from '@tick-arena/common';
import type { DistributedSummary } from '../agents/distributed-run.js';
import type { BotTransport } from '../bot/bot-connection.js';
import type { RoomSource } from '../options.js';
import type { ThresholdResult } from '../stats/thresholds.js';
import type { Figures } from './figures.js';
import type { TimelinePoint } from './timeline.js';

/** One step of a capacity search. */
export interface CapacityStep {
  clients: number;
  held: boolean;
  /** SLO violations at this step (empty when it held). */
  violations: string[];
  /** Medians of the step's repeated windows. */
  figures: Figures;
  /** Labels of those windows in the timeline (where `compare` reads their spread). */
  windows?: string[];
}

export interface CapacityResult {
  /** Largest client count that held the SLO; `null` when even the first step broke it. */
  capacity: number | null;
  /** Figures at that count. */
  atCapacity: Figures | null;
  /** Why the search stopped. */
  stoppedBecause: string;
  /** True when the tester, not the server, ran out first: the capacity is only a lower bound. */
  testerLimited: boolean;
  steps: CapacityStep[];
}

/**
 * One tick rate of a `--sweep-tick-rates` run: the capacity search (or the fixed-size run) at that rate, and
 * what one client costs there. Costs are read from the figures at capacity (or, when even the first step
 * broke, at that step; in a fixed-size sweep, the measured window).
 */
export interface SweepEntry {
  tickRate: number;
  /** Largest client count that held the SLO; `null` when none held, or in a fixed-size sweep. */
  capacity: number | null;
  /** The tester ran out first: `capacity` is a lower bound. */
  testerLimited: boolean;
  /** Why the search stopped (`null` in a fixed-size sweep). */
  stoppedBecause: string | null;
  /** Clients in a room when the cost figures below were measured. */
  clients: number | null;
  /** Server CPU with no player, percent of a core, measured just before this rate (`null`: no metrics). */
  serverIdleCpuPercent: number | null;
  /** Server CPU time per client per tick, microseconds: (server CPU - idle CPU) / (clients x tick rate). */
  serverCpuPerClientTickUs: number | null;
  /** Bytes a client received per second (TCP, frames with headers). */
  bytesPerClient: number | null;
  /** Bytes a client received per tick: `bytesPerClient` / tick rate. */
  bytesPerClientTick: number | null;
  /** Server tick p99 and inter-snapshot gap p99, ms. */
  tickP99Ms: number | null;
  gapP99Ms: number | null;
  /** The figures the costs come from. */
  figures: Figures | null;
  /** Timeline labels of the windows those figures were measured in (where `compare` reads their spread). */
  windows: string[];
  /** The capacity search's steps at this rate (empty in a fixed-size sweep). */
  steps: CapacityStep[];
}

/** One phase of a scenario run and what was measured during it. */
export interface ScenarioPhaseResult {
  /** Position in the scenario, from 1. */
  index: number;
  kind: 'ramp' | 'hold' | 'spike' | 'drain';
  /** Active bots the phase ends with. */
  clients: number;
  /** Planned seconds, and how long the phase actually took (adding bots may take longer). */
  durationSeconds: number;
  tookSeconds: number;
  /** The phase's window label in the timeline. */
  window: string;
  figures: Figures;
}

/** A `--scenario` run: which scenario, and each phase's figures. */
export interface ScenarioResult {
  name: string;
  description: string | null;
  /** The scenario file as validated (defaults filled in), so a report says what was replayed. */
  definition: unknown;
  phases: ScenarioPhaseResult[];
  /** Index (from 1) of the peak phase, whose figures are the report's `figures`. */
  peakPhase: number;
}

/** The whole result of a run, as written by `--json` and drawn by `--html`. */
export interface Report {
  tool: 'tick-arena-loadtest';
  reportVersion: 1;
  startedAt: string;
  finishedAt: string;
  target: { url: string; metricsUrl: string | null; serverMetrics: boolean };
  config: {
    clients: number;
    rooms: RoomSource;
    roomsUsed: number;
    rampPerSecond: number;
    warmupSeconds: number;
    durationSeconds: number;
    workers: number;
    /** Client library of the bots. */
    transport: BotTransport;
    /**
     * The simulated network the bots ran behind (`--latency` as `rttMs`, `--jitter`, `--loss`,
     * `--bandwidth`), or null: snapshot age and input -> ack then include it, as players at that ping see them.
     * Always written by this version; absent from reports written before it.
     */
    netsim?: NetsimSettings | null;
    /** The tick rates of a `--sweep-tick-rates` run (`rooms.tickRate` is then the first). */
    sweepTickRates?: number[];
    /** The scenario file of a `--scenario` run. */
    scenarioFile?: string;
  };
  /**
   * The measured window (a one-shot run), the figures at capacity (a capacity search), or the peak phase's
   * (a scenario). `null` in a sweep: each rate has its own, in `sweep`.
   */
  figures: Figures | null;
  timeline: TimelinePoint[];
  capacity: CapacityResult | null;
  assertions: ThresholdResult[] | null;
  serverErrors: Record<string, number>;
  warnings: string[];
  /** One entry per tick rate of a `--sweep-tick-rates` run; absent otherwise. */
  sweep?: SweepEntry[];
  /** The phases of a `--scenario` run; absent otherwise. */
  scenario?: ScenarioResult;
  /**
   * A run spread over tester agents (`--agents`): the Redis it was coordinated through, its run id, every
   * tester (the coordinator first) and the agents lost on the way. Absent in a single-tester run. Each
   * window's figures carry every tester's share and saturation in `figures.agents`.
   */
  agents?: DistributedSummary;
}
