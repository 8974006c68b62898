import { CloseReason, ErrorCode, type AdminNode, type AdminRoom, type JoinedRoom } from '@tick-arena/common';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomKey } from '../../src/scale/keys.js';
import { collectTicks, connect, createRoom, request, type TestClient } from '../support/harness.js';
import { startNode, startRedis, until, type NodeProcess, type RedisProcess } from './support/processes.js';

const TOKEN = 'cluster-admin-token-0123456789';

/**
 * The admin page of one node acts on rooms of another: two server processes on one redis-server, node A
 * with ADMIN_TOKEN, node B without (it serves no admin page, but answers A's requests over the adapter).
 */
describe('admin actions across nodes', () => {
  let redis: RedisProcess;
  let a: NodeProcess;
  let b: NodeProcess;
  const clients: TestClient[] = [];

  const client = async (url: string) => {
    const c = await connect(url);
    clients.push(c);
    return c;
  };
  const api = async (path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${a.url}/admin/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const rooms = async () => {
    const { status, body } = await api('/rooms');
    expect(status).toBe(200);
    expect(body.complete).toBe(true);
    return body.rooms as AdminRoom[];
  };

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([
      startNode({ REDIS_URL: redis.url, NODE_ID: 'node-a', ADMIN_TOKEN: TOKEN }),
      startNode({ REDIS_URL: redis.url, NODE_ID: 'node-b' }),
    ]);
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('serves the admin page only on the node with the token', async () => {
    expect((await fetch(`${a.url}/admin`)).status).toBe(200);
    expect((await fetch(`${b.url}/admin`)).status).toBe(404);
    expect(
      (await fetch(`${b.url}/admin/api/rooms`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(404);
  });

  it('lists both nodes from the registry and the rooms of both, with the node that runs each', async () => {
    const onA = await request<JoinedRoom>(await client(a.url), 'room:create', {
      name: 'OnA',
      public: false,
      maxPlayers: 4,
      tickRate: 30,
      bots: 1,
    });
    const onB = await request<JoinedRoom>(await client(b.url), 'room:create', {
      name: 'OnB',
      public: true,
      maxPlayers: 4,
      tickRate: 20,
      bots: 0,
    });
    if (!onA.ok || !onB.ok) throw new Error('could not create the rooms');

    const { body } = await api('/nodes');
    const nodes = body.nodes as AdminNode[];
    expect(nodes.map((n) => [n.id, n.self, n.url])).toEqual([
      ['node-a', true, a.url],
      ['node-b', false, b.url],
    ]);

    const listed = await rooms();
    expect(listed.find((r) => r.code === onA.data.room.code)).toMatchObject({
      node: 'node-a',
      bots: 1,
      humans: [{ name: 'OnA' }],
    });
    // Figures of a room on another node are that node's own, fetched over the adapter when asked.
    expect(listed.find((r) => r.code === onB.data.room.code)).toMatchObject({
      node: 'node-b',
      tickRate: 20,
      public: true,
      humans: [{ name: 'OnB', connected: true }],
    });
  });

  it("kicks a player from node B's room through node A: told, and no resume on any node", async () => {
    const host = await client(b.url);
    const code = await createRoom(host, { name: 'Host', public: false });
    const guest = await client(b.url);
    const joined = await request<JoinedRoom>(guest, 'room:join', { code, name: 'Guest' });
    if (!joined.ok) throw new Error(joined.error.message);

    const notice = new Promise<{ reason: string }>((resolve) => guest.once('kicked', resolve));
    const kicked = await api(`/rooms/${code}/kick`, 'POST', { playerId: joined.data.playerId });
    expect(kicked).toEqual({
      status: 200,
      body: { result: 'kicked', room: code, player: joined.data.playerId, node: 'node-b' },
    });
    expect((await notice).reason).toBe(CloseReason.KICKED);
    for (const url of [b.url, a.url]) {
      const resume = await request<JoinedRoom>(await client(url), 'room:resume', {
        token: joined.data.resumeToken,
      });
      expect(!resume.ok && resume.error.code, url).toBe(
        url === b.url ? ErrorCode.BAD_RESUME_TOKEN : ErrorCode.ROOM_ELSEWHERE,
      );
    }
    expect((await rooms()).find((r) => r.code === code)?.humans.map((h) => h.name)).toEqual(['Host']);

    // A player the room does not have: node B's coded answer comes back through node A.
    const again = await api(`/rooms/${code}/kick`, 'POST', { playerId: joined.data.playerId });
    expect(again.status).toBe(404);
    expect(again.body.error).toMatchObject({ code: ErrorCode.PLAYER_NOT_FOUND });
  });

  it("closes node B's room through node A: its players are told, its code leaves the directory", async () => {
    const host = await client(b.url);
    const code = await createRoom(host, { name: 'Closing' });
    await collectTicks(host, 2);
    const r = createClient({ url: redis.url });
    await r.connect();
    try {
      expect(await r.get(roomKey(code))).toBe('node-b');
      const notice = new Promise<{ reason: string; message: string }>((resolve) =>
        host.once('kicked', resolve),
      );
      const closed = await api(`/rooms/${code}/close`, 'POST');
      expect(closed).toEqual({ status: 200, body: { result: 'closed', room: code, node: 'node-b' } });
      expect(await notice).toMatchObject({ reason: CloseReason.ADMIN_CLOSED });
      expect((await rooms()).map((x) => x.code)).not.toContain(code);
      await until(
        async () => ((await r.get(roomKey(code))) === null ? true : undefined),
        'the code released',
      );
    } finally {
      await r.close();
    }
    const join = await request<JoinedRoom>(await client(a.url), 'room:join', { code, name: 'Late' });
    expect(!join.ok && join.error.code).toBe(ErrorCode.ROOM_NOT_FOUND);

    // No node has it any more: a second close is a 404 once every node has said so.
    const missing = await api(`/rooms/${code}/close`, 'POST');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: ErrorCode.ROOM_NOT_FOUND });
  });
});
