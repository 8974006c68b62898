import type { RoomSource } from '../options.js';
import type { BotRoom } from '../worker/protocol.js';
import { RoomCreation } from './room-creation.js';

/**
 * Decides which room each bot goes to and how it gets in. Created rooms: the first bot dispatched to a
 * room creates it, the rest wait for its code and join. Given codes: every bot joins. All bots of a room
 * run on one worker (room index modulo worker count), which balances whole rooms over the workers.
 */
export class RoomPlanner {
  private readonly rooms = new Map<number, RoomCreation>();

  constructor(
    private readonly source: RoomSource,
    private readonly workers: number,
  ) {}

  /** Room of the i-th bot (0-based): round-robin over a fixed number of rooms, else fill rooms in order. */
  roomIndexOf(i: number): number {
    if (this.source.kind === 'join') return i % this.source.codes.length;
    return this.source.rooms !== undefined ? i % this.source.rooms : Math.floor(i / this.source.roomSize);
  }

  workerOf(roomIndex: number): number {
    return roomIndex % this.workers;
  }

  private room(index: number): RoomCreation {
    let r = this.rooms.get(index);
    if (!r) {
      r = new RoomCreation(this.source.kind === 'join' ? (this.source.codes[index] ?? null) : null);
      this.rooms.set(index, r);
    }
    return r;
  }

  /**
   * How a bot for this room gets in right now: join (code known), create (nobody is creating it yet),
   * `wait` (being created), or `failed` with the reason the room could not be made.
   */
  entry(index: number): BotRoom | 'wait' | { failed: string } {
    const source = this.source;
    return this.room(index).entry(
      index,
      source.kind === 'join'
        ? null
        : () => ({
            kind: 'create',
            index,
            maxPlayers: source.roomSize,
            tickRate: source.tickRate,
            snapshotEvery: source.snapshotEvery,
          }),
    );
  }

  /** The creator got in: everyone else can join. */
  created(index: number, code: string): void {
    this.room(index).created(code);
  }

  /** The creator failed; another bot will try unless attempts are used up. */
  createFailed(index: number, reason: string): void {
    this.room(index).createFailed(reason);
  }

  codeOf(index: number): string | null {
    return this.rooms.get(index)?.code ?? null;
  }

  /** Rooms that have a code. */
  get roomCount(): number {
    let n = 0;
    for (const r of this.rooms.values()) if (r.code) n += 1;
    return n;
  }
}
