import type { RoomInfo } from '@tick-arena/common';

/** What a node publishes about itself each heartbeat (the value of `nodeKey(id)`). */
export interface NodeRecord {
  id: string;
  /** Where players reach this node (PUBLIC_URL). */
  url: string;
  /** Humans seated on this node. */
  players: number;
  rooms: number;
  /** The node's public rooms, for the lobby and quick play on every node. */
  publicRooms: RoomInfo[];
}

/**
 * Read a record back from Redis. Checked rather than cast: another version of the server (a rolling
 * upgrade) or a stray writer could have put anything there, and a bad record must not break the lobby.
 */
export function parseNodeRecord(raw: string | null): NodeRecord | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Partial<NodeRecord>;
  if (
    typeof r.id !== 'string' ||
    typeof r.url !== 'string' ||
    typeof r.players !== 'number' ||
    typeof r.rooms !== 'number' ||
    !Array.isArray(r.publicRooms)
  ) {
    return null;
  }
  return { id: r.id, url: r.url, players: r.players, rooms: r.rooms, publicRooms: r.publicRooms };
}

/** A public room somewhere in the cluster, with the node that runs it. */
export interface PlacedRoom {
  room: RoomInfo;
  nodeId: string;
  url: string;
}

/**
 * Quick play's choice: the fullest public room with a seat for a human (bots give their seats up), ties
 * going to this node so a player is not sent away for nothing. Pure, so it is tested without Redis.
 * `humans` of a listed room is `players - bots`.
 */
export function fullestWithSpace(rooms: readonly PlacedRoom[], selfId: string): PlacedRoom | null {
  let best: PlacedRoom | null = null;
  let bestHumans = -1;
  for (const p of rooms) {
    const humans = p.room.players - p.room.bots;
    if (humans >= p.room.maxPlayers) continue;
    if (humans > bestHumans || (humans === bestHumans && p.nodeId === selfId && best?.nodeId !== selfId)) {
      best = p;
      bestHumans = humans;
    }
  }
  return best;
}
