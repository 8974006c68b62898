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
  };
  /** The measured window (a one-shot run) or the figures at capacity (a capacity search). */
  figures: Figures | null;
  timeline: TimelinePoint[];
  capacity: CapacityResult | null;
  assertions: ThresholdResult[] | null;
  serverErrors: Record<string, number>;
  warnings: string[];
  /**
   * A run spread over tester agents (`--agents`): the Redis it was coordinated through, its run id, every
   * tester (the coordinator first) and the agents lost on the way. Absent in a single-tester run. Each
   * window's figures carry every tester's share and saturation in `figures.agents`.
   */
  agents?: DistributedSummary;
}
