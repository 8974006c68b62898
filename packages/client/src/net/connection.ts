import {
  PROTOCOL_VERSION,
  binaryParser,
  type ClientToServerEvents,
  type HandshakeAuth,
  type NetsimSettings,
  type ServerToClientEvents,
} from '@tick-arena/common';
import { io, WebSocket as WebSocketTransport, type Socket } from 'socket.io-client';
import { pageNetsim } from './netsim-option.js';
import { netsimTransport } from './netsim-transport.js';

/** The client's end of the typed protocol: listens to server events, emits client events. */
export type GameSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** The page's simulated network (`?netsim=`), or null for the real one. */
function pageNetsimSettings(): NetsimSettings | null {
  const option = pageNetsim();
  return option.kind === 'on' ? option.settings : null;
}

/**
 * Open the socket to the server that served this page (in development Vite proxies `/socket.io` to it).
 * WebSocket first: long-polling costs a request per message and blocks a fresh tick behind a stale one,
 * which a 30 Hz game feels. `tryAllTransports` still falls back to polling where a proxy blocks WebSockets.
 *
 * With a simulated network (`?netsim=150,20,2`, netsim-transport.ts) the WebSocket transport is the only
 * one, wrapped: what the page sends and receives is delayed, and state ticks may be lost.
 */
export function openSocket(netsim: NetsimSettings | null = pageNetsimSettings()): GameSocket {
  const auth: HandshakeAuth = { protocol: PROTOCOL_VERSION };
  return io({
    auth: { ...auth },
    // Snapshots and inputs travel as one binary WebSocket frame each; everything else as JSON text.
    parser: binaryParser,
    ...(netsim
      ? {
          // Seeded from the page's RNG: the simulator is deterministic, each page draws its own losses.
          transports: [netsimTransport(WebSocketTransport, netsim, Math.floor(Math.random() * 2 ** 31))],
          tryAllTransports: false,
        }
      : { transports: ['websocket', 'polling'], tryAllTransports: true }),
    // Reconnect quickly: a held seat is only kept for the server's grace period (30 s by default).
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
  });
}
