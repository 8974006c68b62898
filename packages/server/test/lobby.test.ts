import {
  ErrorCode,
  type ChatMessage,
  type JoinedRoom,
  type RoomInfo,
  type RoomPeek,
} from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ask, connect, request, startServer, validCreate, type TestClient } from './support/harness.js';

/** Resolves with the first chat line on `socket` that satisfies `pred`. */
function chatWhere(socket: TestClient, pred: (m: ChatMessage) => boolean): Promise<ChatMessage> {
  return new Promise((resolve) => {
    const on = (m: ChatMessage) => {
      if (!pred(m)) return;
      socket.off('chat', on);
      resolve(m);
    };
    socket.on('chat', on);
  });
}

/** Every lobby push a socket receives, from now on, and a way to wait for one that matches. */
function recordLobby(socket: TestClient) {
  const pushes: RoomInfo[][] = [];
  const waiters = new Set<() => void>();
  socket.on('lobby:rooms', (rooms) => {
    pushes.push(rooms);
    for (const w of [...waiters]) w();
  });
  return {
    pushes,
    /** The first push so far, or still to come, that satisfies `pred`. */
    until(pred: (rooms: RoomInfo[]) => boolean): Promise<RoomInfo[]> {
      return new Promise((resolve) => {
        const check = () => {
          const hit = pushes.find(pred);
          if (!hit) return;
          waiters.delete(check);
          resolve(hit);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

describe('lobby, invitations and room announcements (real server, real sockets)', () => {
  let app: FastifyInstance;
  let url: string;
  const clients: TestClient[] = [];
  const client = async () => {
    const c = await connect(url);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    ({ app, url } = await startServer());
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('peeks at a room without taking a seat: open, full, and unknown', async () => {
    const host = await client();
    const made = await request<JoinedRoom>(host, 'room:create', { ...validCreate, maxPlayers: 2, bots: 1 });
    if (!made.ok) throw new Error(made.error.message);
    const code = made.data.room.code;
    const visitor = await client();

    const open = await request<RoomPeek>(visitor, 'room:peek', { code });
    expect(open).toEqual({
      ok: true,
      data: { code, exists: true, full: false, humans: 1, bots: 1, maxPlayers: 2 },
    });
    // Peeking took nothing: the room still has one human, and the visitor is in no room.
    expect(app.rooms.get(code)?.humanCount).toBe(1);
    expect(await request(visitor, 'room:quickplay', { name: 'Free' })).toMatchObject({ ok: true });
    await ask(visitor, 'room:leave');

    const second = await client();
    expect(await request(second, 'room:join', { code, name: 'Two' })).toMatchObject({ ok: true });
    const full = await request<RoomPeek>(visitor, 'room:peek', { code });
    expect(full).toMatchObject({ ok: true, data: { exists: true, full: true, humans: 2, bots: 0 } });

    const unknown = await request<RoomPeek>(visitor, 'room:peek', { code: 'ZZZZZZ' });
    expect(unknown).toMatchObject({ ok: true, data: { code: 'ZZZZZZ', exists: false, full: false } });
  });

  it('refuses a malformed code in a peek with E_BAD_PAYLOAD, and keeps the socket', async () => {
    const c = await client();
    for (const bad of [{ code: 'abc' }, { code: 'OOOOOO' }, {}, 'ABCDEF', { code: 'ABCDEF', x: 1 }]) {
      const r = await request<RoomPeek>(c, 'room:peek', bad);
      expect(r).toMatchObject({ ok: false, error: { code: ErrorCode.BAD_PAYLOAD } });
    }
    expect(c.connected).toBe(true);
  });

  it('says "X joined" and "X left" in the room chat, from the server (from: -1)', async () => {
    const host = await client();
    const made = await request<JoinedRoom>(host, 'room:create', validCreate);
    if (!made.ok) throw new Error(made.error.message);
    const guest = await client();
    const joinedLine = chatWhere(host, (m) => m.from === -1 && m.text.includes('Gina'));
    expect(await request(guest, 'room:join', { code: made.data.room.code, name: 'Gina' })).toMatchObject({
      ok: true,
    });
    expect(await joinedLine).toEqual({ from: -1, name: '', text: 'Gina joined' });

    const leftLine = chatWhere(host, (m) => m.from === -1 && m.text.startsWith('Gina left'));
    await ask(guest, 'room:leave');
    expect((await leftLine).text).toBe('Gina left');
  });

  it('pushes the public room list to lobby watchers when it changes, and not to sockets in a room', async () => {
    const watcher = await client();
    const lobby = recordLobby(watcher);
    expect(await ask<RoomInfo[]>(watcher, 'lobby:watch')).toMatchObject({ ok: true });

    const host = await client();
    const created = await request<JoinedRoom>(host, 'room:create', { ...validCreate, maxPlayers: 4 });
    if (!created.ok) throw new Error(created.error.message);
    const code = created.data.room.code;
    const has = (rooms: RoomInfo[]) => rooms.find((r) => r.code === code);
    const listed = await lobby.until((rooms) => has(rooms) !== undefined);
    expect(has(listed)).toMatchObject({ players: 1, maxPlayers: 4, public: true });

    // A second player: the watcher sees the count change.
    const guest = await client();
    await request(guest, 'room:join', { code, name: 'Guest' });
    await lobby.until((rooms) => has(rooms)?.players === 2);

    // The room empties and closes: it leaves the list.
    const before = lobby.pushes.length;
    await ask(guest, 'room:leave');
    await ask(host, 'room:leave');
    await lobby.until((rooms) => lobby.pushes.indexOf(rooms) >= before && has(rooms) === undefined);

    // Watching stops once the watcher enters a room itself.
    const pushesBeforeEntering = lobby.pushes.length;
    const entered = await request<JoinedRoom>(watcher, 'room:create', { ...validCreate, name: 'Wat' });
    expect(entered.ok).toBe(true);
    const stillWatching = await client();
    const other = recordLobby(stillWatching);
    await ask(stillWatching, 'lobby:watch');
    const otherRoom = await request<JoinedRoom>(await client(), 'room:create', {
      ...validCreate,
      name: 'Oth',
    });
    if (!otherRoom.ok) throw new Error(otherRoom.error.message);
    await other.until((rooms) => rooms.some((r) => r.code === otherRoom.data.room.code));
    expect(lobby.pushes.length).toBe(pushesBeforeEntering);
    expect(app.io.sockets.adapter.rooms.get('lobby')?.has(watcher.id ?? '')).toBe(false);
  });

  it('never shows a private room to lobby watchers', async () => {
    const watcher = await client();
    const lobby = recordLobby(watcher);
    await ask(watcher, 'lobby:watch');
    const made = await request<JoinedRoom>(await client(), 'room:create', { ...validCreate, public: false });
    if (!made.ok) throw new Error(made.error.message);
    // A public room made after it: once it is listed, every push the private one could cause has come.
    const publicMade = await request<JoinedRoom>(await client(), 'room:create', validCreate);
    if (!publicMade.ok) throw new Error(publicMade.error.message);
    await lobby.until((rooms) => rooms.some((r) => r.code === publicMade.data.room.code));
    expect(lobby.pushes.flat().some((r) => r.code === made.data.room.code)).toBe(false);
  });

  it('removes emoji from names, on every path that takes one, and refuses a name of emoji only', async () => {
    const host = await client();
    const made = await request<JoinedRoom>(host, 'room:create', { ...validCreate, name: 'Nova 🔥🚀' });
    if (!made.ok) throw new Error(made.error.message);
    expect(made.data.roster.find((r) => r.id === made.data.playerId)?.name).toBe('Nova');

    const guest = await client();
    const flag = await request<JoinedRoom>(guest, 'room:join', {
      code: made.data.room.code,
      name: 'Zoë 🇫🇷 👍🏽 👨‍👩‍👧',
    });
    if (!flag.ok) throw new Error(flag.error.message);
    // Letters of every script stay; the flag, the toned thumb and the family sequence go entirely.
    expect(flag.data.roster.find((r) => r.id === flag.data.playerId)?.name).toBe('Zoë');

    const only = await client();
    const refused = await request(only, 'room:quickplay', { name: '🔥🔥' });
    expect(refused).toMatchObject({ ok: false, error: { code: ErrorCode.BAD_PAYLOAD } });
  });
});
