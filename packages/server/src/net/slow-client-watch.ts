import { CloseReason } from '@tick-arena/common';
import type { FastifyBaseLogger } from 'fastify';
import type { GameServer, GameSocket } from '../socket-io.js';
import type { BoundaryStats } from './boundary-stats.js';

/** Bytes waiting to reach one client: engine.io's write buffer plus what the WebSocket has not flushed. */
export function bufferedBytes(socket: GameSocket): number {
  const conn = socket.conn as unknown as {
    writeBuffer?: { data?: unknown }[];
    transport?: { socket?: { bufferedAmount?: number } };
  };
  let total = conn.transport?.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer ?? []) {
    if (typeof p.data === 'string') total += p.data.length;
    else if (p.data instanceof ArrayBuffer || ArrayBuffer.isView(p.data)) total += p.data.byteLength;
  }
  return total;
}

/**
 * Once a second, disconnect any client whose unsent data passed `maxBytes`. State ticks are volatile and
 * are skipped while a socket is not writable, so only reliable events can pile up; a client that stops
 * reading long enough to queue a megabyte of them is not coming back.
 */
export function watchSlowClients(
  io: GameServer,
  maxBytes: number,
  stats: BoundaryStats,
  log: FastifyBaseLogger,
): () => void {
  const timer = setInterval(() => {
    for (const socket of io.sockets.sockets.values()) {
      const bytes = bufferedBytes(socket);
      if (bytes <= maxBytes) continue;
      stats.slowDisconnects += 1;
      log.warn({ sid: socket.id, bytes }, 'client too slow; disconnecting');
      socket.emit('kicked', { reason: CloseReason.SLOW, message: 'your connection fell too far behind' });
      socket.disconnect(true);
    }
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
