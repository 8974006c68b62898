import { ErrorCode, PROTOCOL_VERSION, type JoinedRoom } from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { RawSocket } from './support/raw-socket.js';
import { connect, request, startServer, validCreate, type TestClient } from './support/harness.js';

async function opens(url: string, origin?: string): Promise<boolean> {
  const raw = new RawSocket(url, origin ? { Origin: origin } : {});
  try {
    await raw.connect({ protocol: PROTOCOL_VERSION });
    return true;
  } catch {
    return false;
  } finally {
    raw.close();
  }
}

describe('admission', () => {
  let app: FastifyInstance | undefined;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await app?.close();
    app = undefined;
  });

  it('accepts the same origin and clients without an Origin, and refuses other origins by default', async () => {
    const s = await startServer();
    app = s.app;
    expect(await opens(s.url, s.url)).toBe(true);
    expect(await opens(s.url)).toBe(true);
    expect(await opens(s.url, 'https://evil.example')).toBe(false);
    expect(app.boundaryStats.refusedConnections).toBe(1);
  });

  it('accepts exactly the origins listed in ALLOWED_ORIGINS', async () => {
    const s = await startServer({ ALLOWED_ORIGINS: 'https://play.example.com, https://arena.example.org' });
    app = s.app;
    expect(await opens(s.url, 'https://play.example.com')).toBe(true);
    expect(await opens(s.url, 'https://arena.example.org')).toBe(true);
    expect(await opens(s.url, s.url)).toBe(false);
    expect(await opens(s.url, 'https://play.example.com.evil.example')).toBe(false);
  });

  it('caps connections per IP with E_TOO_MANY_CONNECTIONS and frees the slot on disconnect', async () => {
    const s = await startServer({ MAX_CONNECTIONS_PER_IP: '3' });
    app = s.app;
    for (let i = 0; i < 3; i++) clients.push(await connect(s.url));
    const refused = await connect(s.url).then(
      () => undefined,
      (e: Error & { data?: { code: string } }) => e.data?.code,
    );
    expect(refused).toBe(ErrorCode.TOO_MANY_CONNECTIONS);
    const leaving = clients.pop()!;
    const serverSide = app.io.sockets.sockets.get(leaving.id!);
    const gone = new Promise((r) => serverSide?.once('disconnect', r));
    leaving.close();
    await gone;
    clients.push(await connect(s.url));
  });

  it('refuses players beyond MAX_PLAYERS and rooms beyond MAX_ROOMS with E_SERVER_FULL', async () => {
    const s = await startServer({ MAX_PLAYERS: '2', MAX_ROOMS: '2' });
    app = s.app;
    const [a, b, c] = [await connect(s.url), await connect(s.url), await connect(s.url)];
    clients.push(a, b, c);
    const first = await request<JoinedRoom>(a, 'room:create', validCreate);
    expect(first.ok).toBe(true);
    expect((await request(b, 'room:create', validCreate)).ok).toBe(true);
    const third = await request(c, 'room:create', validCreate);
    expect(third).toMatchObject({ ok: false, error: { code: ErrorCode.SERVER_FULL } });
    const join = await request(c, 'room:join', { code: first.ok ? first.data.room.code : '', name: 'C' });
    expect(join).toMatchObject({ ok: false, error: { code: ErrorCode.SERVER_FULL } });
    expect(app.rooms.size).toBe(2);
  });

  it('strips control characters from names and rejects names that are only control characters', async () => {
    const s = await startServer();
    app = s.app;
    const a = await connect(s.url);
    clients.push(a);
    const ok = await request<JoinedRoom>(a, 'room:create', { ...validCreate, name: 'Ev\u0000e\u202e  \tX' });
    expect(ok).toMatchObject({ ok: true });
    if (ok.ok) expect(ok.data.roster[0]?.name).toBe('Eve X');
  });
});
