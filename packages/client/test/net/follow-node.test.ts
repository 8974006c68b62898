import { PROTOCOL_VERSION, binaryParser, type JoinedRoom } from '@tick-arena/common';
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameSocket } from '../../src/net/connection.js';
import { elsewhereUrl, followingRedirects } from '../../src/net/follow-node.js';
import { RequestError } from '../../src/net/request-error.js';
import { createRoom, joinRoom, listRooms, quickPlay } from '../../src/net/requests.js';
// Tests may reach into another package's source to run a real server; application code may not.
import { buildApp, loadConfig } from '../../../server/src/index.js';
import { startRedis, type RedisProcess } from '../../../server/test/scale/support/processes.js';

type FastifyInstance = Awaited<ReturnType<typeof buildApp>>;

/** The client's own socket setup (net/connection.ts) pointed at a URL, as a page served by that node. */
function pageSocket(url: string): GameSocket {
  return io(url, {
    auth: { protocol: PROTOCOL_VERSION },
    parser: binaryParser,
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
  });
}

async function startNode(redisUrl: string, nodeId: string): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp(
    loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR: '', REDIS_URL: redisUrl, NODE_ID: nodeId }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

describe('elsewhereUrl', () => {
  const elsewhere = (url: string) => new RequestError('E_ROOM_ELSEWHERE', 'elsewhere', url);

  it("keeps a node URL's origin and its query (routing by node behind one address), drops the path", () => {
    expect(elsewhereUrl(elsewhere('https://eu1.example.com'))).toBe('https://eu1.example.com');
    expect(elsewhereUrl(elsewhere('https://play.example.com/x?node=eu-1'))).toBe(
      'https://play.example.com?node=eu-1',
    );
  });

  it('ignores other errors and URLs that are not http(s)', () => {
    expect(elsewhereUrl(new RequestError('E_ROOM_NOT_FOUND', 'no', 'https://a.example'))).toBeNull();
    expect(elsewhereUrl(elsewhere('javascript:alert(1)'))).toBeNull();
    expect(elsewhereUrl(elsewhere('not a url'))).toBeNull();
    expect(elsewhereUrl(new Error('E_ROOM_ELSEWHERE'))).toBeNull();
  });
});

describe('following E_ROOM_ELSEWHERE to the node that runs the room', () => {
  let redis: RedisProcess;
  let a: { app: FastifyInstance; url: string };
  let b: { app: FastifyInstance; url: string };
  const sockets: GameSocket[] = [];
  const socket = (url: string) => {
    const s = pageSocket(url);
    sockets.push(s);
    return s;
  };

  beforeAll(async () => {
    redis = await startRedis();
    a = await startNode(redis.url, 'follow-a');
    b = await startNode(redis.url, 'follow-b');
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all([a?.app.close(), b?.app.close()]);
    await redis?.stop();
  });

  it('moves the socket of a page served by node B to node A and joins the room there', async () => {
    const host = socket(a.url);
    const made = await createRoom(host, {
      name: 'Host',
      public: false,
      maxPlayers: 4,
      tickRate: 30,
      bots: 0,
    });

    const guest = socket(b.url);
    const guestOnB = new Promise<string | undefined>((resolve) =>
      guest.once('connect', () => resolve(guest.id)),
    );
    const firstId = await guestOnB;
    const joined = await followingRedirects(guest, () =>
      joinRoom(guest, { code: made.room.code, name: 'Guest' }),
    );

    expect(joined.room.code).toBe(made.room.code);
    expect(joined.roster.map((r) => r.name).sort()).toEqual(['Guest', 'Host']);
    // Same socket object, new connection: to node A.
    expect(guest.connected).toBe(true);
    expect(guest.id).not.toBe(firstId);
    expect((guest.io as unknown as { uri: string }).uri).toBe(a.url);
  });

  it('hands back any other refusal unchanged, without moving', async () => {
    const s = socket(b.url);
    await expect(
      followingRedirects(s, () => joinRoom(s, { code: 'ZZZZZZ', name: 'Nobody' })),
    ).rejects.toMatchObject({ code: 'E_ROOM_NOT_FOUND' });
    expect((s.io as unknown as { uri: string }).uri).toBe(b.url);
  });

  it('quick play from node B lands in the public room of node A', async () => {
    const first = socket(a.url);
    const q1: JoinedRoom = await quickPlay(first, { name: 'One' });
    // Node A's heartbeat publishes its room to the lobby of every node (a heartbeat old, by design).
    const second = socket(b.url);
    for (let i = 0; !(await listRooms(second)).some((r) => r.code === q1.room.code); i++) {
      if (i > 20) throw new Error("node A's room never reached node B's lobby");
      // Room requests are budgeted at 2/s per socket: poll below that.
      await new Promise((r) => setTimeout(r, 600));
    }
    const q2 = await followingRedirects(second, () => quickPlay(second, { name: 'Two' }));
    expect(q2.room.code).toBe(q1.room.code);
  });
});
