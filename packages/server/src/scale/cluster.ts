import type { RoomInfo } from '@tick-arena/common';
import { createAdapter } from '@socket.io/redis-adapter';
import type { FastifyBaseLogger } from 'fastify';
import { createClient, type RedisClientType } from 'redis';
import type { ServerOptions } from 'socket.io';
import { ClusterCaps } from './cluster-caps.js';
import { CLAIM_ROOMS, RELEASE_ROOMS } from './directory-scripts.js';
import { ADAPTER_KEY, HEARTBEAT_MS, NODES_KEY, NODE_TTL_MS, nodeKey, roomKey } from './keys.js';
import { parseNodeRecord, type NodeRecord, type PlacedRoom } from './node-record.js';

/** What this node has right now, read by each heartbeat from the room manager (never from a tick). */
export interface LocalState {
  players: number;
  /** Codes of every room on this node (private ones too: they are in the directory). */
  codes: string[];
  publicRooms: RoomInfo[];
}

export interface ClusterOptions {
  redisUrl: string;
  nodeId: string;
  log: FastifyBaseLogger;
  local: () => LocalState;
  /** Longest wait for Redis at start, ms: a node that cannot reach it refuses to start. @default 5000 */
  connectTimeoutMs?: number;
  /** Players admitted across all nodes (MAX_PLAYERS). @default unlimited */
  maxPlayers?: number;
  /** Sockets from one IP across all nodes (MAX_CONNECTIONS_PER_IP); 0 = unlimited. @default 0 */
  maxConnectionsPerIp?: number;
  /** This node's sockets per IP (the connection gate's counter). @default none */
  localIps?: () => Iterable<readonly [string, number]>;
}

/** Least time between two reads of the registry prompted by an unknown Origin, ms. */
const ORIGIN_REFRESH_MS = 1000;

/** How long a reconnecting client waits between attempts, ms: short, so a restarted Redis is found fast. */
const RECONNECT_MAX_DELAY_MS = 500;

/**
 * This node's membership of a cluster that shares one Redis: the node registry (a record with a TTL,
 * renewed by a heartbeat), the room directory (code -> node id, unique across nodes) and the socket.io
 * Redis adapter for messages between nodes.
 *
 * Redis is off the hot path: inputs and ticks never call it. It is read and written by the heartbeat and
 * by room requests (create, join, quick play, resume, list). While Redis is away, rooms keep running;
 * requests that need the directory fail with a coded error, `/readyz` says not ready, and the first
 * heartbeat after the client reconnects registers the node and its rooms again.
 */
export class Cluster {
  private url = '';
  private timer: ReturnType<typeof setInterval> | null = null;
  private draining = false;
  /**
   * Players on the other live nodes at the last heartbeat: quick play's early "full" answer before it sends
   * a player elsewhere. The seat itself is counted exactly, by `caps.reserveSeat`.
   */
  private othersPlayers = 0;
  /** Origins of the other live nodes, so a page served by one may open a socket to another. */
  private nodeOrigins = new Set<string>();
  /** When the registry was last read for `isNodeOrigin` outside a heartbeat (Date.now() ms). */
  private originsReadAt = 0;
  /** MAX_PLAYERS and the per-IP cap across nodes. */
  readonly caps: ClusterCaps;

  private constructor(
    private readonly opts: ClusterOptions,
    private readonly client: RedisClientType,
    private readonly adapterClients: [RedisClientType, RedisClientType],
  ) {
    this.caps = new ClusterCaps(client, {
      nodeId: opts.nodeId,
      maxPlayers: opts.maxPlayers ?? Number.MAX_SAFE_INTEGER,
      maxConnectionsPerIp: opts.maxConnectionsPerIp ?? 0,
      localPlayers: () => opts.local().players,
      localIps: opts.localIps ?? (() => []),
      log: opts.log,
    });
    client.on('ready', () => {
      opts.log.info('redis ready');
      this.caps.markStale();
      // After a Redis restart the registry is empty: register again now rather than at the next beat.
      if (this.timer) void this.heartbeat();
    });
  }

  /** Connect to Redis (bounded by `connectTimeoutMs`) and prepare the adapter. Does not register yet. */
  static async connect(opts: ClusterOptions): Promise<Cluster> {
    const make = (offlineQueue: boolean): RedisClientType => {
      const c: RedisClientType = createClient({
        url: opts.redisUrl,
        // Fail directory requests at once while Redis is away instead of queueing them for later.
        disableOfflineQueue: !offlineQueue,
        socket: {
          connectTimeout: opts.connectTimeoutMs ?? 5000,
          reconnectStrategy: (retries: number) => Math.min(50 * (retries + 1), RECONNECT_MAX_DELAY_MS),
        },
      });
      // Without a listener an 'error' event would crash the process; the client reconnects by itself.
      let lastLog = 0;
      c.on('error', (err: unknown) => {
        const now = Date.now();
        if (now - lastLog < 5000) return;
        lastLog = now;
        opts.log.warn({ err: (err as Error).message }, 'redis connection problem; reconnecting');
      });
      return c;
    };
    const client = make(false);
    const pub = make(true);
    const sub = make(true);
    const deadline = opts.connectTimeoutMs ?? 5000;
    try {
      await withTimeout(
        Promise.all([client.connect(), pub.connect(), sub.connect()]),
        deadline,
        () => new Error(`cannot reach Redis at ${redactUrl(opts.redisUrl)} within ${deadline} ms`),
      );
    } catch (err) {
      // No client may go on reconnecting in the background of a node that failed to start.
      for (const c of [client, pub, sub]) if (c.isOpen) c.destroy();
      throw err;
    }
    return new Cluster(opts, client, [pub, sub]);
  }

  get nodeId(): string {
    return this.opts.nodeId;
  }

  /** Redis answers (the client is connected and ready). */
  get redisReady(): boolean {
    return this.client.isReady;
  }

  /** The socket.io adapter: broadcasts and server-side emits reach sockets on every node. */
  adapter(): NonNullable<ServerOptions['adapter']> {
    const [pub, sub] = this.adapterClients;
    return createAdapter(pub, sub, { key: ADAPTER_KEY }) as unknown as NonNullable<ServerOptions['adapter']>;
  }

  /** Start registering as `url` (known once listening): one heartbeat now, then every HEARTBEAT_MS. */
  async start(url: string): Promise<void> {
    this.url = url;
    this.timer = setInterval(() => void this.heartbeat(), HEARTBEAT_MS);
    this.timer.unref();
    await this.heartbeat();
    this.opts.log.info({ nodeId: this.nodeId, url }, 'registered in the cluster');
  }

  /**
   * Write this node's record now rather than at the next heartbeat (its public rooms changed, and other
   * nodes' lobbies are about to re-read it): one SET, none of the heartbeat's other work.
   */
  async refreshRecord(): Promise<void> {
    if (!this.timer || this.draining || !this.client.isReady) return;
    await this.client.set(nodeKey(this.nodeId), JSON.stringify(this.record(this.opts.local())), {
      expiration: { type: 'PX', value: NODE_TTL_MS },
    });
  }

  /** Players on the whole cluster as far as this node knows: exact here, a heartbeat old elsewhere. */
  clusterPlayers(localPlayers: number): number {
    return localPlayers + this.othersPlayers;
  }

  /**
   * True when `origin` is the public URL of a live node (so its pages may open sockets here). An origin not
   * seen at the last heartbeat (a node that has just started) triggers one fresh read of the registry, at
   * most once a second, so a flood of foreign origins cannot turn into a flood of Redis reads.
   */
  async isNodeOrigin(origin: string): Promise<boolean> {
    if (this.nodeOrigins.has(origin)) return true;
    const now = Date.now();
    if (now - this.originsReadAt < ORIGIN_REFRESH_MS || !this.client.isReady) return false;
    this.originsReadAt = now;
    try {
      this.learnOthers(await this.nodes());
    } catch {
      return false;
    }
    return this.nodeOrigins.has(origin);
  }

  /**
   * A code for a new room that no node holds, claimed for this node in the same atomic step.
   * `candidate` draws a code not used on this node.
   */
  async claimCode(candidate: () => string): Promise<string> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const code = candidate();
      // Strictly NX, not the renewing claim: two requests of this very node may draw the same code.
      const set = await this.client.set(roomKey(code), this.nodeId, {
        condition: 'NX',
        expiration: { type: 'PX', value: NODE_TTL_MS },
      });
      if (set === 'OK') return code;
    }
    throw new Error('could not claim a free room code');
  }

  /** Take a room out of the directory (it closed). Best effort: its entry would expire anyway. */
  release(code: string): void {
    if (!this.client.isReady) return;
    this.client
      .eval(RELEASE_ROOMS, { keys: [roomKey(code)], arguments: [this.nodeId] })
      .catch((err: unknown) => this.opts.log.warn({ err, code }, 'could not release room code'));
  }

  /**
   * Where room `code` lives if not here: the owner's public URL, or null when no live node holds it
   * (including this one: the caller checks its own rooms first).
   */
  async locate(code: string): Promise<string | null> {
    const owner = await this.client.get(roomKey(code));
    if (owner === null || owner === this.nodeId) return null;
    const record = parseNodeRecord(await this.client.get(nodeKey(owner)));
    return record?.url ?? null;
  }

  /** Every live node's record, this one's included (as of its last heartbeat). */
  async nodes(): Promise<NodeRecord[]> {
    const ids = await this.client.sMembers(NODES_KEY);
    if (ids.length === 0) return [];
    const raws = await this.client.mGet(ids.map(nodeKey));
    const out: NodeRecord[] = [];
    const gone: string[] = [];
    ids.forEach((id, i) => {
      const r = parseNodeRecord(raws[i] ?? null);
      if (r) out.push(r);
      else gone.push(id);
    });
    if (gone.length > 0) await this.client.sRem(NODES_KEY, gone);
    return out;
  }

  /** The public rooms of the other nodes, with where each lives. */
  async remotePublicRooms(): Promise<PlacedRoom[]> {
    const out: PlacedRoom[] = [];
    for (const n of await this.nodes()) {
      if (n.id === this.nodeId) continue;
      for (const room of n.publicRooms) out.push({ room, nodeId: n.id, url: n.url });
    }
    return out;
  }

  /** Stop being a member: no more heartbeats, record and room entries removed. First step of shutdown. */
  async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (!this.client.isReady) return;
    try {
      const keys = this.opts.local().codes.map(roomKey);
      await this.client
        .multi()
        .del([nodeKey(this.nodeId), ...this.caps.ownKeys()])
        .sRem(NODES_KEY, this.nodeId)
        .exec();
      if (keys.length > 0) await this.client.eval(RELEASE_ROOMS, { keys, arguments: [this.nodeId] });
      this.opts.log.info({ nodeId: this.nodeId }, 'left the cluster');
    } catch (err) {
      this.opts.log.warn({ err }, 'could not deregister; the record expires by itself');
    }
  }

  /** Close the Redis connections (after socket.io has closed). */
  async close(): Promise<void> {
    await this.drain();
    for (const c of [this.client, ...this.adapterClients]) {
      if (c.isOpen) await c.close().catch(() => c.destroy());
    }
  }

  /**
   * Renew this node's record and every one of its room entries (one round trip), then read the others'
   * load. A room whose code another node took while Redis was empty (after a restart) is logged: it keeps
   * running for its players, but joins by code go to the other node.
   */
  private async heartbeat(): Promise<void> {
    if (this.draining || !this.client.isReady) return;
    const local = this.opts.local();
    const record = this.record(local);
    const multi = this.client
      .multi()
      .set(nodeKey(this.nodeId), JSON.stringify(record), { expiration: { type: 'PX', value: NODE_TTL_MS } })
      .sAdd(NODES_KEY, this.nodeId);
    const capsFailed = this.caps.addToHeartbeat(multi);
    try {
      await multi.exec().catch((err: unknown) => {
        capsFailed();
        throw err;
      });
      const lost = await this.claim(local.codes);
      if (lost.length > 0) this.opts.log.warn({ codes: lost }, 'room codes held by another node');
      this.learnOthers(await this.nodes());
    } catch (err) {
      this.opts.log.warn({ err: (err as Error).message }, 'heartbeat failed');
    }
  }

  private record(local: LocalState): NodeRecord {
    return {
      id: this.nodeId,
      url: this.url,
      players: local.players,
      rooms: local.codes.length,
      publicRooms: local.publicRooms,
    };
  }

  /** Remember the other nodes' load and origins from a read of the registry. */
  private learnOthers(nodes: readonly NodeRecord[]): void {
    let others = 0;
    const origins = new Set<string>();
    for (const n of nodes) {
      if (n.id === this.nodeId) continue;
      others += n.players;
      try {
        origins.add(new URL(n.url).origin);
      } catch {
        // A node without a usable URL simply is not an allowed origin.
      }
    }
    this.othersPlayers = others;
    this.nodeOrigins = origins;
  }

  /** Claim or renew codes for this node; returns the codes another node holds. */
  private async claim(codes: string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const lost = (await this.client.eval(CLAIM_ROOMS, {
      keys: codes.map(roomKey),
      arguments: [this.nodeId, String(NODE_TTL_MS)],
    })) as number[];
    return lost.map((i) => codes[i - 1] ?? '');
  }
}

/** The URL without its password, for logs. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}

async function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
