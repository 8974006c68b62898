import type { RoomBroadcaster } from '../rooms/types.js';
import type { GameServer } from '../socket-io.js';

/**
 * Room -> socket.io. Every emit is to a socket.io room named by the room code, so each packet is encoded
 * once and written to every member. State ticks are volatile: a client whose socket is not ready to write
 * skips that tick instead of queueing it.
 */
export function createBroadcaster(io: () => GameServer): RoomBroadcaster {
  return {
    tick: (code, snapshot) => io().to(code).volatile.emit('tick', snapshot),
    roster: (code, roster) => io().to(code).emit('roster', roster),
    chat: (code, msg) => io().to(code).emit('chat', msg),
    roundEnd: (code, summary) => io().to(code).emit('round:end', summary),
    closed: (code, message, reason) => {
      const server = io();
      server.to(code).emit('kicked', { reason, message });
      const ids = server.sockets.adapter.rooms.get(code);
      for (const id of ids ?? []) {
        const s = server.sockets.sockets.get(id);
        if (!s) continue;
        s.data.roomCode = null;
        s.data.playerId = null;
        s.leave(code);
      }
    },
  };
}
