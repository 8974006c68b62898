import type { FastifyBaseLogger } from 'fastify';
import type { RedisClientType } from 'redis';
import type { SharedConnectionCounts } from '../net/admission.js';
import { ADMIT_IP, RESERVE_SEAT, SET_IP_COUNT } from './cap-scripts.js';
import { IPS_KEY_PREFIX, NODES_KEY, NODE_TTL_MS, PLAYERS_KEY_PREFIX, ipsKey, playersKey } from './keys.js';

export interface CapsOptions {
  nodeId: string;
  /** Players (humans) admitted across all nodes. */
  maxPlayers: number;
  /** Sockets from one IP across all nodes; 0 = unlimited (no Redis call at all). */
  maxConnectionsPerIp: number;
  /** Humans seated (or holding a seat) on this node, exact. */
  localPlayers: () => number;
  /** This node's sockets per IP, exact (the connection gate's counter). */
  localIps: () => Iterable<readonly [string, number]>;
  log: FastifyBaseLogger;
}

/** A transaction of this node's Redis client (the heartbeat's). */
type Multi = ReturnType<RedisClientType['multi']>;

/** A seat counted under MAX_PLAYERS across nodes; `done()` once the player is seated (or the join failed). */
export interface SeatReservation {
  done(): void;
}

/** Least time between two warnings that the per-IP cap fell back to this node's own count, ms. */
const FALLBACK_WARN_EVERY_MS = 5000;

/**
 * MAX_PLAYERS and MAX_CONNECTIONS_PER_IP across the nodes of a cluster, counted in Redis off the hot
 * path: one script call when a socket connects or a player takes a seat, one when a socket disconnects,
 * and a renewal with the heartbeat. Nothing per input or per tick.
 *
 * Each node publishes its own counts under keys that expire with its record (`NODE_TTL_MS`), so a node
 * that dies takes its players and sockets out of every total by itself. An admission adds up the other
 * nodes' counts and writes this node's new one in one atomic script, so admissions racing on different
 * nodes cannot both take the last slot; this node's own share is always its exact local count.
 *
 * Where it is not exact (all on the safe side but the last two): a player who leaves frees the seat for
 * the other nodes at this node's next heartbeat (up to `HEARTBEAT_MS` later); a reservation whose join
 * then fails is counted until that heartbeat too; a dead node's counts stay until its keys expire; while
 * Redis is away, sockets are admitted on this node's own count (a per-node cap) and published in full
 * when Redis is back; and right after a Redis restart, until every node's first heartbeat has published
 * its counts again (within a second), an admission sees only the nodes that already did.
 */
export class ClusterCaps implements SharedConnectionCounts {
  /** Seats reserved in Redis but not yet taken here (their joins are between the script and the room). */
  private pendingSeats = 0;
  /** This node's IP hash in Redis may differ from its counter: rewrite it whole at the next heartbeat. */
  private ipsStale = true;
  private lastFallbackWarn = 0;

  constructor(
    private readonly client: RedisClientType,
    private readonly opts: CapsOptions,
  ) {}

  /**
   * May `ip` hold `localCount` sockets on this node (the new one included) given the other nodes' sockets
   * from it? On yes, this node's count is published in the same step. Redis unreachable: yes, on this
   * node's count alone (a game must not lock out reconnecting players because Redis blinked).
   */
  async admit(ip: string, localCount: number): Promise<boolean> {
    const cap = this.opts.maxConnectionsPerIp;
    if (cap <= 0) return true;
    if (!this.client.isReady) return this.fallBack();
    try {
      const [admitted] = (await this.client.eval(ADMIT_IP, {
        keys: [NODES_KEY],
        arguments: [
          this.opts.nodeId,
          ip,
          String(localCount),
          String(cap),
          String(NODE_TTL_MS),
          IPS_KEY_PREFIX,
        ],
      })) as [number, number];
      return admitted === 1;
    } catch {
      return this.fallBack();
    }
  }

  /** This node now holds `localCount` sockets from `ip` (a disconnect, or a refusal after a local count). */
  publish(ip: string, localCount: number): void {
    if (this.opts.maxConnectionsPerIp <= 0) return;
    if (!this.client.isReady) {
      this.ipsStale = true;
      return;
    }
    this.client
      .eval(SET_IP_COUNT, {
        keys: [ipsKey(this.opts.nodeId)],
        arguments: [ip, String(localCount), String(NODE_TTL_MS)],
      })
      .catch(() => {
        this.ipsStale = true;
      });
  }

  /**
   * Count one more player on this node if the cluster has room under MAX_PLAYERS: null when full. Throws
   * when Redis cannot be asked (the caller turns that into E_UNAVAILABLE, as for every directory request).
   */
  async reserveSeat(): Promise<SeatReservation | null> {
    this.pendingSeats += 1;
    let open = true;
    const reservation: SeatReservation = {
      done: () => {
        if (open) this.pendingSeats -= 1;
        open = false;
      },
    };
    try {
      const [admitted] = (await this.client.eval(RESERVE_SEAT, {
        keys: [NODES_KEY],
        arguments: [
          this.opts.nodeId,
          String(this.opts.localPlayers() + this.pendingSeats),
          String(this.opts.maxPlayers),
          String(NODE_TTL_MS),
          PLAYERS_KEY_PREFIX,
        ],
      })) as [number, number];
      if (admitted === 1) return reservation;
      reservation.done();
      return null;
    } catch (err) {
      reservation.done();
      throw err;
    }
  }

  /** Redis came back (maybe empty, after a restart): publish everything again at the next heartbeat. */
  markStale(): void {
    this.ipsStale = true;
  }

  /**
   * The heartbeat's share, added to the heartbeat's own MULTI (no extra round trip): this node's exact
   * player count (which also releases the seats of players who left) and its IP hash's TTL, or the whole
   * hash when it may be stale. Returns what to call if the MULTI fails.
   */
  addToHeartbeat(multi: Multi): () => void {
    const self = this.opts.nodeId;
    const players = this.opts.localPlayers() + this.pendingSeats;
    multi.set(playersKey(self), String(players), { expiration: { type: 'PX', value: NODE_TTL_MS } });
    const rewrite = this.ipsStale;
    if (rewrite) {
      const fields: Record<string, string> = {};
      for (const [ip, n] of this.opts.localIps()) if (n > 0) fields[ip] = String(n);
      multi.del(ipsKey(self));
      if (Object.keys(fields).length > 0) multi.hSet(ipsKey(self), fields);
      this.ipsStale = false;
    }
    multi.pExpire(ipsKey(self), NODE_TTL_MS);
    return () => {
      if (rewrite) this.ipsStale = true;
    };
  }

  /** Keys to delete when this node leaves the cluster. */
  ownKeys(): string[] {
    return [playersKey(this.opts.nodeId), ipsKey(this.opts.nodeId)];
  }

  private fallBack(): boolean {
    this.ipsStale = true;
    const now = Date.now();
    if (now - this.lastFallbackWarn >= FALLBACK_WARN_EVERY_MS) {
      this.lastFallbackWarn = now;
      this.opts.log.warn('Redis unreachable: the per-IP cap counts this node only until it is back');
    }
    return true;
  }
}
