import type { NetsimSettings } from '@tick-arena/common';
import type { BotTransport } from '../bot/bot-connection.js';
import type { BotBehaviour } from '../bot/bot-behaviours.js';

/**
 * Messages between the coordinator (main thread) and the bot workers. Plain objects: they cross threads
 * by structured clone, so no classes and no functions. Histograms travel as HDR compressed base64.
 */

/** Where one bot goes. The first bot of a created room creates it; the others join by code. */
export type BotRoom =
  | {
      kind: 'create';
      index: number;
      maxPlayers: number;
      tickRate: number;
      snapshotEvery: number | undefined;
      /** Server-side AI players the room is created with (they give their seats up to joining bots). @default 0 */
      bots?: number;
    }
  | { kind: 'join'; index: number; code: string };

export interface BotSpec {
  id: number;
  url: string;
  name: string;
  seed: number;
  connectTimeoutMs: number;
  /** Accept a self-signed TLS certificate (`--insecure`). @default false */
  insecure?: boolean;
  room: BotRoom;
  /** How the bot plays (scenarios mix them). @default 'fighter' */
  behaviour?: BotBehaviour;
  /** A `reconnecting` bot drops and resumes its seat about this often, ms. */
  reconnectEveryMs?: number;
}

/** What a room looked like when a bot entered it. */
export interface JoinedInfo {
  code: string;
  tickRate: number;
  snapshotEvery: number;
  players: number;
  maxPlayers: number;
}

export type BotEvent =
  | { kind: 'joined'; id: number; roomIndex: number; room: JoinedInfo; playerId: number; ms: number }
  | { kind: 'connect-failed'; id: number; roomIndex: number; reason: string; message: string }
  | { kind: 'join-failed'; id: number; roomIndex: number; reason: string; message: string }
  | { kind: 'disconnected'; id: number; roomIndex: number; reason: string }
  /** A reconnecting bot got its seat back: `ms` from dropping its connection to the resume's answer. */
  | { kind: 'resumed'; id: number; roomIndex: number; ms: number }
  | { kind: 'resume-failed'; id: number; roomIndex: number; reason: string; message: string };

/** Cumulative counters of one bot since it started. */
export interface BotCounters {
  id: number;
  joined: boolean;
  /** `tick` frames received (decoded or not). */
  snapshots: number;
  /** Snapshots never received: tick numbers skipped, in units of the room's snapshotEvery. */
  missed: number;
  /** TCP bytes read / written: WebSocket frames with their headers, the HTTP upgrade included. */
  bytesIn: number;
  bytesOut: number;
  nominalRate: number;
  /** Payload bytes of the `tick` frames: the snapshots alone, without the event code or WebSocket header. */
  snapshotBytes: number;
  /** Counters of the bot's `SnapshotReceiver`: full snapshots decoded, buffers refused as malformed... */
  fullSnapshots: number;
  decodeErrors: number;
  /** ...frames whose state hash did not match the server's... */
  desyncs: number;
  /** ...and deltas against a baseline the bot did not hold. */
  missingBaselines: number;
}

/** The worker's own health over the last interval: is it keeping up? */
export interface WorkerHealth {
  /** Event-loop utilisation, 0..1. */
  elu: number;
  eventLoopDelayP50Ms: number;
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
}

export interface IntervalHistograms {
  gap: string;
  age: string;
  ack: string;
  connect: string;
}

export type ToWorker =
  | { type: 'spawn'; bots: BotSpec[] }
  | { type: 'stop'; ids: number[] }
  /** Report now (answered with a report carrying `token`): windows start and end on fresh counters. */
  | { type: 'report-now'; token: number }
  | { type: 'shutdown' };

export type FromWorker =
  | { type: 'event'; event: BotEvent }
  | {
      type: 'report';
      worker: number;
      /** Worker's epoch clock when the counters were read. */
      at: number;
      bots: BotCounters[];
      histograms: IntervalHistograms;
      serverErrors: Record<string, number>;
      health: WorkerHealth;
      /** Set when the report answers a `report-now`. */
      token?: number;
    }
  | { type: 'stopped'; worker: number };

/** Data each worker starts with. */
export interface WorkerStart {
  worker: number;
  reportIntervalMs: number;
  /** Client library of the bots. */
  transport: BotTransport;
  /** The simulated network every bot of this worker runs behind, or null. */
  netsim: NetsimSettings | null;
  /** URL of the worker module (read by the tsx bootstrap when running from sources). */
  entry: string;
}
