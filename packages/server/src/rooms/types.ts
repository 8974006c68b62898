import type {
  BotDifficulty,
  ChatMessage,
  CloseReason,
  MapId,
  RosterEntry,
  RoundSummary,
  ScoreTuple,
} from '@tick-arena/common';
import type { ShotJudgement } from '../loop/tick-engine.js';
import type { Room } from './room.js';

/** Settings of one room, fixed at creation. */
export interface RoomOptions {
  public: boolean;
  maxPlayers: number;
  tickRate: number;
  /** A snapshot goes out every Nth tick. */
  snapshotEvery: number;
  bots: number;
  /** How well the bots play. */
  botDifficulty: BotDifficulty;
  killLimit?: number;
  roundSeconds?: number;
  /** Seed of the room's game RNG. */
  seed: number;
  /** @default 'arena-1' */
  mapId: MapId;
}

/**
 * How a room reaches its members. Implemented by the socket.io transport; the room never sees a socket, so
 * rooms can be driven directly in tests and the transport can change without touching game code.
 */
export interface RoomBroadcaster {
  /**
   * The room's newest frame is ready (once per loop callback): replicate it to every member (players and
   * spectators), each a delta against what it acknowledged. Volatile: a busy client skips it.
   * `superseded`: snapshot ticks of this callback that were not sent because a newer one was (latest wins).
   */
  frame(code: string, room: Room, superseded: number): void;
  /** Kills and deaths of every player, on the reliable channel, when they changed (coalesced). */
  scores(code: string, scores: ScoreTuple[]): void;
  roster(code: string, roster: RosterEntry[]): void;
  chat(code: string, msg: ChatMessage): void;
  roundEnd(code: string, summary: RoundSummary): void;
  /** The room is gone: tell its members why and detach their sockets from it. */
  closed(code: string, message: string, reason: CloseReason): void;
  /** One member is out of the room (an admin kick): tell its socket why and detach it from the room. */
  kicked(code: string, socketId: string, message: string, reason: CloseReason): void;
}

/** Receives timing of every tick (for metrics and benchmarks). */
export interface TickObserver {
  tick(code: string, durationMs: number, startedAt: number): void;
  overrun?(code: string, droppedTicks: number): void;
  /** Time to replicate one frame to every member of a room. */
  publish?(code: string, durationMs: number): void;
  /** A shot was judged by lag compensation: how far back, and whether the shooter's claim was clamped. */
  shot?(code: string, judgement: ShotJudgement): void;
}
