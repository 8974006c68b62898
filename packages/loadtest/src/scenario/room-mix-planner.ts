import type { RoomPlanning } from '../coordinator/room-planning.js';
import { RoomCreation } from '../coordinator/room-creation.js';
import type { BotRoom } from '../worker/protocol.js';
import type { RoomKind } from './schema.js';
import { WeightedRoundRobin } from './weighted-round-robin.js';

interface MixRoom {
  kind: RoomKind;
  /** Bots planned into it and not withdrawn. */
  seated: number;
  /** Emptied by a drain: the server removes an empty room, so no bot is sent there again. */
  retired: boolean;
  creation: RoomCreation;
}

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
    let index = this.rooms.findIndex(
      (r) => !r.retired && r.creation.failed === null && r.seated < r.kind.size,
    );
    if (index < 0) {
      index = this.rooms.length;
      this.rooms.push({
        kind: this.kinds.next(),
        seated: 0,
        retired: false,
        creation: new RoomCreation(),
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
    const { kind, creation } = this.room(index);
    return creation.entry(index, () => ({
      kind: 'create',
      index,
      maxPlayers: kind.size,
      tickRate: kind.tickRate,
      snapshotEvery: kind.snapshotEvery,
      bots: kind.bots,
    }));
  }

  created(index: number, code: string): void {
    this.room(index).creation.created(code);
  }

  createFailed(index: number, reason: string): void {
    this.room(index).creation.createFailed(reason);
  }

  codeOf(index: number): string | null {
    return this.rooms[index]?.creation.code ?? null;
  }

  left(index: number): void {
    const r = this.room(index);
    r.seated = Math.max(0, r.seated - 1);
    if (r.seated === 0) r.retired = true;
  }

  get roomCount(): number {
    return this.rooms.filter((r) => r.creation.code !== null).length;
  }

  /** Kinds of the rooms planned so far, in order (for tests and the report). */
  get plannedKinds(): RoomKind[] {
    return this.rooms.map((r) => r.kind);
  }
}
