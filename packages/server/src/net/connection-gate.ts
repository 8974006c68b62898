import { ErrorCode, PROTOCOL_VERSION, type WireError } from '@tick-arena/common';
import type { GameServer } from '../socket-io.js';
import { clientIp, type ConnectionCounter } from './admission.js';
import type { BoundaryStats } from './boundary-stats.js';

/** An Error whose `data` reaches the client in `connect_error`. */
function refusal(error: WireError): Error {
  return Object.assign(new Error(error.message), { data: error });
}

export interface GateOptions {
  isShuttingDown: () => boolean;
  trustProxy: boolean;
  counter: ConnectionCounter;
  stats: BoundaryStats;
}

/**
 * socket.io handshake checks, each refusal a coded `connect_error`: not while shutting down, only the
 * current protocol version, at most N sockets per IP. (The Origin allowlist runs earlier, in engine.io's
 * `allowRequest`, before the WebSocket upgrade.)
 */
export function installConnectionGate(io: GameServer, opts: GateOptions): void {
  io.use((socket, next) => {
    const refuse = (error: WireError) => {
      opts.stats.refusedConnections += 1;
      next(refusal(error));
    };
    if (opts.isShuttingDown()) {
      refuse({ code: ErrorCode.SHUTTING_DOWN, message: 'the server is restarting; try again in a moment' });
      return;
    }
    const auth: unknown = socket.handshake.auth;
    const protocol =
      typeof auth === 'object' && auth !== null ? (auth as { protocol?: unknown }).protocol : undefined;
    if (protocol !== PROTOCOL_VERSION) {
      refuse({
        code: ErrorCode.PROTOCOL_MISMATCH,
        message: `server speaks protocol ${PROTOCOL_VERSION}, client sent ${JSON.stringify(protocol ?? null)}; reload the page`,
      });
      return;
    }
    const ip = clientIp(socket.request, opts.trustProxy);
    if (!opts.counter.acquire(ip)) {
      refuse({ code: ErrorCode.TOO_MANY_CONNECTIONS, message: 'too many connections from your address' });
      return;
    }
    socket.once('disconnect', () => opts.counter.release(ip));
    next();
  });
}
