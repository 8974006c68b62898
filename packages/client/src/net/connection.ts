import {
  PROTOCOL_VERSION,
  binaryParser,
  type ClientToServerEvents,
  type HandshakeAuth,
  type ServerToClientEvents,
} from '@tick-arena/common';
import { io, type Socket } from 'socket.io-client';

/** The client's end of the typed protocol: listens to server events, emits client events. */
export type GameSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Open the socket to the server that served this page (in development Vite proxies `/socket.io` to it).
 * WebSocket first: long-polling costs a request per message and blocks a fresh tick behind a stale one,
 * which a 30 Hz game feels. `tryAllTransports` still falls back to polling where a proxy blocks WebSockets.
 */
export function openSocket(): GameSocket {
  const auth: HandshakeAuth = { protocol: PROTOCOL_VERSION };
  return io({
    auth: { ...auth },
    // Snapshots and inputs travel as one binary WebSocket frame each; everything else as JSON text.
    parser: binaryParser,
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    // Reconnect quickly: a held seat is only kept for the server's grace period (30 s by default).
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
  });
}
