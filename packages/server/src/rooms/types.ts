import type { ChatMessage, CloseReason, RosterEntry, RoundSummary, SnapshotWire } from '@tick-arena/common';

/** Settings of one room, fixed at creation. */
export interface RoomOptions {
  public: boolean;
  maxPlayers: number;
  tickRate: number;
  /** A snapshot goes out every Nth tick. */
  snapshotEvery: number;
  bots: number;
  killLimit?: number;
  roundSeconds?: number;
  /** Seed of the room's game RNG. */
  seed: number;
}

/**
 * How a room reaches its members. Implemented by the socket.io transport; the room never sees a socket, so
 * rooms can be driven directly in tests and the transport can change without touching game code.
 */
export interface RoomBroadcaster {
  /** Volatile state tick to everyone in the room (players and spectators). */
  tick(code: string, snapshot: SnapshotWire): void;
  roster(code: string, roster: RosterEntry[]): void;
  chat(code: string, msg: ChatMessage): void;
  roundEnd(code: string, summary: RoundSummary): void;
  /** The room is gone: tell its members why and detach their sockets from it. */
  closed(code: string, message: string, reason: CloseReason): void;
}

/** Receives timing of every tick (for metrics and benchmarks). */
export interface TickObserver {
  tick(code: string, durationMs: number, startedAt: number): void;
  overrun?(code: string, droppedTicks: number): void;
}
