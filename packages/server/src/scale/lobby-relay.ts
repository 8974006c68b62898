import type { FastifyBaseLogger } from 'fastify';
import { LOBBY_PUSH_INTERVAL_MS, type LobbyFeed } from '../net/lobby-feed.js';
import { TrailingThrottle } from '../net/trailing-throttle.js';
import type { RoomManager } from '../rooms/room-manager.js';
import type { GameServer } from '../socket-io.js';
import type { ClusterPlacement } from './placement.js';

/**
 * The live lobby across nodes. Every node's lobby reads the other nodes' public rooms from their records in
 * the directory (`ClusterPlacement.listPublic`), which a heartbeat renews every `HEARTBEAT_MS`. To push a
 * change at once rather than a heartbeat later, the node whose public rooms changed renews its record now
 * (one SET) and then says so to every node through the socket.io adapter (`serverSideEmit('lobby:changed')`,
 * one Redis publish); each node re-reads the directory and pushes to its own watchers if their list changed.
 * Writing before telling means a node that hears the news reads the new record.
 *
 * Both steps are throttled like the local push (at most twice a second per node) and happen only when this
 * node's public list really changed; ticks and inputs never get here. A node that dies without a word sends
 * nothing: while anyone watches, the feed also re-reads the lobby every heartbeat (`refreshEveryMs`, set
 * by the caller), so its rooms leave the list when its record expires.
 */
export function relayLobby(
  io: GameServer,
  rooms: RoomManager,
  placement: ClusterPlacement,
  feed: LobbyFeed,
  log: FastifyBaseLogger,
): void {
  let published = JSON.stringify(rooms.listPublic());
  const announce = new TrailingThrottle(LOBBY_PUSH_INTERVAL_MS, async () => {
    const now = JSON.stringify(rooms.listPublic());
    if (now === published) return;
    published = now;
    try {
      await placement.refreshRecord();
      io.serverSideEmit('lobby:changed');
    } catch (err) {
      log.warn({ err }, 'could not announce a lobby change to the other nodes');
    }
  });
  rooms.watch(() => announce.trigger());
  io.on('lobby:changed', () => feed.changed());
}
