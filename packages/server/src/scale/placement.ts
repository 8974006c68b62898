import { ErrorCode, type CreateRoomRequest, type RoomInfo, type RoomPeek } from '@tick-arena/common';
import { GameError } from '../errors.js';
import type { Room } from '../rooms/room.js';
import type { Entry, RoomManager } from '../rooms/room-manager.js';
import { roomCodeOfToken } from '../rooms/room-code.js';
import type { Cluster } from './cluster.js';
import { fullestWithSpace, type PlacedRoom } from './node-record.js';

/**
 * Room requests of a node in a cluster: the same decisions as `RoomManager` alone, with the directory in
 * Redis. A room lives on exactly one node; a request for a room that lives elsewhere is answered with
 * `E_ROOM_ELSEWHERE` and that node's URL, and the client reconnects there and asks again.
 *
 * What is exact and what is eventual: a room code is claimed atomically (unique across nodes), a join by
 * code is resolved from the directory at the moment of the request, and every seat taken here is first
 * reserved under MAX_PLAYERS across nodes in one atomic script (`ClusterCaps`). The lobby and quick play's
 * pick read the other nodes' records, which are up to one heartbeat old.
 */
export class ClusterPlacement {
  constructor(
    private readonly cluster: Cluster,
    private readonly rooms: RoomManager,
    private readonly maxPlayers: number,
  ) {}

  /**
   * Create a room here under a code claimed across the cluster and seat its creator with `seat`, once the
   * seat is reserved under MAX_PLAYERS.
   */
  async create<T>(req: Omit<CreateRoomRequest, 'name'>, seat: (room: Room) => T): Promise<T> {
    this.rooms.assertRoomCapacity();
    return this.seated(() => this.createHere(req, seat));
  }

  /** Join by code: here if the room is here, otherwise point at the node that runs it. */
  async join(code: string, name: string, socketId: string, spectate: boolean): Promise<Entry> {
    if (!this.rooms.get(code)) await this.redirectIfElsewhere(code);
    const room = this.rooms.get(code);
    // No seat to reserve when RoomManager.join will refuse (no such room, full) or seat a spectator.
    if (!room || room.isClosed || room.freeSeats <= 0) return this.rooms.join(code, name, socketId, spectate);
    return this.seated(async () => this.rooms.join(code, name, socketId, spectate));
  }

  /**
   * The fullest public room with a seat across all nodes (ties stay here); when it is on another node the
   * player is sent there, where quick play runs again on fresher figures. No room anywhere: make one here.
   */
  async quickPlay(name: string, socketId: string): Promise<Entry> {
    this.assertPlayerCapacity();
    const remote = await this.directory(() => this.cluster.remotePublicRooms());
    const here = this.rooms.fullestPublic();
    const candidates: PlacedRoom[] = here
      ? [{ room: here.summary(), nodeId: this.cluster.nodeId, url: '' }, ...remote]
      : remote;
    const best = fullestWithSpace(candidates, this.cluster.nodeId);
    if (best && best.nodeId !== this.cluster.nodeId) throw elsewhere(best.room.code, best.url);
    return this.seated(async () => {
      // Looked up again: the room picked may have filled while Redis answered.
      if (this.rooms.fullestPublic()) return this.rooms.quickPlay(name, socketId);
      return this.createHere(this.rooms.quickPlayRoom(), (room) => ({
        room,
        seat: room.addHuman(name, socketId),
      }));
    });
  }

  /** The room holding this resume token here, or a redirect to the node named by the token's room code. */
  async resumeRoom(token: string): Promise<Room | undefined> {
    const room = this.rooms.findByResumeToken(token);
    if (room) return room;
    const code = roomCodeOfToken(token);
    if (code !== null) await this.redirectIfElsewhere(code);
    return undefined;
  }

  /** A room here is peeked here; one on another node is a redirect there (its figures are exact there). */
  async peek(code: string): Promise<RoomPeek> {
    if (!this.rooms.get(code)) await this.redirectIfElsewhere(code);
    return this.rooms.peek(code);
  }

  /** Publish this node's record now rather than at the next heartbeat (its public rooms changed). */
  refreshRecord(): Promise<void> {
    return this.cluster.refreshRecord();
  }

  /** Every node's public rooms, fullest first (other nodes' figures are a heartbeat old). */
  async listPublic(): Promise<RoomInfo[]> {
    const remote = await this.directory(() => this.cluster.remotePublicRooms());
    return [...this.rooms.listPublic(), ...remote.map((p) => p.room)].sort((a, b) => b.players - a.players);
  }

  /**
   * Quick play's early check of MAX_PLAYERS across the cluster (exact for this node, a heartbeat old for
   * the others), so a full cluster does not send players from node to node; `seated` is the check that
   * counts.
   */
  private assertPlayerCapacity(): void {
    this.rooms.assertPlayerCapacity();
    if (this.cluster.clusterPlayers(this.rooms.playerCount) >= this.maxPlayers) throw serverFull();
  }

  /**
   * Reserve a seat under MAX_PLAYERS across all nodes (atomic in Redis), then take it with `take`. The
   * reservation is held until `take` settles, so every other admission meanwhile counts this player.
   */
  private async seated<T>(take: () => Promise<T>): Promise<T> {
    const reservation = await this.directory(() => this.cluster.caps.reserveSeat());
    if (reservation === null) throw serverFull();
    try {
      return await take();
    } finally {
      reservation.done();
    }
  }

  /** A room here under a code claimed in the directory, handed to `seat` (inside a reservation). */
  private async createHere<T>(req: Omit<CreateRoomRequest, 'name'>, seat: (room: Room) => T): Promise<T> {
    const code = await this.directory(() => this.cluster.claimCode(() => this.rooms.freeCode()));
    let room: Room;
    try {
      room = this.rooms.create(req, code);
    } catch (err) {
      this.cluster.release(code);
      throw err;
    }
    return seat(room);
  }

  private async redirectIfElsewhere(code: string): Promise<void> {
    const url = await this.directory(() => this.cluster.locate(code));
    if (url !== null) throw elsewhere(code, url);
  }

  /** Run a directory request; Redis being away becomes a coded error the player can retry. */
  private async directory<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      if (err instanceof GameError) throw err;
      throw new GameError(ErrorCode.UNAVAILABLE, 'the room directory is unavailable; try again in a moment');
    }
  }
}

function serverFull(): GameError {
  return new GameError(
    ErrorCode.SERVER_FULL,
    'the servers are full (MAX_PLAYERS across all nodes); try again later',
  );
}

function elsewhere(code: string, url: string): GameError {
  return new GameError(ErrorCode.ROOM_ELSEWHERE, `room ${code} is on another server`, url);
}
