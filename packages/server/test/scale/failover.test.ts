import type { JoinedRoom } from '@tick-arena/common';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeKey, roomKey } from '../../src/scale/keys.js';
import { connect, onSnapshot, request, type TestClient } from '../support/harness.js';
import { startNode, startRedis, until, type NodeProcess, type RedisProcess } from './support/processes.js';

/** Every tick number a client saw, to check that none was skipped. */
function recordTicks(socket: TestClient): number[] {
  const ticks: number[] = [];
  onSnapshot(socket, (s) => ticks.push(s.t));
  return ticks;
}

/** The longest run of tick numbers missing between two ticks a client received. */
function longestHole(ticks: readonly number[]): number {
  let hole = 0;
  for (let i = 1; i < ticks.length; i++) hole = Math.max(hole, (ticks[i] ?? 0) - (ticks[i - 1] ?? 0) - 1);
  return hole;
}

/**
 * A room that stopped, even for a moment, would leave a hole as long as the stop. A short hole is not a
 * stop: after a late timer (2 shared, noisy cores) the server sends each client only the newest tick and
 * skips the superseded ones (net/replication.ts), so a few numbers may be missing on a busy machine. Half a
 * second at 30 Hz tells the two apart.
 */
const MAX_HOLE_TICKS = 15;

const readyz = async (url: string) => (await fetch(`${url}/readyz`)).status;

/**
 * Two nodes with a live room each, then the failures the cluster must ride out: Redis restarting (empty,
 * no persistence) and a node dying without a word. Rooms tick on throughout; the directory recovers.
 */
describe('a cluster when Redis restarts and a node dies', () => {
  let redis: RedisProcess;
  let a: NodeProcess;
  let b: NodeProcess;
  const clients: TestClient[] = [];
  const inspector = () => createClient({ url: redis.url });

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([
      startNode({ REDIS_URL: redis.url, NODE_ID: 'fail-a' }),
      startNode({ REDIS_URL: redis.url, NODE_ID: 'fail-b' }),
    ]);
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  const roomOn = async (node: NodeProcess) => {
    const c = await connect(node.url);
    clients.push(c);
    const ticks = recordTicks(c);
    const made = await request<JoinedRoom>(c, 'room:create', {
      name: 'P',
      public: true,
      maxPlayers: 4,
      tickRate: 30,
      bots: 1,
    });
    if (!made.ok) throw new Error(made.error.message);
    return { code: made.data.room.code, ticks };
  };

  it('keeps rooms ticking through a Redis restart, goes not-ready meanwhile and re-registers after', async () => {
    const roomA = await roomOn(a);
    const roomB = await roomOn(b);
    await until(async () => (roomA.ticks.length > 10 && roomB.ticks.length > 10 ? true : undefined), 'ticks');

    const port = redis.port;
    await redis.stop();
    expect(await until(async () => ((await readyz(a.url)) === 503 ? 503 : undefined), 'A not ready')).toBe(
      503,
    );
    const body = (await (await fetch(`${b.url}/readyz`)).json()) as { reason?: string };
    expect(body.reason).toBe('redis unreachable');
    // Half a second without Redis: both rooms tick on.
    const away = { a: roomA.ticks.length, b: roomB.ticks.length };
    await until(
      async () => (roomA.ticks.length > away.a + 15 && roomB.ticks.length > away.b + 15 ? true : undefined),
      'ticks while Redis is away',
    );
    expect(await readyz(a.url)).toBe(503);

    redis = await startRedis(port);
    const r = inspector();
    await r.connect();
    try {
      // The new Redis is empty: each node registers itself and its room again within seconds.
      await until(async () => ((await readyz(a.url)) === 200 ? true : undefined), 'A ready again', 10_000);
      await until(async () => ((await readyz(b.url)) === 200 ? true : undefined), 'B ready again', 10_000);
      await until(
        async () =>
          (await r.get(roomKey(roomA.code))) === 'fail-a' && (await r.get(roomKey(roomB.code))) === 'fail-b'
            ? true
            : undefined,
        'both rooms back in the directory',
        10_000,
      );
      expect(await r.get(nodeKey('fail-a'))).not.toBeNull();
    } finally {
      await r.close();
    }
    // Neither room noticed: ticks kept coming with no stop.
    console.log(
      `Redis restart: ${roomA.ticks.length} + ${roomB.ticks.length} ticks received, longest holes ` +
        `${longestHole(roomA.ticks)} and ${longestHole(roomB.ticks)} ticks`,
    );
    expect(longestHole(roomA.ticks)).toBeLessThanOrEqual(MAX_HOLE_TICKS);
    expect(longestHole(roomB.ticks)).toBeLessThanOrEqual(MAX_HOLE_TICKS);
  });

  it("removes a SIGKILLed node's rooms from the directory within 10 s; the other node's room keeps ticking", async () => {
    const roomA = await roomOn(a);
    const roomB = await roomOn(b);
    const r = inspector();
    await r.connect();
    try {
      await until(async () => ((await r.get(roomKey(roomB.code))) === 'fail-b' ? true : undefined), 'B room');
      const killedAt = performance.now();
      await b.kill();
      await until(
        async () => ((await r.get(roomKey(roomB.code))) === null ? true : undefined),
        'B room gone',
      );
      const goneAfterMs = performance.now() - killedAt;
      await until(
        async () => ((await r.get(nodeKey('fail-b'))) === null ? true : undefined),
        'B record gone',
      );
      console.log(`SIGKILL: the dead node's room left the directory after ${Math.round(goneAfterMs)} ms`);
      expect(goneAfterMs).toBeLessThan(10_000);
      expect(await r.get(roomKey(roomA.code))).toBe('fail-a');
    } finally {
      await r.close();
    }
    const seen = roomA.ticks.length;
    await until(async () => (roomA.ticks.length > seen + 5 ? true : undefined), 'A still ticking');
    expect(longestHole(roomA.ticks)).toBeLessThanOrEqual(MAX_HOLE_TICKS);
  });
});
