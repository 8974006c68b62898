import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.js';
import { createBroadcaster } from './net/broadcaster.js';
import { attachHandlers } from './net/handlers.js';
import { RoomManager } from './rooms/room-manager.js';
import type { TickObserver } from './rooms/types.js';
import { registerSocketIO, type GameServer } from './socket-io.js';

declare module 'fastify' {
  interface FastifyInstance {
    rooms: RoomManager;
  }
}

export interface BuildOptions {
  /** Extra tick observer (benchmarks). */
  observer?: TickObserver;
}

/**
 * Build a ready-to-listen app: HTTP routes, socket.io, the room directory and the built client. Does not
 * listen; `main.ts` does, tests call `app.listen({ port: 0 })` or `app.inject()`.
 */
export async function buildApp(config: ServerConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    // Per-request logs (static files, health probes) only at debug: at info they drown the game events.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  });

  // Rooms are created only by socket events, so the broadcaster never runs before socket.io exists.
  const ioRef: { current?: GameServer } = {};
  const rooms = new RoomManager({
    broadcaster: createBroadcaster(() => {
      if (!ioRef.current) throw new Error('socket.io not ready');
      return ioRef.current;
    }),
    log: app.log,
    defaultTickRate: config.tickRate,
    defaultSnapshotEvery: config.snapshotEvery,
    maxRooms: config.maxRooms,
    graceMs: config.reconnectGraceSeconds * 1000,
    observer: options.observer,
  });
  app.decorate('rooms', rooms);

  const io = await registerSocketIO(
    app,
    {
      serveClient: false,
      // Largest legitimate message is a room request of a few hundred bytes.
      maxHttpBufferSize: 16 * 1024,
    },
    () => rooms.closeAll('The server is shutting down.'),
  );
  ioRef.current = io;
  attachHandlers(io, rooms, app.log);

  app.get('/healthz', async () => ({ status: 'ok', rooms: rooms.size, uptime: process.uptime() }));

  if (config.clientDir && existsSync(config.clientDir)) {
    await app.register(fastifyStatic, { root: config.clientDir, wildcard: false });
    // SPA fallback: /r/CODE and other client routes get index.html; unknown API-ish paths stay 404.
    app.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/socket.io') && !req.url.includes('.')) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.code(404).send({ error: 'Not Found', path: req.url });
    });
  } else if (config.clientDir) {
    app.log.warn(
      { clientDir: config.clientDir },
      'client build not found; serving the API only (run `pnpm build`)',
    );
  }

  return app;
}
