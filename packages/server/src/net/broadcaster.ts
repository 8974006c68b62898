import type { RoomBroadcaster } from '../rooms/types.js';
import type { GameServer } from '../socket-io.js';
import type { Replication } from './replication.js';

/**
 * Room -> socket.io. State goes through the per-client replication (one binary delta per member); reliable
 * events are emitted to the socket.io room named by the room code, so each is encoded once and written to
 * every member.
 */
export function createBroadcaster(io: () => GameServer, replication: Replication): RoomBroadcaster {
  return {
    frame: (_code, room, superseded) => replication.publish(room, superseded),
    // `local`: a room's members are all on this node, and with the Redis adapter a plain `to(code)` would
    // also publish every scores/roster/chat message to Redis for the other nodes to drop.
    scores: (code, scores) => io().local.to(code).emit('scores', scores),
    roster: (code, roster) => io().local.to(code).emit('roster', roster),
    chat: (code, msg) => io().local.to(code).emit('chat', msg),
    roundEnd: (code, summary) => io().local.to(code).emit('round:end', summary),
    closed: (code, message, reason) => {
      const server = io();
      replication.roomClosed(code);
      server.local.to(code).emit('kicked', { reason, message });
      const ids = server.sockets.adapter.rooms.get(code);
      for (const id of ids ?? []) {
        const s = server.sockets.sockets.get(id);
        if (!s) continue;
        replication.forget(id);
        s.data.roomCode = null;
        s.data.playerId = null;
        s.leave(code);
      }
    },
    kicked: (code, socketId, message, reason) => {
      const s = io().sockets.sockets.get(socketId);
      replication.forget(socketId);
      if (!s) return;
      s.emit('kicked', { reason, message });
      s.data.roomCode = null;
      s.data.playerId = null;
      void s.leave(code);
    },
  };
}
