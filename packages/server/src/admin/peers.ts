import {
  AdminKickRequest,
  AdminRoomParams,
  type AdminActionReply,
  type AdminRoom,
  type PlayerId,
} from '@tick-arena/common';
import type { FastifyBaseLogger } from 'fastify';
import { Compile } from 'typebox/compile';
import type { GameServer } from '../socket-io.js';
import type { LocalAdmin } from './local-admin.js';

/** What the other nodes answered; `complete` is false when some did not answer in time (or Redis is away). */
export interface PeerAnswers<T> {
  answers: T[];
  complete: boolean;
}

/**
 * Longest an admin request waits for the other nodes, ms. The Redis adapter gives up by itself after its
 * `requestsTimeout` (5 s) and hands over the answers it has; this bound is only for a request that could
 * not even be published (Redis lost while it was being sent).
 */
const PEERS_TIMEOUT_MS = 6_000;

const roomParams = Compile(AdminRoomParams);
const kickRequest = Compile(AdminKickRequest);

/**
 * The admin page's requests for rooms on other nodes, sent to every node through the socket.io adapter
 * (`io.serverSideEmit` with an ack; the Redis adapter collects one answer per node). Used only when the
 * room is not on this node, and never on the hot path.
 */
export class AdminPeers {
  constructor(
    private readonly io: GameServer,
    private readonly redisReady: () => boolean,
  ) {}

  /** Every room of every other node. */
  rooms(): Promise<PeerAnswers<AdminRoom[]>> {
    return this.ask<AdminRoom[]>((done) => this.io.serverSideEmit('admin:rooms', done), Array.isArray);
  }

  close(code: string): Promise<PeerAnswers<AdminActionReply>> {
    return this.ask<AdminActionReply>(
      (done) => this.io.serverSideEmit('admin:close-room', { code }, done),
      isActionReply,
    );
  }

  kick(code: string, playerId: PlayerId): Promise<PeerAnswers<AdminActionReply>> {
    return this.ask<AdminActionReply>(
      (done) => this.io.serverSideEmit('admin:kick', { code, playerId }, done),
      isActionReply,
    );
  }

  private ask<T>(
    send: (done: (err: Error | null, answers: unknown[]) => void) => void,
    valid: (answer: unknown) => boolean,
  ): Promise<PeerAnswers<T>> {
    // Asked while Redis is away, the adapter would wait for it to come back before even starting its timer.
    if (!this.redisReady()) return Promise.resolve({ answers: [], complete: false });
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve({ answers: [], complete: false }), PEERS_TIMEOUT_MS);
      send((err, answers) => {
        clearTimeout(timer);
        // A node of another version (a rolling upgrade) may answer something else: it is left out.
        const good = (Array.isArray(answers) ? answers : []).filter(valid) as T[];
        resolve({ answers: good, complete: !err && good.length === (answers?.length ?? 0) });
      });
    });
  }
}

function isActionReply(a: unknown): boolean {
  if (typeof a !== 'object' || a === null) return false;
  const r = a as { handled?: unknown; node?: unknown };
  return r.handled === false || (r.handled === true && typeof r.node === 'string');
}

/**
 * Answer the other nodes' admin requests for this node's rooms. Registered on every node of a cluster,
 * ADMIN_TOKEN or not: the requests come only from a node whose admin API checked the token, over the
 * adapter's Redis channels, which are as trusted as the room directory next to them. Payloads are still
 * checked: a node of another version must not make this one throw.
 */
export function answerPeers(io: GameServer, local: LocalAdmin, log: FastifyBaseLogger): void {
  io.on('admin:rooms', (ack) => {
    if (typeof ack === 'function') ack(local.list());
  });
  io.on('admin:close-room', (req, ack) => {
    if (typeof ack !== 'function') return;
    if (!roomParams.Check(req)) return ack({ handled: false });
    const reply = local.close(req.code);
    if (reply.handled)
      log.info(
        {
          audit: 'admin',
          action: 'close-room',
          room: req.code,
          via: 'peer',
          result: reply.error?.code ?? 'ok',
        },
        'admin action',
      );
    ack(reply);
  });
  io.on('admin:kick', (req, ack) => {
    if (typeof ack !== 'function') return;
    if (!kickRequest.Check(req)) return ack({ handled: false });
    const reply = local.kick(req.code, req.playerId);
    if (reply.handled)
      log.info(
        {
          audit: 'admin',
          action: 'kick-player',
          room: req.code,
          player: req.playerId,
          via: 'peer',
          result: reply.error?.code ?? 'ok',
        },
        'admin action',
      );
    ack(reply);
  });
}
