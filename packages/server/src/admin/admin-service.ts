import {
  ErrorCode,
  type AdminActionReply,
  type AdminNode,
  type AdminRoom,
  type PlayerId,
  type WireError,
} from '@tick-arena/common';
import type { RoomManager } from '../rooms/room-manager.js';
import type { Cluster } from '../scale/cluster.js';
import type { LocalAdmin } from './local-admin.js';
import type { AdminPeers, PeerAnswers } from './peers.js';

/** How an admin action ended: the node that ran the room (null when none was found) and the error, if any. */
export interface ActionOutcome {
  node: string | null;
  error: WireError | null;
}

/** A list gathered across nodes; `complete` is false when some node did not answer (or Redis is away). */
export interface Gathered<T> {
  items: T[];
  complete: boolean;
}

export interface AdminServiceOptions {
  local: LocalAdmin;
  rooms: RoomManager;
  /** The cluster this node belongs to (REDIS_URL), or null for a single node. */
  cluster: Cluster | null;
  peers: AdminPeers | null;
  /** This node's public URL (known once listening). */
  selfUrl: () => string;
}

/**
 * What the admin API does, wherever the room lives: this node first (no Redis at all), then the other
 * nodes through the adapter. A single node has no peers and answers everything itself.
 */
export class AdminService {
  constructor(private readonly opts: AdminServiceOptions) {}

  /** The nodes: the registry in Redis (this node's own figures live), or just this node. */
  async nodes(): Promise<Gathered<AdminNode>> {
    const { rooms, cluster, local } = this.opts;
    const self: AdminNode = {
      id: local.nodeId,
      url: this.opts.selfUrl(),
      players: rooms.playerCount,
      rooms: rooms.size,
      self: true,
    };
    if (!cluster) return { items: [self], complete: true };
    try {
      const records = await cluster.nodes();
      const others = records
        .filter((r) => r.id !== local.nodeId)
        .map((r): AdminNode => ({ id: r.id, url: r.url, players: r.players, rooms: r.rooms, self: false }));
      return { items: [self, ...others.sort((a, b) => a.id.localeCompare(b.id))], complete: true };
    } catch {
      // Redis is away: this node still knows itself.
      return { items: [self], complete: false };
    }
  }

  /** Every room on every node, by code. */
  async rooms(): Promise<Gathered<AdminRoom>> {
    const here = this.opts.local.list();
    if (!this.opts.peers) return { items: here, complete: true };
    const there = await this.opts.peers.rooms();
    const items = [...here, ...there.answers.flat()].sort((a, b) => a.code.localeCompare(b.code));
    return { items, complete: there.complete };
  }

  /** Close a room: its players are told, its code is free again. */
  closeRoom(code: string): Promise<ActionOutcome> {
    return this.act(
      code,
      () => this.opts.local.close(code),
      (peers) => peers.close(code),
    );
  }

  /** Remove a player from a room for good (no resume). */
  kick(code: string, playerId: PlayerId): Promise<ActionOutcome> {
    return this.act(
      code,
      () => this.opts.local.kick(code, playerId),
      (peers) => peers.kick(code, playerId),
    );
  }

  private async act(
    code: string,
    here: () => AdminActionReply,
    there: (peers: AdminPeers) => Promise<PeerAnswers<AdminActionReply>>,
  ): Promise<ActionOutcome> {
    const mine = here();
    if (mine.handled) return { node: mine.node, error: mine.error };
    if (this.opts.peers) {
      const { answers, complete } = await there(this.opts.peers);
      for (const a of answers) if (a.handled) return { node: a.node, error: a.error };
      if (!complete) {
        const message = `room ${code} is not on the nodes that answered, and some did not; try again`;
        return { node: null, error: { code: ErrorCode.UNAVAILABLE, message } };
      }
    }
    return { node: null, error: { code: ErrorCode.ROOM_NOT_FOUND, message: `no room with code ${code}` } };
  }
}
