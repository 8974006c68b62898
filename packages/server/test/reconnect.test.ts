import { ErrorCode, type JoinedRoom, type RosterEntry } from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectTicks,
  connect,
  playerIn,
  request,
  startServer,
  validCreate,
  type TestClient,
} from './support/harness.js';
import { PROTOCOL_VERSION, binaryParser } from '@tick-arena/common';

const GRACE_S = 2;

/** The next `scores` message (kills and deaths travel on the reliable channel, not in ticks). */
function nextScores(socket: TestClient, id: number): Promise<{ kills: number; deaths: number } | undefined> {
  return new Promise((resolve) =>
    socket.once('scores', (scores) => {
      const t = scores.find((s) => s[0] === id);
      resolve(t ? { kills: t[1], deaths: t[2] } : undefined);
    }),
  );
}

/** Resolves with the first roster (of `socket`'s room) that satisfies `pred`. */
function rosterWhere(socket: TestClient, pred: (r: RosterEntry[]) => boolean): Promise<RosterEntry[]> {
  return new Promise((resolve) => {
    const on = (r: RosterEntry[]) => {
      if (!pred(r)) return;
      socket.off('roster', on);
      resolve(r);
    };
    socket.on('roster', on);
  });
}

describe('reconnection keeps your seat', () => {
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await startServer({ RECONNECT_GRACE: String(GRACE_S) }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it('hands the same player back, with its score and health, after a cut inside the grace period', async () => {
    const host = await connect(url);
    const created = await request<JoinedRoom>(host, 'room:create', { ...validCreate, bots: 2 });
    if (!created.ok) throw new Error(created.error.message);
    const code = created.data.room.code;

    // A client that reconnects by itself, as the browser client does.
    const a: TestClient = io(url, {
      auth: { protocol: PROTOCOL_VERSION },
      parser: binaryParser,
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 100,
    });
    await new Promise<void>((r) => a.once('connect', () => r()));
    const scoresJoined = nextScores(a, -1);
    const joined = await request<JoinedRoom>(a, 'room:join', { code, name: 'Wifi' });
    if (!joined.ok) throw new Error(joined.error.message);
    const { playerId, resumeToken } = joined.data;
    await scoresJoined;
    const [before] = await collectTicks(a, 1);
    const posBefore = playerIn(before!, playerId);

    const rosters: RosterEntry[][] = [];
    host.on('roster', (r) => rosters.push(r));
    const oldSid = a.id;
    a.io.engine.close(); // cut the transport mid-game
    await new Promise<void>((r) => a.once('connect', () => r()));
    expect(a.id).not.toBe(oldSid);
    const scoresAfter = nextScores(a, playerId);
    const resumed = await request<JoinedRoom>(a, 'room:resume', { token: resumeToken });
    expect(resumed).toMatchObject({ ok: true, data: { playerId, spectator: false, room: { code } } });
    const [after] = await collectTicks(a, 1);
    // Same player, same seat in the game (its score is the room's, sent again on the reliable channel).
    const score = await scoresAfter;
    const server = app.rooms.get(code)!.state.players.find((p) => p.id === playerId);
    expect(score).toEqual({ kills: server?.kills, deaths: server?.deaths });
    expect(playerIn(after!, playerId)).toBeDefined();
    expect(after!.delta).toBe(false);
    expect(posBefore).toBeDefined();
    // Others saw the seat held (connected: false) and then taken back.
    expect(rosters.some((r) => r.find((e) => e.id === playerId)?.connected === false)).toBe(true);
    expect(rosters.at(-1)?.find((e) => e.id === playerId)?.connected).toBe(true);
    a.close();
    host.close();
  });

  it('releases the seat once the grace period has passed', async () => {
    const host = await connect(url);
    const created = await request<JoinedRoom>(host, 'room:create', validCreate);
    if (!created.ok) throw new Error(created.error.message);
    const b = await connect(url);
    const joined = await request<JoinedRoom>(b, 'room:join', { code: created.data.room.code, name: 'Gone' });
    if (!joined.ok) throw new Error(joined.error.message);
    const gone = rosterWhere(host, (r) => !r.some((e) => e.id === joined.data.playerId));
    const started = performance.now();
    b.io.engine.close(); // reconnection is off for this client: it never comes back
    await gone;
    // Held for the grace period (counted in ticks), then released by a seat-expiry command.
    expect(performance.now() - started).toBeGreaterThan(GRACE_S * 1000 - 100);
    const room = app.rooms.get(created.data.room.code);
    expect(room?.roster().map((r) => r.id)).not.toContain(joined.data.playerId);
    const late = await connect(url);
    const res = await request(late, 'room:resume', { token: joined.data.resumeToken });
    expect(res).toMatchObject({ ok: false, error: { code: ErrorCode.BAD_RESUME_TOKEN } });
    late.close();
    host.close();
  });

  it('refuses a wrong resume token with E_BAD_RESUME_TOKEN', async () => {
    const c = await connect(url);
    const res = await request(c, 'room:resume', { token: 'x'.repeat(24) });
    expect(res).toMatchObject({ ok: false, error: { code: ErrorCode.BAD_RESUME_TOKEN } });
    expect(c.connected).toBe(true);
    c.close();
  });
});
