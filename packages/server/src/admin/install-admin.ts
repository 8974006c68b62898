import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config.js';
import type { RoomManager } from '../rooms/room-manager.js';
import type { Cluster } from '../scale/cluster.js';
import type { GameServer } from '../socket-io.js';
import { adminRoutes } from './admin-routes.js';
import { AdminService } from './admin-service.js';
import { LocalAdmin } from './local-admin.js';
import { AdminPeers, answerPeers } from './peers.js';
import { RoomFigures, countRoomTraffic } from './room-figures.js';
import { tokenChecker } from './token-check.js';

/**
 * The per-room figures the admin page shows, or null when nothing will read them: a node needs them when
 * it serves the page (ADMIN_TOKEN) or may be asked for its rooms by another node's page (REDIS_URL).
 * Created before the room manager, which feeds it every tick.
 */
export function adminFigures(config: ServerConfig): RoomFigures | null {
  return config.adminToken !== '' || config.redisUrl !== '' ? new RoomFigures() : null;
}

export interface AdminParts {
  config: ServerConfig;
  rooms: RoomManager;
  io: GameServer;
  cluster: Cluster | null;
  figures: RoomFigures | null;
  /** This node's public URL (known once listening). */
  selfUrl: () => string;
}

/**
 * Wire the admin side of this node: count room traffic, answer other nodes' admin requests (in a cluster),
 * and serve the page and its API when ADMIN_TOKEN is set.
 */
export async function installAdmin(app: FastifyInstance, parts: AdminParts): Promise<void> {
  const { config, rooms, io, cluster, figures } = parts;
  if (!figures) return;
  countRoomTraffic(io, figures);
  const local = new LocalAdmin(rooms, figures, config.nodeId);
  if (cluster) answerPeers(io, local, app.log);
  if (config.adminToken === '') return;
  const peers = cluster ? new AdminPeers(io, () => cluster.redisReady) : null;
  const service = new AdminService({ local, rooms, cluster, peers, selfUrl: parts.selfUrl });
  await app.register(adminRoutes, {
    service,
    checkToken: tokenChecker(config.adminToken),
    trustProxy: config.trustProxy,
  });
  app.log.info('admin page enabled at /admin');
}
