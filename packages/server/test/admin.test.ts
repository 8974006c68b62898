import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CloseReason,
  ErrorCode,
  type AdminNode,
  type AdminRoom,
  type JoinedRoom,
  type RosterEntry,
} from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogCapture } from './support/log-capture.js';
import {
  collectTicks,
  connect,
  request,
  startServer,
  validCreate,
  type TestClient,
} from './support/harness.js';

const TOKEN = 'admin-test-token-0123456789abcdef';
const AUTH = { authorization: `Bearer ${TOKEN}` };

/** The next `kicked` notice a client receives. */
function nextKick(c: TestClient): Promise<{ reason: string; message: string }> {
  return new Promise((resolve) => c.once('kicked', resolve));
}

/** Resolves with the first roster of `c`'s room that satisfies `pred`. */
function rosterWhere(c: TestClient, pred: (r: RosterEntry[]) => boolean): Promise<RosterEntry[]> {
  return new Promise((resolve) => {
    const on = (r: RosterEntry[]) => {
      if (!pred(r)) return;
      c.off('roster', on);
      resolve(r);
    };
    c.on('roster', on);
  });
}

describe('admin page without ADMIN_TOKEN', () => {
  it('answers 404 for the page and the API, even where the game client would catch unknown paths', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tick-arena-client-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tick Arena</title>');
    const { app, url } = await startServer({ CLIENT_DIR: dir });
    try {
      for (const path of ['/admin', '/admin/', '/admin/admin.js', '/admin/api/rooms', '/admin/api/nodes']) {
        const res = await fetch(`${url}${path}`, { headers: AUTH });
        expect(res.status, path).toBe(404);
        expect(await res.text(), path).not.toContain('Tick Arena');
      }
      const close = await fetch(`${url}/admin/api/rooms/ABCDEF/close`, { method: 'POST', headers: AUTH });
      expect(close.status).toBe(404);
      // The game's own routes still fall back to the client.
      expect((await fetch(`${url}/r/ABCDEF`)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('admin page and API with ADMIN_TOKEN', () => {
  let app: FastifyInstance;
  let url: string;
  const logs = new LogCapture();
  const clients: TestClient[] = [];

  const client = async () => {
    const c = await connect(url);
    clients.push(c);
    return c;
  };
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${url}/admin/api${path}`, { ...init, headers: { ...AUTH, ...(init.headers ?? {}) } });
  const listRooms = async (): Promise<AdminRoom[]> => {
    const res = await api('/rooms');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rooms: AdminRoom[]; complete: boolean };
    expect(body.complete).toBe(true);
    return body.rooms;
  };
  const post = (path: string, body?: unknown) =>
    api(path, {
      method: 'POST',
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
  /** A room with a host and `guests` more players, every one of them receiving ticks. */
  const room = async (guests: number) => {
    const host = await client();
    const made = await request<JoinedRoom>(host, 'room:create', { ...validCreate, maxPlayers: 8 });
    if (!made.ok) throw new Error(made.error.message);
    const code = made.data.room.code;
    const others: { c: TestClient; joined: JoinedRoom }[] = [];
    for (let i = 0; i < guests; i++) {
      const c = await client();
      const joined = await request<JoinedRoom>(c, 'room:join', { code, name: `Guest${i}` });
      if (!joined.ok) throw new Error(joined.error.message);
      others.push({ c, joined: joined.data });
    }
    return { code, host, hostJoined: made.data, guests: others };
  };

  beforeAll(async () => {
    // trace: Fastify logs every request, the path a header would leak through if anything printed it.
    ({ app, url } = await startServer(
      { ADMIN_TOKEN: TOKEN, LOG_LEVEL: 'trace', NODE_ID: 'solo' },
      { logStream: logs },
    ));
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await app?.close();
  });

  it('serves the page with a strict Content-Security-Policy and no secret in it', async () => {
    const res = await fetch(`${url}/admin`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("form-action 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const html = await res.text();
    expect(html).not.toContain(TOKEN);
    // No inline script or style for the policy to have to allow.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/);
    const js = await fetch(`${url}/admin/admin.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('content-security-policy')).toBe(csp);
    expect((await fetch(`${url}/admin/admin.css`)).headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('answers 401 with a coded error without a token, with a wrong one of any length, or another scheme', async () => {
    const attempts: (Record<string, string> | undefined)[] = [
      undefined,
      { authorization: 'Bearer ' },
      { authorization: `Basic ${TOKEN}` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}x` }, // same length, last character wrong
      { authorization: 'Bearer short' },
      { authorization: `Bearer ${TOKEN}${'x'.repeat(300)}` },
    ];
    for (const headers of attempts) {
      for (const [method, path] of [
        ['GET', '/rooms'],
        ['GET', '/nodes'],
        ['POST', '/rooms/ABCDEF/close'],
      ] as const) {
        const res = await fetch(`${url}/admin/api${path}`, { method, ...(headers ? { headers } : {}) });
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
        const body = (await res.json()) as { error: { code: string } };
        expect(body.error.code).toBe(ErrorCode.UNAUTHORIZED);
      }
    }
    // The token is checked before the body is read: a malformed kick without a token is still a 401.
    const bad = await fetch(`${url}/admin/api/rooms/nope/kick`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"playerId": "x"',
    });
    expect(bad.status).toBe(401);
  });

  it('lists this node and its rooms with players, tick rate, tick p99 and bytes per second', async () => {
    const r = await room(1);
    const nodes = (await (await api('/nodes')).json()) as { nodes: AdminNode[]; complete: boolean };
    expect(nodes.complete).toBe(true);
    expect(nodes.nodes).toEqual([
      {
        id: 'solo',
        url,
        players: expect.any(Number) as number,
        rooms: expect.any(Number) as number,
        self: true,
      },
    ]);
    // Bytes per second counts whole seconds: wait for two seconds of ticks.
    await collectTicks(r.host, 65);
    const row = (await listRooms()).find((x) => x.code === r.code);
    expect(row).toMatchObject({
      code: r.code,
      node: 'solo',
      public: true,
      maxPlayers: 8,
      tickRate: 30,
      bots: 0,
      spectators: 0,
      humans: [
        { id: r.hostJoined.playerId, name: 'Ana', connected: true },
        { id: r.guests[0]?.joined.playerId, name: 'Guest0', connected: true },
      ],
    });
    expect(row?.tickP99Ms).toBeGreaterThan(0);
    expect(row?.tickP99Ms).toBeLessThan(1000 / 30);
    // Two clients at 30 snapshots a second: well above nothing, well below a megabyte.
    expect(row?.bytesPerSecond).toBeGreaterThan(2 * 30 * 10);
    expect(row?.bytesPerSecond).toBeLessThan(1_000_000);
  });

  it('closes a room: every player is told why, the room leaves the list and its code is free', async () => {
    const r = await room(2);
    const everyone = [r.host, ...r.guests.map((g) => g.c)];
    const notices = everyone.map(nextKick);
    const res = await post(`/rooms/${r.code}/close`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: 'closed', room: r.code, node: 'solo' });
    for (const notice of await Promise.all(notices)) {
      expect(notice.reason).toBe(CloseReason.ADMIN_CLOSED);
      expect(notice.message).toMatch(/administrator closed this room/);
    }
    expect((await listRooms()).map((x) => x.code)).not.toContain(r.code);
    const join = await request<JoinedRoom>(await client(), 'room:join', { code: r.code, name: 'Late' });
    expect(!join.ok && join.error.code).toBe(ErrorCode.ROOM_NOT_FOUND);
    // The players are back in the lobby on the same connection: they can start again at once.
    const again = await request<JoinedRoom>(r.host, 'room:create', validCreate);
    expect(again.ok).toBe(true);

    const missing = await post(`/rooms/${r.code}/close`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.ROOM_NOT_FOUND);
  });

  it('kicks a player: the player is told, the seat is gone for good, the others play on', async () => {
    const r = await room(1);
    const guest = r.guests[0];
    if (!guest) throw new Error('no guest');
    const notice = nextKick(guest.c);
    const hostSees = rosterWhere(r.host, (roster) => roster.every((p) => p.id !== guest.joined.playerId));
    const res = await post(`/rooms/${r.code}/kick`, { playerId: guest.joined.playerId });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      result: 'kicked',
      room: r.code,
      player: guest.joined.playerId,
      node: 'solo',
    });
    expect(await notice).toMatchObject({ reason: CloseReason.KICKED });
    expect((await hostSees).map((p) => p.name)).toEqual(['Ana']);

    // No way back with the resume token, on the same connection or a new one.
    for (const c of [guest.c, await client()]) {
      const resume = await request<JoinedRoom>(c, 'room:resume', { token: guest.joined.resumeToken });
      expect(!resume.ok && resume.error.code).toBe(ErrorCode.BAD_RESUME_TOKEN);
    }
    const row = (await listRooms()).find((x) => x.code === r.code);
    expect(row?.humans.map((h) => h.id)).toEqual([r.hostJoined.playerId]);
    // The host still plays.
    expect((await collectTicks(r.host, 3)).length).toBe(3);

    const again = await post(`/rooms/${r.code}/kick`, { playerId: guest.joined.playerId });
    expect(again.status).toBe(404);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(ErrorCode.PLAYER_NOT_FOUND);
  });

  it('kicks a player whose connection dropped, while the seat is held: no resume afterwards', async () => {
    const r = await room(1);
    const guest = r.guests[0];
    if (!guest) throw new Error('no guest');
    const held = rosterWhere(r.host, (roster) =>
      roster.some((p) => p.id === guest.joined.playerId && !p.connected),
    );
    guest.c.io.engine.close();
    await held;
    const res = await post(`/rooms/${r.code}/kick`, { playerId: guest.joined.playerId });
    expect(res.status).toBe(200);
    const resume = await request<JoinedRoom>(await client(), 'room:resume', {
      token: guest.joined.resumeToken,
    });
    expect(!resume.ok && resume.error.code).toBe(ErrorCode.BAD_RESUME_TOKEN);
  });

  it('closes the room when its last player is kicked, and tells that player about the kick', async () => {
    const r = await room(0);
    const notices: string[] = [];
    r.host.on('kicked', (k) => notices.push(k.reason));
    const res = await post(`/rooms/${r.code}/kick`, { playerId: r.hostJoined.playerId });
    expect(res.status).toBe(200);
    expect((await listRooms()).map((x) => x.code)).not.toContain(r.code);
    // A later event on the same socket proves nothing else was sent before it.
    await request<JoinedRoom>(r.host, 'room:join', { code: 'ZZZZZZ', name: 'Ana' });
    expect(notices).toEqual([CloseReason.KICKED]);
  });

  it('answers bad room codes and bodies with coded 400s and unknown rooms with 404s', async () => {
    const cases: [string, unknown, number, string][] = [
      ['/rooms/abc/close', undefined, 400, ErrorCode.BAD_PAYLOAD],
      ['/rooms/ZZZZZZ/close', undefined, 404, ErrorCode.ROOM_NOT_FOUND],
      ['/rooms/ZZZZZZ/kick', { playerId: 1 }, 404, ErrorCode.ROOM_NOT_FOUND],
      ['/rooms/ZZZZZZ/kick', { playerId: 'one' }, 400, ErrorCode.BAD_PAYLOAD],
      ['/rooms/ZZZZZZ/kick', { playerId: 1, extra: true }, 400, ErrorCode.BAD_PAYLOAD],
      ['/rooms/ZZZZZZ/kick', undefined, 400, ErrorCode.BAD_PAYLOAD],
    ];
    for (const [path, body, status, code] of cases) {
      const res = await post(path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it('audits every action in one structured line, and never logs the token', async () => {
    const r = await room(1);
    const guestId = r.guests[0]?.joined.playerId;
    await post(`/rooms/${r.code}/kick`, { playerId: guestId });
    await post(`/rooms/${r.code}/close`);
    await post('/rooms/ZZZZZZ/close');
    const audit = logs.lines
      .map((l) => l as unknown as Record<string, unknown>)
      .filter((l) => l.audit === 'admin' && l.action !== 'auth');
    expect(audit.filter((l) => l.room === r.code || l.room === 'ZZZZZZ').slice(-3)).toEqual([
      expect.objectContaining({
        action: 'kick-player',
        room: r.code,
        player: guestId,
        ip: '127.0.0.1',
        node: 'solo',
        result: 'ok',
      }),
      expect.objectContaining({
        action: 'close-room',
        room: r.code,
        player: null,
        ip: '127.0.0.1',
        result: 'ok',
      }),
      expect.objectContaining({ action: 'close-room', room: 'ZZZZZZ', result: ErrorCode.ROOM_NOT_FOUND }),
    ]);
    // Refused requests are logged too, with the address.
    expect(
      logs.lines.some((l) => (l as unknown as Record<string, unknown>).result === ErrorCode.UNAUTHORIZED),
    ).toBe(true);
    // Fastify logged the requests themselves (trace), and not one line holds the token.
    expect(logs.lines.some((l) => l.msg === 'incoming request')).toBe(true);
    for (const line of logs.lines) expect(JSON.stringify(line)).not.toContain(TOKEN);
    expect(logs.errors()).toEqual([]);
  });
});
