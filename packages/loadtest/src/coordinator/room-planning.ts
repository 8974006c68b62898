import type { BotRoom } from '../worker/protocol.js';

/**
 * What the load run asks of a room plan: which room each new bot goes to, on which worker, and how it gets
 * in. `RoomPlanner` (one kind of room, or given codes) and the scenario's `RoomMixPlanner` (several kinds,
 * seats given back when bots leave) both provide it.
 */
export interface RoomPlanning {
  /** Room of a new bot (called once per bot, in the order the bots are added). */
  roomIndexOf(botId: number): number;
  workerOf(roomIndex: number): number;
  /** Join (code known), create (nobody is creating it yet), wait (being created), or failed for good. */
  entry(roomIndex: number): BotRoom | 'wait' | { failed: string };
  created(roomIndex: number, code: string): void;
  createFailed(roomIndex: number, reason: string): void;
  codeOf(roomIndex: number): string | null;
  /** Rooms that have a code. */
  readonly roomCount: number;
  /** A bot of this room was withdrawn (a scenario's drain): its seat is free again. */
  left?(roomIndex: number): void;
}
