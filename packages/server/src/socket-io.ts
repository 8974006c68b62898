/**
 * The only file that knows about `fastify-socket.io` (a thin, rarely released plugin): it attaches a
 * socket.io server to Fastify's HTTP server and closes it with Fastify. Swapping the plugin for a direct
 * `new Server(app.server)` would touch only this file.
 */
import type {
  ClientToServerEvents,
  InterServerEvents,
  ServerToClientEvents,
  SocketData,
} from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import fastifySocketIOModule from 'fastify-socket.io';
import type { Server, ServerOptions, Socket } from 'socket.io';

export type GameServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type GameSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

declare module 'fastify' {
  interface FastifyInstance {
    io: GameServer;
  }
}

// The package is CommonJS with an `__esModule` default; Node's ESM loader hands us `module.exports`.
type Plugin = typeof fastifySocketIOModule;
const fastifySocketIO: Plugin =
  (fastifySocketIOModule as unknown as { default?: Plugin }).default ?? fastifySocketIOModule;

/** Register socket.io on the app; `preClose` lets the caller say goodbye before sockets are cut. */
export async function registerSocketIO(
  app: FastifyInstance,
  options: Partial<ServerOptions>,
  preClose: () => Promise<void>,
): Promise<GameServer> {
  await app.register(fastifySocketIO, {
    ...options,
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- the plugin types `done` as Function
    preClose: (done: Function) => {
      preClose()
        .catch((err: unknown) => app.log.error({ err }, 'error while closing rooms'))
        .finally(() => {
          app.io.local.disconnectSockets(true);
          done();
        });
    },
  });
  return app.io;
}
