import { randomInt } from 'node:crypto';
import {
  CloseReason,
  DEFAULT_BOT_DIFFICULTY,
  ErrorCode,
  type CreateRoomRequest,
  type RoomInfo,
  type RoomPeek,
} from '@tick-arena/common';
import type { FastifyBaseLogger } from 'fastify';
import { GameError } from '../errors.js';
import type { TickPrecision } from '../loop/fixed-loop.js';
import { Room, type Seat } from './room.js';
import { generateRoomCode } from './room-code.js';
import type { RoomBroadcaster, TickObserver } from './types.js';

export interface RoomManagerOptions {
  broadcaster: RoomBroadcaster;
  log: FastifyBaseLogger;
  /** Tick rate of rooms made by quick play. */
  defaultTickRate: number;
  /** Snapshot every Nth tick, for rooms that do not choose. */
  defaultSnapshotEvery: number;
  maxRooms: number;
  /** Humans admitted across all rooms. */
  maxPlayers: number;
  graceMs: number;
  tickPrecision?: TickPrecision;
  /** Lag compensation bound, ms (0 = off). */
  maxRewindMs?: number;
  observer?: TickObserver;
  /** Called when a room is gone from this manager (the cluster releases its code). */
  onRoomRemoved?: (code: string) => void;
}

/** Result of entering a room: the room plus the seat (absent for a spectator). */
export interface Entry {
  room: Room;
  seat: Seat | null;
}

/** The room directory of this process: create, find, quick play, list, and removal of empty rooms. */
export class RoomManager {
  private readonly rooms = new Map<string, Room>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly opts: RoomManagerOptions) {}

  get size(): number {
    return this.rooms.size;
  }

  /**
   * Call `listener` whenever what the lobby shows may have changed: a room made or gone, a seat taken or
   * given up, a spectator in or out. Returns the function that stops it.
   */
  watch(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Humans seated (or holding a seat) in every room. */
  get playerCount(): number {
    let n = 0;
    for (const r of this.rooms.values()) n += r.humanCount;
    return n;
  }

  /** Throw `E_SERVER_FULL` when this process already holds its maximum of players. */
  assertPlayerCapacity(): void {
    if (this.playerCount >= this.opts.maxPlayers) {
      throw new GameError(ErrorCode.SERVER_FULL, 'this server is full; try again later');
    }
  }

  get(code: string): Room | undefined {
    return this.rooms.get(code);
  }

  all(): IterableIterator<Room> {
    return this.rooms.values();
  }

  /** Throw `E_SERVER_FULL` when this process hosts its maximum of rooms. */
  assertRoomCapacity(): void {
    if (this.rooms.size >= this.opts.maxRooms) {
      throw new GameError(ErrorCode.SERVER_FULL, 'this server has reached its room limit; try again later');
    }
  }

  /** A random code no room of this process uses (a cluster also claims it in its directory). */
  freeCode(): string {
    return generateRoomCode((c) => this.rooms.has(c));
  }

  /** Make and start a room; `code`, when given, was claimed beforehand (cluster directory). */
  create(req: Omit<CreateRoomRequest, 'name'>, code: string = this.freeCode()): Room {
    this.assertRoomCapacity();
    if (this.rooms.has(code)) throw new Error(`room code ${code} is already in use`);
    const room = new Room(
      code,
      {
        public: req.public,
        maxPlayers: req.maxPlayers,
        tickRate: req.tickRate,
        snapshotEvery: req.snapshotEvery ?? this.opts.defaultSnapshotEvery,
        bots: req.bots,
        botDifficulty: req.botDifficulty ?? DEFAULT_BOT_DIFFICULTY,
        killLimit: req.killLimit,
        roundSeconds: req.roundSeconds,
        seed: randomInt(2 ** 31),
        mapId: req.map ?? 'arena-1',
      },
      {
        broadcaster: this.opts.broadcaster,
        log: this.opts.log,
        graceMs: this.opts.graceMs,
        tickPrecision: this.opts.tickPrecision,
        maxRewindMs: this.opts.maxRewindMs,
        observer: this.opts.observer,
        onEmpty: (r) => this.remove(r),
        onChange: () => this.notify(),
      },
    );
    this.rooms.set(code, room);
    room.start();
    this.notify();
    return room;
  }

  /** Whether room `code` runs here, and whether a human could take a seat in it: no seat is taken. */
  peek(code: string): RoomPeek {
    const room = this.rooms.get(code);
    if (!room || room.isClosed)
      return { code, exists: false, full: false, humans: 0, bots: 0, maxPlayers: 0 };
    return {
      code,
      exists: true,
      full: room.freeSeats <= 0,
      humans: room.humanCount,
      bots: room.botCount,
      maxPlayers: room.info.maxPlayers,
    };
  }

  /** Enter a room by code as a player, or as a spectator when full and `spectate` is set. */
  join(code: string, name: string, socketId: string, spectate = false): Entry {
    const room = this.rooms.get(code);
    if (!room || room.isClosed) throw new GameError(ErrorCode.ROOM_NOT_FOUND, `no room with code ${code}`);
    if (room.freeSeats <= 0 && spectate) {
      room.addSpectator(socketId);
      return { room, seat: null };
    }
    this.assertPlayerCapacity();
    return { room, seat: room.addHuman(name, socketId) };
  }

  /** Join the fullest public room that still has a seat; make a new public room when there is none. */
  quickPlay(name: string, socketId: string, code?: string): Entry {
    this.assertPlayerCapacity();
    const room = this.fullestPublic() ?? this.create(this.quickPlayRoom(), code);
    return { room, seat: room.addHuman(name, socketId) };
  }

  /** The fullest public room of this process with a seat for a human. */
  fullestPublic(): Room | undefined {
    let best: Room | undefined;
    for (const r of this.rooms.values()) {
      if (!r.info.public || r.isClosed || r.freeSeats <= 0) continue;
      if (!best || r.humanCount > best.humanCount) best = r;
    }
    return best;
  }

  /** Settings of a room made by quick play. */
  quickPlayRoom(): Omit<CreateRoomRequest, 'name'> {
    return { public: true, maxPlayers: 8, tickRate: this.opts.defaultTickRate, bots: 3 };
  }

  /** Find the room holding a seat for this resume token. */
  findByResumeToken(token: string): Room | undefined {
    for (const r of this.rooms.values()) if (r.hasResumeToken(token)) return r;
    return undefined;
  }

  listPublic(): RoomInfo[] {
    return [...this.rooms.values()]
      .filter((r) => r.info.public && !r.isClosed)
      .map((r) => r.summary())
      .sort((a, b) => b.players - a.players);
  }

  /** Close every room (shutdown). */
  closeAll(message: string, reason: CloseReason = CloseReason.SHUTDOWN): void {
    for (const r of [...this.rooms.values()]) r.close(message, reason);
  }

  private remove(room: Room): void {
    if (this.rooms.get(room.code) === room) {
      this.rooms.delete(room.code);
      this.opts.onRoomRemoved?.(room.code);
      this.notify();
    }
    if (!room.isClosed) room.close('Room removed.');
  }

  private notify(): void {
    for (const fn of this.listeners) fn();
  }
}
