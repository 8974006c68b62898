import { ErrorCode, type JoinedRoom } from '@tick-arena/common';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipsKey, playersKey } from '../../src/scale/keys.js';
import { createRoom, request, type TestClient } from '../support/harness.js';
import { connectFrom, tryConnect } from './support/clients.js';
import { startNode, startRedis, until, type NodeProcess, type RedisProcess } from './support/processes.js';

const MAX_PLAYERS = 4;
const MAX_CONNECTIONS_PER_IP = 3;

/**
 * MAX_PLAYERS and MAX_CONNECTIONS_PER_IP on two nodes sharing one redis-server: the caps hold for the
 * cluster as a whole, also when admissions race on both nodes at once, and a node that dies takes its
 * players and sockets out of the totals by itself. Clients of different IPs are played by different
 * loopback source addresses (127.0.0.0/8 is all this machine).
 */
describe('caps across two nodes on one Redis', () => {
  let redis: RedisProcess;
  let a: NodeProcess;
  let b: NodeProcess;
  const clients: TestClient[] = [];
  /** A fresh loopback address per player, so the per-IP cap never gets in the way of the player cap. */
  let nextPlayerAddress = 10;
  const player = async (url: string) => {
    const c = await connectFrom(url, { localAddress: `127.0.1.${nextPlayerAddress++}` });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startRedis();
    const env = {
      REDIS_URL: redis.url,
      MAX_PLAYERS: String(MAX_PLAYERS),
      MAX_CONNECTIONS_PER_IP: String(MAX_CONNECTIONS_PER_IP),
    };
    [a, b] = await Promise.all([
      startNode({ ...env, NODE_ID: 'caps-a' }),
      startNode({ ...env, NODE_ID: 'caps-b' }),
    ]);
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('holds the per-IP cap across nodes when one address opens sockets on both at once', async () => {
    const from = { localAddress: '127.0.0.5' };
    const open: TestClient[] = [];
    const outcomes = await Promise.all([a, b, a, b, a, b].map((node) => tryConnect(node.url, from, open)));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(MAX_CONNECTIONS_PER_IP);
    expect(outcomes.filter((o) => o === ErrorCode.TOO_MANY_CONNECTIONS)).toHaveLength(
      6 - MAX_CONNECTIONS_PER_IP,
    );
    // Another address is not affected.
    expect(await tryConnect(b.url, { localAddress: '127.0.0.6' }, open)).toBe('ok');

    // A socket that closes frees its slot for the whole cluster, whichever node it was on.
    open[0]?.disconnect();
    const reopened = await until(
      async () => ((await tryConnect(a.url, from, open)) === 'ok' ? true : undefined),
      'a slot freed by a disconnect',
    );
    expect(reopened).toBe(true);
    expect(await tryConnect(b.url, from, open)).toBe(ErrorCode.TOO_MANY_CONNECTIONS);
    for (const c of open) c.disconnect();
  });

  it('holds MAX_PLAYERS across nodes when joins race on both nodes', async () => {
    const create = async (url: string) => {
      return createRoom(await player(url), { name: 'Host', public: false, maxPlayers: 8 });
    };
    const [codeA, codeB] = await Promise.all([create(a.url), create(b.url)]);
    const guests = await Promise.all([a, b, a, b, a, b].map((node) => player(node.url)));
    const results = await Promise.all(
      guests.map((g, i) =>
        request<JoinedRoom>(g, 'room:join', { code: i % 2 === 0 ? codeA : codeB, name: `G${i}` }),
      ),
    );
    const seated = results.filter((r) => r.ok).length;
    const refused = results.flatMap((r) => (r.ok ? [] : [r.error]));
    console.log(`MAX_PLAYERS ${MAX_PLAYERS}: 2 hosts + ${seated} of 6 racing guests seated`);
    expect(seated).toBe(MAX_PLAYERS - 2);
    expect(refused).toHaveLength(6 - seated);
    for (const e of refused) {
      expect(e.code).toBe(ErrorCode.SERVER_FULL);
      expect(e.message).toMatch(/MAX_PLAYERS across all nodes/);
    }
    // Quick play and creating a room are refused as well, on either node.
    const late = await player(b.url);
    const q = await request<JoinedRoom>(late, 'room:quickplay', { name: 'Late' });
    expect(!q.ok && q.error.code).toBe(ErrorCode.SERVER_FULL);
  });

  it('publishes its counts again after a Redis restart, and the caps hold again', async () => {
    const from = { localAddress: '127.0.0.8' };
    const held: TestClient[] = [];
    for (let i = 0; i < 2; i++) expect(await tryConnect(a.url, from, held)).toBe('ok');
    /** What the two nodes have published: A's sockets from that address, each node's players. */
    const published = async () => {
      const r = createClient({ url: redis.url });
      await r.connect();
      try {
        const ipA = await r.hGet(ipsKey('caps-a'), '127.0.0.8');
        return `${ipA} ${await r.get(playersKey('caps-a'))} ${await r.get(playersKey('caps-b'))}`;
      } finally {
        await r.close();
      }
    };
    const before = await published();
    const [ips, playersA, playersB] = before.split(' ');
    expect(ips).toBe('2');
    expect(Number(playersA) + Number(playersB)).toBe(MAX_PLAYERS);

    const port = redis.port;
    await redis.stop();
    redis = await startRedis(port);
    // The new Redis is empty; each node's first heartbeat after reconnecting writes its counts in full.
    await until(async () => ((await published()) === before ? true : undefined), 'the counts republished');
    expect(await tryConnect(b.url, from, held)).toBe('ok');
    expect(await tryConnect(b.url, from, held)).toBe(ErrorCode.TOO_MANY_CONNECTIONS);
    for (const c of held) c.disconnect();
  });

  it("forgets a SIGKILLed node's players and sockets within 10 s", async () => {
    const r = createClient({ url: redis.url });
    await r.connect();
    try {
      // Node B holds sockets from one address (all of the cap) and players (from the test before).
      const from = { localAddress: '127.0.0.7' };
      const held: TestClient[] = [];
      for (let i = 0; i < MAX_CONNECTIONS_PER_IP; i++) expect(await tryConnect(b.url, from, held)).toBe('ok');
      expect(await tryConnect(a.url, from, held)).toBe(ErrorCode.TOO_MANY_CONNECTIONS);
      expect(Number(await r.get(playersKey('caps-b')))).toBeGreaterThan(0);
      expect(await r.hGet(ipsKey('caps-b'), '127.0.0.7')).toBe(String(MAX_CONNECTIONS_PER_IP));

      const host = await player(a.url);
      const room = await request<JoinedRoom>(host, 'room:create', {
        name: 'After',
        public: false,
        maxPlayers: 8,
        tickRate: 30,
        bots: 0,
      });
      expect(!room.ok && room.error.code).toBe(ErrorCode.SERVER_FULL);

      const killedAt = performance.now();
      await b.kill();
      await until(
        async () => ((await tryConnect(a.url, from, held)) === 'ok' ? true : undefined),
        'the dead node’s sockets forgotten',
        12_000,
        250,
      );
      const socketsAfterMs = performance.now() - killedAt;
      const made = await until(
        async () => {
          const res = await request<JoinedRoom>(host, 'room:create', {
            name: 'After',
            public: false,
            maxPlayers: 8,
            tickRate: 30,
            bots: 0,
          });
          return res.ok ? res : undefined;
        },
        'the dead node’s players forgotten',
        12_000,
        // Room requests are budgeted at 2/s per socket (net/guard.ts): poll below that.
        600,
      );
      const playersAfterMs = performance.now() - killedAt;
      console.log(
        `SIGKILL: sockets freed after ${Math.round(socketsAfterMs)} ms, seats after ${Math.round(playersAfterMs)} ms`,
      );
      expect(made.ok).toBe(true);
      expect(socketsAfterMs).toBeLessThan(10_000);
      expect(playersAfterMs).toBeLessThan(10_000);
      expect(await r.exists([playersKey('caps-b'), ipsKey('caps-b')])).toBe(0);
      for (const c of held) c.disconnect();
    } finally {
      await r.close();
    }
  });
});
