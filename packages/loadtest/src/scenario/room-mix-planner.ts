import type { RoomPlanning } from '../coordinator/room-planning.js';
import type { BotRoom } from '../worker/protocol.js';
import type { RoomKind } from './schema.js';
import { WeightedRoundRobin } from './weighted-round-robin.js';

interface MixRoom {
  kind: RoomKind;
  /** Bots planned into it and not withdrawn. */
  seated: number;
  /** Emptied by a drain: the server removes an empty room, so no bot is sent there again. */
  retired: boolean;
  code: string | null;
  creating: boolean;
  createAttempts: number;
  failed: string | null;
}

/** Creating a room is retried this often (with another bot) before its bots are given up. */
const MAX_CREATE_ATTEMPTS = 3;

/**
 * Seats a scenario's bots in its room mix: a new bot takes a seat in the first room with one free (so rooms
 * fill one after another, as players fill a lobby), and when none has, a new room is made of the next kind
 * in the mix's proportion. Bots withdrawn by a drain give their seats back; a room left empty is retired
 * (the server removes it) and a later ramp makes new rooms.
 */
export class RoomMixPlanner implements RoomPlanning {
  private readonly rooms: MixRoom[] = [];
  private readonly kinds: WeightedRoundRobin<RoomKind>;

  constructor(
    kinds: readonly RoomKind[],
    private readonly workers: number,
  ) {
    this.kinds = new WeightedRoundRobin(kinds.map((k) => ({ item: k, weight: k.weight })));
  }

  roomIndexOf(_botId: number): number {
    let index = this.rooms.findIndex((r) => !r.retired && r.failed === null && r.seated < r.kind.size);
    if (index < 0) {
      index = this.rooms.length;
      this.rooms.push({
        kind: this.kinds.next(),
        seated: 0,
        retired: false,
        code: null,
        creating: false,
        createAttempts: 0,
        failed: null,
      });
    }
    (this.rooms[index] as MixRoom).seated += 1;
    return index;
  }

  workerOf(roomIndex: number): number {
    return roomIndex % this.workers;
  }

  private room(index: number): MixRoom {
    const r = this.rooms[index];
    if (!r) throw new RangeError(`no planned room ${index}`);
    return r;
  }

  entry(index: number): BotRoom | 'wait' | { failed: string } {
    const r = this.room(index);
    if (r.failed) return { failed: r.failed };
    if (r.code) return { kind: 'join', index, code: r.code };
    if (r.creating) return 'wait';
    r.creating = true;
    r.createAttempts += 1;
    return {
      kind: 'create',
      index,
      maxPlayers: r.kind.size,
      tickRate: r.kind.tickRate,
      snapshotEvery: r.kind.snapshotEvery,
      bots: r.kind.bots,
    };
  }

  created(index: number, code: string): void {
    const r = this.room(index);
    r.code = code;
    r.creating = false;
  }

  createFailed(index: number, reason: string): void {
    const r = this.room(index);
    r.creating = false;
    if (r.createAttempts >= MAX_CREATE_ATTEMPTS) r.failed = reason;
  }

  codeOf(index: number): string | null {
    return this.rooms[index]?.code ?? null;
  }

  left(index: number): void {
    const r = this.room(index);
    r.seated = Math.max(0, r.seated - 1);
    if (r.seated === 0) r.retired = true;
  }

  get roomCount(): number {
    return this.rooms.filter((r) => r.code !== null).length;
  }

  /** Kinds of the rooms planned so far, in order (for tests and the report). */
  get plannedKinds(): RoomKind[] {
    return this.rooms.map((r) => r.kind);
  }
}
