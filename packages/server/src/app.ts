import { existsSync } from 'node:fs';
import { CloseReason } from '@tick-arena/common';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { adminFigures, installAdmin } from './admin/install-admin.js';
import { registerClientAssets } from './client-assets.js';
import type { ServerConfig } from './config.js';
import { ConnectionCounter, originAllowed } from './net/admission.js';
import { BoundaryStats } from './net/boundary-stats.js';
import { createBroadcaster } from './net/broadcaster.js';
import { Replication } from './net/replication.js';
import { installConnectionGate } from './net/connection-gate.js';
import { attachHandlers } from './net/handlers.js';
import { serverParser } from './net/input-tap.js';
import { bufferedBytes, watchSlowClients } from './net/slow-client-watch.js';
import { combineObservers } from './metrics/combine-observers.js';
import { createServerMetrics } from './metrics/server-metrics.js';
import { RoomManager } from './rooms/room-manager.js';
import type { TickObserver } from './rooms/types.js';
import { Cluster } from './scale/cluster.js';
import { ClusterPlacement } from './scale/placement.js';
import { registerSocketIO, type GameServer } from './socket-io.js';

declare module 'fastify' {
  interface FastifyInstance {
    rooms: RoomManager;
    boundaryStats: BoundaryStats;
  }
}

export interface BuildOptions {
  /** Extra tick observer (benchmarks). */
  observer?: TickObserver;
  /** Where pino writes (tests capture logs to assert that nothing was logged as an error). */
  logStream?: { write(line: string): void };
}

const SHUTDOWN_MESSAGE = 'The server is restarting. Reconnect in a moment.';

/**
 * Build a ready-to-listen app: HTTP routes, socket.io, the room directory and the built client. Does not
 * listen; `main.ts` does, tests call `app.listen({ port: 0 })` or `app.inject()`. `app.close()` is the
 * graceful shutdown: refuse new sockets, tell every client, let the notice flush, then disconnect.
 */
export async function buildApp(config: ServerConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  // The admin API's bearer token must never reach a log line, whatever a serializer or a debug line prints.
  const redact = { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' };
  const app = Fastify({
    logger: options.logStream
      ? { level: config.logLevel, stream: options.logStream, redact }
      : { level: config.logLevel, redact },
    // Per-request logs (static files, health probes) only at debug: at info they drown the game events.
    logController: new LogController({
      disableRequestLogging: config.logLevel !== 'debug' && config.logLevel !== 'trace',
    }),
  });

  // Sockets per client IP on this node; in a cluster the other nodes' counts are added from Redis.
  const connections = new ConnectionCounter(config.maxConnectionsPerIp);
  // Only with REDIS_URL: a single node loads no Redis code and runs exactly as before.
  const cluster: Cluster | null = config.redisUrl
    ? await connectCluster(config, app, (): RoomManager => rooms, connections)
    : null;

  // Rooms are created only by socket events, so the broadcaster never runs before socket.io exists.
  const metrics = createServerMetrics();
  const figures = adminFigures(config);
  const ioRef: { current?: GameServer } = {};
  const getIo = () => {
    if (!ioRef.current) throw new Error('socket.io not ready');
    return ioRef.current;
  };
  const replication = new Replication(getIo, {
    hashEveryTicks: config.desyncCheckTicks,
    ...(figures ? { onDirectWrite: (code: string, bytes: number) => figures.sent(code, bytes) } : {}),
  });
  const rooms: RoomManager = new RoomManager({
    broadcaster: createBroadcaster(getIo, replication),
    log: app.log,
    defaultTickRate: config.tickRate,
    defaultSnapshotEvery: config.snapshotEvery,
    maxRooms: config.maxRooms,
    maxPlayers: config.maxPlayers,
    graceMs: config.reconnectGraceSeconds * 1000,
    tickPrecision: config.tickPrecision,
    maxRewindMs: config.maxRewindMs,
    observer: combineObservers(metrics.observer, options.observer, figures?.observer),
    onRoomRemoved:
      cluster || figures
        ? (code) => {
            cluster?.release(code);
            figures?.forget(code);
          }
        : undefined,
  });
  const stats = new BoundaryStats();
  app.decorate('rooms', rooms);
  app.decorate('boundaryStats', stats);

  let shuttingDown = false;
  const io = await registerSocketIO(
    app,
    {
      serveClient: false,
      ...(cluster ? { adapter: cluster.adapter() } : {}),
      // One WebSocket frame per binary event (snapshots, inputs); JSON text for everything else. Input
      // frames are read off the engine.io connection (net/input-tap.ts).
      parser: serverParser,
      maxHttpBufferSize: config.maxMessageBytes,
      pingInterval: config.pingIntervalMs,
      pingTimeout: config.pingTimeoutMs,
      // CORS does not guard WebSockets: the Origin is checked here, before the upgrade.
      allowRequest: (req, callback) => {
        const origin = req.headers.origin;
        const decide = (ok: boolean) => {
          if (!ok) {
            stats.refusedConnections += 1;
            app.log.warn({ origin }, 'origin not allowed');
          }
          callback(ok ? null : 'origin not allowed', ok);
        };
        if (originAllowed(req, config.allowedOrigins)) decide(true);
        // In a cluster a page served by one node opens its socket to another (E_ROOM_ELSEWHERE).
        else if (cluster !== null && origin !== undefined) void cluster.isNodeOrigin(origin).then(decide);
        else decide(false);
      },
    },
    async () => {
      shuttingDown = true;
      // Leave the directory first, so no other node sends players here while the rooms close.
      await cluster?.drain();
      for (const s of io.sockets.sockets.values()) {
        if (s.data.roomCode === null)
          s.emit('kicked', { reason: CloseReason.SHUTDOWN, message: SHUTDOWN_MESSAGE });
      }
      rooms.closeAll(SHUTDOWN_MESSAGE, CloseReason.SHUTDOWN);
      await flushed(io, Math.min(1000, config.shutdownTimeoutMs / 2));
    },
  );
  ioRef.current = io;
  installConnectionGate(io, {
    isShuttingDown: () => shuttingDown,
    trustedProxies: config.trustProxy,
    counter: connections,
    shared: cluster?.caps,
    stats,
  });
  attachHandlers(io, {
    rooms,
    replication,
    log: app.log,
    stats,
    defaultTickRate: config.tickRate,
    placement: cluster ? new ClusterPlacement(cluster, rooms, config.maxPlayers) : undefined,
  });
  if (cluster) {
    app.addHook('onListen', async () => cluster.start(config.publicUrl || listeningUrl(app, config)));
    // Registered after socket.io, whose adapter uses Redis until it closes.
    app.addHook('onClose', async () => cluster.close());
  }
  const stopWatch = watchSlowClients(io, config.maxBufferedBytes, stats, app.log);
  app.addHook('onClose', async () => stopWatch());
  metrics.attach(app, io, rooms, replication.stats);
  await installAdmin(app, {
    config,
    rooms,
    io,
    cluster,
    figures,
    selfUrl: () => config.publicUrl || listeningUrl(app, config),
  });

  app.get('/healthz', async () => ({
    status: 'ok',
    rooms: rooms.size,
    players: rooms.playerCount,
    uptime: process.uptime(),
  }));

  // Ready to take players: listening (this answers), not draining, and Redis reachable when configured.
  app.get('/readyz', async (_req, reply) => {
    const reason = shuttingDown ? 'draining' : cluster && !cluster.redisReady ? 'redis unreachable' : null;
    if (reason) return reply.code(503).send({ status: 'not ready', reason });
    return { status: 'ready', node: cluster?.nodeId ?? null };
  });

  if (config.clientDir && existsSync(config.clientDir)) {
    await registerClientAssets(app, config.clientDir);
  } else if (config.clientDir) {
    app.log.warn(
      { clientDir: config.clientDir },
      'client build not found; serving the API only (run `pnpm build`)',
    );
  }

  return app;
}

/** Join the cluster named by REDIS_URL; the room manager is read lazily, by the heartbeat. */
async function connectCluster(
  config: ServerConfig,
  app: FastifyInstance,
  rooms: () => RoomManager,
  connections: ConnectionCounter,
): Promise<Cluster> {
  const cluster = await Cluster.connect({
    redisUrl: config.redisUrl,
    nodeId: config.nodeId,
    log: app.log.child({ node: config.nodeId }),
    maxPlayers: config.maxPlayers,
    maxConnectionsPerIp: config.maxConnectionsPerIp,
    localIps: () => connections.entries(),
    local: () => {
      const r = rooms();
      return {
        players: r.playerCount,
        codes: [...r.all()].map((room) => room.code),
        publicRooms: r.listPublic(),
      };
    },
  });
  return cluster;
}

/** This node's URL when PUBLIC_URL is unset: the address it listens on (a wildcard becomes loopback). */
function listeningUrl(app: FastifyInstance, config: ServerConfig): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** Resolve once every socket's outgoing buffer is empty, or after `maxMs`. */
async function flushed(io: GameServer, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    let pending = 0;
    for (const s of io.sockets.sockets.values()) pending += bufferedBytes(s);
    if (pending === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
