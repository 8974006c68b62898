import { ErrorCode, type AckResult, type JoinedRoom, type RoomInfo } from '@tick-arena/common';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NODES_KEY, nodeKey, roomKey } from '../../src/scale/keys.js';
import { ask, collectTicks, connect, drive, request, type TestClient } from '../support/harness.js';
import { startNode, startRedis, until, type NodeProcess, type RedisProcess } from './support/processes.js';

/**
 * Two server processes on one redis-server, all on loopback: a room lives on one node, the other node
 * answers a request for it with E_ROOM_ELSEWHERE and the owner's URL, and the client that follows it
 * plays there.
 */
describe('two nodes on one Redis', () => {
  let redis: RedisProcess;
  let a: NodeProcess;
  let b: NodeProcess;
  const clients: TestClient[] = [];

  const client = async (url: string) => {
    const c = await connect(url);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([
      startNode({ REDIS_URL: redis.url, NODE_ID: 'node-a' }),
      startNode({ REDIS_URL: redis.url, NODE_ID: 'node-b' }),
    ]);
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('reports ready on /readyz with the node id', async () => {
    const res = await fetch(`${a.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', node: 'node-a' });
  });

  it('sends a join by code made on node B to node A, and following the URL joins the room', async () => {
    const host = await client(a.url);
    const made = await request<JoinedRoom>(host, 'room:create', {
      name: 'Host',
      public: false,
      maxPlayers: 4,
      tickRate: 30,
      bots: 0,
    });
    if (!made.ok) throw new Error(made.error.message);
    const code = made.data.room.code;

    const guest = await client(b.url);
    const wrong = await request<JoinedRoom>(guest, 'room:join', { code, name: 'Guest' });
    expect(wrong.ok).toBe(false);
    if (wrong.ok) return;
    expect(wrong.error).toMatchObject({ code: ErrorCode.ROOM_ELSEWHERE, url: a.url });

    const followed = await client(wrong.error.url ?? '');
    const joined = await request<JoinedRoom>(followed, 'room:join', { code, name: 'Guest' });
    expect(joined.ok && joined.data.room.code).toBe(code);
    const [tick] = await collectTicks(followed, 1);
    expect(tick?.players.length).toBe(2);

    // A held seat is resumed through the wrong node the same way: the token names its room.
    const resumeToken = made.data.resumeToken;
    const resumeHere = await request<JoinedRoom>(await client(b.url), 'room:resume', { token: resumeToken });
    expect(!resumeHere.ok && resumeHere.error).toMatchObject({ code: ErrorCode.ROOM_ELSEWHERE, url: a.url });

    // A code no node holds is still simply not found.
    const none = await request<JoinedRoom>(guest, 'room:join', { code: 'ZZZZZZ', name: 'Guest' });
    expect(!none.ok && none.error.code).toBe(ErrorCode.ROOM_NOT_FOUND);
  });

  it('lists and quick-plays public rooms across nodes: the second player is sent to the first one', async () => {
    const first = await client(a.url);
    const q1 = await request<JoinedRoom>(first, 'room:quickplay', { name: 'One' });
    if (!q1.ok) throw new Error(q1.error.message);
    const code = q1.data.room.code;

    // The lobby on node B shows node A's public room once A's heartbeat has published it.
    const viaB = await client(b.url);
    const listed = await until(
      async () => {
        const r = await ask<RoomInfo[]>(viaB, 'room:list');
        return r.ok && r.data.some((room) => room.code === code) ? r.data : undefined;
        // Room requests are budgeted at 2/s per socket (net/guard.ts): poll below that.
      },
      "node A's room in node B's lobby",
      15_000,
      600,
    );
    expect(listed.find((r) => r.code === code)?.public).toBe(true);

    const q2 = await request<JoinedRoom>(viaB, 'room:quickplay', { name: 'Two' });
    expect(!q2.ok && q2.error).toMatchObject({ code: ErrorCode.ROOM_ELSEWHERE, url: a.url });
    const second = await client(a.url);
    const q2there: AckResult<JoinedRoom> = await request<JoinedRoom>(second, 'room:quickplay', {
      name: 'Two',
    });
    expect(q2there.ok && q2there.data.room.code).toBe(code);
  });

  it('keeps Redis off the hot path: two players sending inputs for 90 ticks cost no Redis commands beyond the heartbeats', async () => {
    const host = await client(a.url);
    const made = await request<JoinedRoom>(host, 'room:create', {
      name: 'Hot',
      public: true,
      maxPlayers: 2,
      tickRate: 30,
      bots: 0,
    });
    if (!made.ok) throw new Error(made.error.message);
    const guest = await client(a.url);
    const joined = await request<JoinedRoom>(guest, 'room:join', { code: made.data.room.code, name: 'Hot2' });
    expect(joined.ok).toBe(true);

    const r = createClient({ url: redis.url });
    await r.connect();
    const processed = async () => Number(/total_commands_processed:(\d+)/.exec(await r.info('stats'))?.[1]);
    try {
      const before = await processed();
      const started = performance.now();
      await Promise.all([drive(host, 90, 1, { mx: 1, my: 0 }), drive(guest, 90, 1, { mx: -1, my: 0 })]);
      const seconds = (performance.now() - started) / 1000;
      const used = (await processed()) - before - 1;
      // What remains is the two nodes' heartbeats, about 9 commands per node every HEARTBEAT_MS (2 s):
      // MULTI, the record, the node set, the player count, the IP hash's TTL, EXEC; the directory renewal;
      // the registry read (SMEMBERS, MGET).
      const heartbeatBound = Math.ceil(seconds / 2 + 1) * 2 * 10;
      console.log(
        `hot path: ${used} Redis commands in ${seconds.toFixed(1)} s for 2 players x 90 inputs and ticks ` +
          `(heartbeats allow ${heartbeatBound})`,
      );
      expect(used).toBeLessThanOrEqual(heartbeatBound);
    } finally {
      await r.close();
    }
  });

  it('leaves the registry and the directory first when stopped gracefully, not a TTL later', async () => {
    const c = await client(b.url);
    const made = await request<JoinedRoom>(c, 'room:create', {
      name: 'Last',
      public: true,
      maxPlayers: 2,
      tickRate: 30,
      bots: 0,
    });
    if (!made.ok) throw new Error(made.error.message);
    const r = createClient({ url: redis.url });
    await r.connect();
    try {
      expect(await r.get(roomKey(made.data.room.code))).toBe('node-b');
      await b.stop();
      // The process has exited: what it removed on the way out is gone now, long before NODE_TTL_MS.
      expect(await r.get(nodeKey('node-b'))).toBeNull();
      expect(await r.get(roomKey(made.data.room.code))).toBeNull();
      expect(await r.sIsMember(NODES_KEY, 'node-b')).toBe(0);
      expect(await r.get(nodeKey('node-a'))).not.toBeNull();
    } finally {
      await r.close();
    }
  });
});
