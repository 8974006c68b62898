import { randomInt } from 'node:crypto';
import type { JoinedRoom } from '@tick-arena/common';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../../src/scale/cluster.js';
import { roomKey } from '../../src/scale/keys.js';
import { connect, request, type TestClient } from '../support/harness.js';
import { startNode, startRedis, type NodeProcess, type RedisProcess } from './support/processes.js';

describe('room codes across nodes', () => {
  let redis: RedisProcess;

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('never gives one code to two of 1,000 rooms claimed at once by 3 nodes, even from a tiny code space', async () => {
    const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
    const nodes = await Promise.all(
      ['n1', 'n2', 'n3'].map((nodeId) =>
        Cluster.connect({
          redisUrl: redis.url,
          nodeId,
          log,
          local: () => ({ players: 0, codes: [], publicRooms: [] }),
        }),
      ),
    );
    // 2,000 possible codes for 1,000 rooms: most claims near the end draw a taken code first, so the
    // atomic claim is what keeps them apart (the real space is 29^6).
    const SPACE = 2000;
    let draws = 0;
    const candidate = () => {
      draws += 1;
      return `C${String(randomInt(SPACE)).padStart(5, '0')}`;
    };
    try {
      const claims = await Promise.all(
        Array.from({ length: 1000 }, async (_, i) => {
          const node = nodes[i % 3]!;
          return { code: await node.claimCode(candidate), nodeId: node.nodeId };
        }),
      );
      expect(new Set(claims.map((c) => c.code)).size).toBe(1000);
      expect(draws).toBeGreaterThan(1100);
      const r = createClient({ url: redis.url });
      await r.connect();
      try {
        const owners = await r.mGet(claims.map((c) => roomKey(c.code)));
        expect(owners).toEqual(claims.map((c) => c.nodeId));
      } finally {
        await r.close();
      }
    } finally {
      await Promise.all(nodes.map((n) => n.close()));
    }
  });

  describe('three server processes', () => {
    let procs: NodeProcess[] = [];
    const clients: TestClient[] = [];

    beforeAll(async () => {
      procs = await Promise.all(
        ['p1', 'p2', 'p3'].map((id) => startNode({ REDIS_URL: redis.url, NODE_ID: id, TICK_RATE: '10' })),
      );
    });

    afterAll(async () => {
      for (const c of clients) c.disconnect();
      await Promise.all(procs.map((p) => p.stop()));
    });

    it('create rooms under distinct codes, each in the directory under the node that made it', async () => {
      const PER_NODE = 30;
      const made = await Promise.all(
        procs.flatMap((p, n) =>
          Array.from({ length: PER_NODE }, async () => {
            const c = await connect(p.url);
            clients.push(c);
            const res = await request<JoinedRoom>(c, 'room:create', {
              name: 'Maker',
              public: false,
              maxPlayers: 2,
              tickRate: 10,
              bots: 0,
            });
            if (!res.ok) throw new Error(res.error.message);
            return { code: res.data.room.code, nodeId: `p${n + 1}` };
          }),
        ),
      );
      expect(new Set(made.map((m) => m.code)).size).toBe(3 * PER_NODE);
      const r = createClient({ url: redis.url });
      await r.connect();
      try {
        expect(await r.mGet(made.map((m) => roomKey(m.code)))).toEqual(made.map((m) => m.nodeId));
      } finally {
        await r.close();
      }
    });
  });
});
