import type { JoinedRoom, RoomInfo } from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEARTBEAT_MS } from '../../src/scale/keys.js';
import { ask, connect, request, startServer, validCreate, type TestClient } from '../support/harness.js';
import { startRedis, type RedisProcess } from './support/processes.js';

/** The first lobby push on `socket` that satisfies `pred`, with the time it took to arrive. */
function pushWhere(
  socket: TestClient,
  pred: (rooms: RoomInfo[]) => boolean,
): Promise<{ rooms: RoomInfo[]; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const on = (rooms: RoomInfo[]) => {
      if (!pred(rooms)) return;
      socket.off('lobby:rooms', on);
      resolve({ rooms, ms: performance.now() - started });
    };
    socket.on('lobby:rooms', on);
  });
}

/**
 * Two nodes (in this process) on one real redis-server: a lobby watcher on node A is pushed a room made on
 * node B. Node B renews its record at once and says so through the socket.io adapter; node A re-reads the
 * directory and pushes.
 */
describe('live lobby across two nodes (real Redis)', () => {
  let redis: RedisProcess;
  let a: { app: FastifyInstance; url: string };
  let b: { app: FastifyInstance; url: string };
  const clients: TestClient[] = [];
  const client = async (url: string) => {
    const c = await connect(url);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startRedis();
    a = await startServer({ REDIS_URL: redis.url, NODE_ID: 'lobby-a' });
    b = await startServer({ REDIS_URL: redis.url, NODE_ID: 'lobby-b' });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await a?.app.close();
    await b?.app.close();
    await redis?.stop();
  });

  it('pushes a public room made on node B to a watcher on node A, and its end too', async () => {
    const watcher = await client(a.url);
    expect(await ask<RoomInfo[]>(watcher, 'lobby:watch')).toMatchObject({ ok: true });

    const host = await client(b.url);
    let code = '';
    const listed = pushWhere(watcher, (rooms) => rooms.some((r) => r.code === code && r.players === 1));
    // The notice crosses the adapter (not a heartbeat that happened to come by).
    const noticed = new Promise<void>((resolve) => a.app.io.once('lobby:changed', () => resolve()));
    const made = await request<JoinedRoom>(host, 'room:create', { ...validCreate, name: 'OnB' });
    if (!made.ok) throw new Error(made.error.message);
    code = made.data.room.code;
    await noticed;
    const seen = await listed;
    console.log(
      `node B's room reached node A's lobby in ${seen.ms.toFixed(0)} ms (heartbeat ${HEARTBEAT_MS} ms)`,
    );

    const gone = pushWhere(watcher, (rooms) => !rooms.some((r) => r.code === code));
    await ask(host, 'room:leave');
    await gone;
  });
});
