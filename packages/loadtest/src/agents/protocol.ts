/**
 * What coordinators and tester agents say to each other through Redis. JSON on pub/sub channels, every
 * message stamped with the protocol version and the run id; see docs/loadtest.md, "Load from several
 * machines", for the flow.
 *
 *   keys      tick-arena:loadtest:agents            set of agent ids
 *             tick-arena:loadtest:agent:<id>        AgentRecord (JSON), expires unless renewed each second
 *   channels  tick-arena:loadtest:agent:<id>:inbox  coordinator -> one agent
 *             tick-arena:loadtest:run:<runId>       agents -> the run's coordinator
 *
 * Pub/sub loses what nobody is subscribed to, which suits heartbeats; everything else is sent only after
 * its receiver is known to listen (an agent subscribes to its inbox before it registers, a coordinator to
 * its run channel before it invites), and Redis delivers one publisher's messages in order.
 */
import type { RunOptions } from '../options.js';
import type { TimelinePoint } from '../report/timeline.js';
import type { WindowShare } from '../stats/merge-figures.js';

/** Bumped on any incompatible change: a coordinator and its agents must run the same version. */
export const AGENT_PROTOCOL_VERSION = 1;

/** Timings of the coordination, in ms. */
export const AgentTiming = {
  /** Agents renew their record and both sides send a heartbeat this often. */
  HEARTBEAT_MS: 1000,
  /** An agent record not renewed for this long is gone (the agent died without a word). */
  RECORD_TTL_MS: 5000,
  /**
   * An invited agent that has not accepted or declined after this long (plus the run's connect timeout:
   * it checks the server first) is passed over.
   */
  INVITE_TIMEOUT_MS: 5000,
  /** Longest an agent may take to boot its worker threads after accepting. */
  WORKERS_BOOT_MS: 120_000,
  /** Room for a command to reach every agent before the shared start time it carries. */
  START_LEAD_MS: 300,
} as const;

const PREFIX = 'tick-arena:loadtest:';
export const AgentKeys = {
  REGISTRY: `${PREFIX}agents`,
  record: (id: string) => `${PREFIX}agent:${id}`,
  inbox: (id: string) => `${PREFIX}agent:${id}:inbox`,
  run: (runId: string) => `${PREFIX}run:${runId}`,
} as const;

/** What an agent says about itself in the registry. */
export interface AgentRecord {
  id: string;
  /** `--name`, or host-pid. */
  name: string;
  host: string;
  pid: number;
  /** Worker threads it runs bots on. */
  workers: number;
  cores: number;
  state: 'idle' | 'busy';
  runId: string | null;
}

/** Times on Redis's clock (`TIME`, epoch ms): the one clock every machine of a run can read. */
type RedisMs = number;

export type ToAgent =
  | {
      type: 'invite';
      coordinator: { host: string; pid: number };
      /** This agent's place among the testers (the coordinator is 0) and their number. */
      share: { index: number; of: number };
      /** The agent's own run: its rooms, ramp rate and bot name prefix; its own worker count. */
      run: RunOptions;
    }
  /** Have `clients` bots started (cumulative), beginning at `startAt`. Answered by `ramped`. */
  | { type: 'ramp'; seq: number; clients: number; startAt: RedisMs }
  /** Measure a window of `seconds` opening at `at`. Answered by `window`. */
  | { type: 'measure'; seq: number; at: RedisMs; seconds: number; label: string }
  | { type: 'heartbeat' }
  /** The run is over (or was abandoned): stop the bots and wait for the next one. */
  | { type: 'end'; reason: string };

export type FromAgent =
  | { type: 'accept'; agent: AgentRecord }
  | { type: 'decline'; agent: AgentRecord; reason: string }
  /** Its worker threads are up: it can start bots the moment a ramp says. */
  | { type: 'ready' }
  /** Every second while in a run: alive, and how its bots and its own load are doing. */
  | { type: 'heartbeat'; point: TimelinePoint | null; target: number; connected: number }
  | { type: 'ramped'; seq: number; rooms: number; serverErrors: Record<string, number> }
  | { type: 'window'; seq: number; window: WindowShare; serverErrors: Record<string, number> }
  /** The run cannot go on here (a room refused for good, a worker crashed): the coordinator stops it. */
  | { type: 'failed'; code: string; message: string };

/** The envelope every message travels in. */
export type Envelope<T> = T & { v: number; runId: string; from: string };

/**
 * A message from the wire, or null when it is not one of ours (not JSON, no version, no run id). A message
 * of another protocol version is returned as such so that the receiver can say so.
 */
export function parseEnvelope<T extends { type: string }>(raw: string): Envelope<T> | null {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof m !== 'object' || m === null) return null;
  const o = m as Record<string, unknown>;
  if (
    typeof o.v !== 'number' ||
    typeof o.runId !== 'string' ||
    typeof o.type !== 'string' ||
    typeof o.from !== 'string'
  )
    return null;
  return m as Envelope<T>;
}

export function envelope<T extends { type: string }>(runId: string, from: string, m: T): string {
  return JSON.stringify({ ...m, v: AGENT_PROTOCOL_VERSION, runId, from });
}
