import type { RoomSource } from '../options.js';
import type { BotRoom } from '../worker/protocol.js';

/** What the coordinator knows about one room it fills. */
interface PlannedRoom {
  index: number;
  worker: number;
  code: string | null;
  /** A bot is creating it; the others wait for its code. */
  creating: boolean;
  createAttempts: number;
  failed: string | null;
}

/** Creating a room is retried this often (with another bot) before its bots are given up. */
const MAX_CREATE_ATTEMPTS = 3;

/**
 * Decides which room each bot goes to and how it gets in. Created rooms: the first bot dispatched to a
 * room creates it, the rest wait for its code and join. Given codes: every bot joins. All bots of a room
 * run on one worker (room index modulo worker count), which balances whole rooms over the workers.
 */
export class RoomPlanner {
  private readonly rooms = new Map<number, PlannedRoom>();

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

  private room(index: number): PlannedRoom {
    let r = this.rooms.get(index);
    if (!r) {
      const code = this.source.kind === 'join' ? (this.source.codes[index] ?? null) : null;
      r = { index, worker: this.workerOf(index), code, creating: false, createAttempts: 0, failed: null };
      this.rooms.set(index, r);
    }
    return r;
  }

  /**
   * How a bot for this room gets in right now: join (code known), create (nobody is creating it yet),
   * `wait` (being created), or `failed` with the reason the room could not be made.
   */
  entry(index: number): BotRoom | 'wait' | { failed: string } {
    const r = this.room(index);
    if (r.failed) return { failed: r.failed };
    if (r.code) return { kind: 'join', index, code: r.code };
    if (r.creating || this.source.kind === 'join') return 'wait';
    r.creating = true;
    r.createAttempts += 1;
    return {
      kind: 'create',
      index,
      maxPlayers: this.source.roomSize,
      tickRate: this.source.tickRate,
      snapshotEvery: this.source.snapshotEvery,
    };
  }

  /** The creator got in: everyone else can join. */
  created(index: number, code: string): void {
    const r = this.room(index);
    r.code = code;
    r.creating = false;
  }

  /** The creator failed; another bot will try unless attempts are used up. */
  createFailed(index: number, reason: string): void {
    const r = this.room(index);
    r.creating = false;
    if (r.createAttempts >= MAX_CREATE_ATTEMPTS) r.failed = reason;
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
