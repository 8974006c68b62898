import { ErrorCode, PROTOCOL_VERSION, type WireError } from '@tick-arena/common';
import type { GameServer } from '../socket-io.js';
import { clientIp, type ConnectionCounter, type SharedConnectionCounts } from './admission.js';
import type { BoundaryStats } from './boundary-stats.js';

/** An Error whose `data` reaches the client in `connect_error`. */
function refusal(error: WireError): Error {
  return Object.assign(new Error(error.message), { data: error });
}

export interface GateOptions {
  isShuttingDown: () => boolean;
  /** Proxies of your own in front of the server (TRUST_PROXY): how far to read X-Forwarded-For. */
  trustedProxies: number;
  counter: ConnectionCounter;
  /** The other nodes' sockets per IP (a cluster); absent on a single node. */
  shared?: SharedConnectionCounts;
  stats: BoundaryStats;
}

/**
 * socket.io handshake checks, each refusal a coded `connect_error`: not while shutting down, only the
 * current protocol version, at most N sockets per IP (across all nodes in a cluster: one Redis call per
 * connect and one per disconnect). (The Origin allowlist runs earlier, in engine.io's `allowRequest`, before
 * the WebSocket upgrade.)
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
    const ip = clientIp(socket.request, opts.trustedProxies);
    const tooMany = () =>
      refuse({ code: ErrorCode.TOO_MANY_CONNECTIONS, message: 'too many connections from your address' });
    // This node's own count first: a flood from one address on one node never reaches Redis.
    if (!opts.counter.acquire(ip)) {
      tooMany();
      return;
    }
    const release = () => {
      opts.counter.release(ip);
      opts.shared?.publish(ip, opts.counter.count(ip));
    };
    const admit = () => {
      socket.once('disconnect', release);
      next();
    };
    const shared = opts.shared;
    if (!shared) {
      admit();
      return;
    }
    void shared.admit(ip, opts.counter.count(ip)).then((ok) => {
      if (!ok) {
        // Published although the script wrote nothing: a later connect from this address may have been
        // admitted meanwhile with this one counted in its claim.
        release();
        tooMany();
      } else if (socket.conn.readyState !== 'open') {
        // The client left while Redis answered: socket.io drops such a socket without a 'disconnect'.
        release();
      } else {
        admit();
      }
    });
  });
}
