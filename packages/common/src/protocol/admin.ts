import { Type, type Static } from 'typebox';
import type { PlayerId } from '../sim/types.js';
import type { WireError } from './errors.js';
import { ROOM_CODE_PATTERN } from './limits.js';

/**
 * The admin API (`/admin/api/*`, enabled by the server's ADMIN_TOKEN) and the messages nodes of a cluster
 * exchange to carry it out. The admin page is a client like the game: what it sends has a schema here and
 * its type is derived from it; the same schemas check what another node asks for over the adapter.
 */

/** `:code` in `/admin/api/rooms/:code/*`. */
export const AdminRoomParams = Type.Object(
  { code: Type.String({ pattern: ROOM_CODE_PATTERN }) },
  { additionalProperties: false },
);
export type AdminRoomParams = Static<typeof AdminRoomParams>;

/** Body of `POST /admin/api/rooms/:code/kick`. */
export const AdminKickBody = Type.Object(
  { playerId: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) },
  { additionalProperties: false },
);
export type AdminKickBody = Static<typeof AdminKickBody>;

/** A kick as one node asks it of the others: the room and the player. */
export const AdminKickRequest = Type.Object(
  { code: AdminRoomParams.properties.code, playerId: AdminKickBody.properties.playerId },
  { additionalProperties: false },
);
export type AdminKickRequest = Static<typeof AdminKickRequest>;

/** A human holding a seat, as the admin page lists it (bots are counted, not listed: they cannot be kicked). */
export interface AdminPlayer {
  id: PlayerId;
  name: string;
  /** False while a dropped player's seat is held for its grace period. */
  connected: boolean;
}

/** One room as the admin page lists it: who is in it, and how its loop and its traffic are doing. */
export interface AdminRoom {
  code: string;
  /** Id of the node that runs the room. */
  node: string;
  public: boolean;
  maxPlayers: number;
  tickRate: number;
  humans: AdminPlayer[];
  bots: number;
  spectators: number;
  /** 99th percentile of the room's recent tick durations, ms; null before its first tick. */
  tickP99Ms: number | null;
  /** Bytes per second written to the room's clients, averaged over the last few seconds. */
  bytesPerSecond: number;
}

/** A node of the cluster (or the only one), as the admin page lists it. */
export interface AdminNode {
  id: string;
  /** Where players reach it (PUBLIC_URL). */
  url: string;
  /** Humans seated on it. */
  players: number;
  rooms: number;
  /** The node that answered this request. */
  self: boolean;
}

/**
 * A node's answer to an admin action sent to every node: only the node running the room handles it
 * (`handled: true`, with `error` null on success); the others say it is not theirs.
 */
export type AdminActionReply = { handled: false } | { handled: true; node: string; error: WireError | null };

/** Admin requests between nodes, through the socket.io adapter (`io.serverSideEmit` with an ack). */
export interface AdminInterServerEvents {
  /** Every room of the receiving node. */
  'admin:rooms': (ack: (rooms: AdminRoom[]) => void) => void;
  'admin:close-room': (req: AdminRoomParams, ack: (reply: AdminActionReply) => void) => void;
  'admin:kick': (req: AdminKickRequest, ack: (reply: AdminActionReply) => void) => void;
}
