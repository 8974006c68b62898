import {
  CloseReason,
  ErrorCode,
  type AdminActionReply,
  type AdminPlayer,
  type AdminRoom,
  type PlayerId,
} from '@tick-arena/common';
import type { RoomManager } from '../rooms/room-manager.js';
import type { RoomFigures } from './room-figures.js';

/** What the players of a room closed from the admin page read. */
export const ADMIN_CLOSE_MESSAGE = 'An administrator closed this room.';
/** What a kicked player reads. */
export const ADMIN_KICK_MESSAGE = 'An administrator removed you from the room.';

/**
 * The admin actions on this node's own rooms, answered the same way whether the request came from this
 * node's admin API or from another node over the adapter: `handled: false` when the room is not here.
 */
export class LocalAdmin {
  constructor(
    private readonly rooms: RoomManager,
    private readonly figures: RoomFigures,
    readonly nodeId: string,
  ) {}

  /** Every open room of this node, with its humans and figures. */
  list(): AdminRoom[] {
    this.figures.prune((code) => this.rooms.get(code) !== undefined);
    const out: AdminRoom[] = [];
    for (const room of this.rooms.all()) {
      if (room.isClosed) continue;
      const s = room.summary();
      const humans: AdminPlayer[] = room
        .roster()
        .filter((r) => !r.bot)
        .map((r) => ({ id: r.id, name: r.name, connected: r.connected }));
      out.push({
        code: s.code,
        node: this.nodeId,
        public: s.public,
        maxPlayers: s.maxPlayers,
        tickRate: s.tickRate,
        humans,
        bots: s.bots,
        spectators: s.spectators,
        ...this.figures.figures(s.code),
      });
    }
    return out.sort((a, b) => a.code.localeCompare(b.code));
  }

  /** Close room `code` if it is here: its players are told why, its code is free again. */
  close(code: string): AdminActionReply {
    const room = this.rooms.get(code);
    if (!room || room.isClosed) return { handled: false };
    room.close(ADMIN_CLOSE_MESSAGE, CloseReason.ADMIN_CLOSED);
    return { handled: true, node: this.nodeId, error: null };
  }

  /** Kick a human from room `code` if the room is here; a coded error when no such human is in it. */
  kick(code: string, playerId: PlayerId): AdminActionReply {
    const room = this.rooms.get(code);
    if (!room || room.isClosed) return { handled: false };
    if (room.kick(playerId, ADMIN_KICK_MESSAGE)) return { handled: true, node: this.nodeId, error: null };
    return {
      handled: true,
      node: this.nodeId,
      error: { code: ErrorCode.PLAYER_NOT_FOUND, message: `no player ${playerId} in room ${code}` },
    };
  }
}
