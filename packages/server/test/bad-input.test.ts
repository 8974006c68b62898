import { ErrorCode, PROTOCOL_VERSION, type JoinedRoom, type WireError } from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectTicks,
  connect,
  emitRaw,
  playerIn,
  request,
  startServer,
  validCreate,
  type TestClient,
} from './support/harness.js';

function nextServerError(socket: TestClient): Promise<WireError> {
  return new Promise((resolve) => socket.once('server:error', resolve));
}

describe('bad payloads get coded errors and change nothing', () => {
  let app: FastifyInstance;
  let url: string;
  let owner: TestClient;
  let room: JoinedRoom;

  beforeAll(async () => {
    ({ app, url } = await startServer());
    owner = await connect(url);
    const r = await request<JoinedRoom>(owner, 'room:create', { ...validCreate, maxPlayers: 2 });
    if (!r.ok) throw new Error(r.error.message);
    room = r.data;
  });

  afterAll(async () => {
    owner?.close();
    await app?.close();
  });

  const badCreates: [string, unknown][] = [
    ['a string instead of an object', 'hello'],
    ['a missing field', { name: 'x', public: true, maxPlayers: 4, tickRate: 30 }],
    ['a wrong type', { ...validCreate, maxPlayers: '4' }],
    ['NaN (sent as null by JSON)', { ...validCreate, tickRate: NaN }],
    ['Infinity (sent as null by JSON)', { ...validCreate, tickRate: Infinity }],
    ['a huge number', { ...validCreate, maxPlayers: 1e300 }],
    ['a tick rate below 10 Hz', { ...validCreate, tickRate: 9 }],
    ['a tick rate above 128 Hz', { ...validCreate, tickRate: 129 }],
    ['a fractional player count', { ...validCreate, maxPlayers: 2.5 }],
    ['an extra field', { ...validCreate, admin: true }],
    ['an over-long name', { ...validCreate, name: 'x'.repeat(500) }],
    ['a name of control characters only', { ...validCreate, name: '\u0000\u0007' }],
  ];

  for (const [what, payload] of badCreates) {
    it(`rejects room:create with ${what}`, async () => {
      const c = await connect(url);
      const roomsBefore = app.rooms.size;
      const res = await request(c, 'room:create', payload);
      expect(res.ok).toBe(false);
      if (!res.ok) expect(res.error.code).toBe(ErrorCode.BAD_PAYLOAD);
      expect(app.rooms.size).toBe(roomsBefore);
      c.close();
    });
  }

  it('rejects an unknown room code with E_ROOM_NOT_FOUND', async () => {
    const c = await connect(url);
    const res = await request(c, 'room:join', { code: 'ZZZZZZ', name: 'x' });
    expect(res).toMatchObject({ ok: false, error: { code: ErrorCode.ROOM_NOT_FOUND } });
    c.close();
  });

  it('rejects a malformed room code with E_BAD_PAYLOAD', async () => {
    const c = await connect(url);
    for (const code of ['abcdef', 'ABC', 'O0I1LA', 'ABCDEFG']) {
      const res = await request(c, 'room:join', { code, name: 'x' });
      expect(res).toMatchObject({ ok: false, error: { code: ErrorCode.BAD_PAYLOAD } });
    }
    c.close();
  });

  it('rejects a join to a full room with E_ROOM_FULL, and seats a spectator only when asked', async () => {
    const second = await connect(url);
    const third = await connect(url);
    expect((await request(second, 'room:join', { code: room.room.code, name: 'Two' })).ok).toBe(true);
    const full = await request(third, 'room:join', { code: room.room.code, name: 'Three' });
    expect(full).toMatchObject({ ok: false, error: { code: ErrorCode.ROOM_FULL } });
    expect(app.rooms.get(room.room.code)?.humanCount).toBe(2);
    const spectating = await request<JoinedRoom>(third, 'room:join', {
      code: room.room.code,
      name: 'Three',
      spectate: true,
    });
    expect(spectating).toMatchObject({ ok: true, data: { spectator: true, playerId: -1 } });
    const [tick] = await collectTicks(third, 1);
    expect(tick?.players).toHaveLength(2);
    // A spectator has no seat: no owner-only fields reach it.
    expect(tick?.owner).toBeNull();
    second.close();
    third.close();
  });

  it('refuses a client speaking another protocol version with E_PROTOCOL_MISMATCH', async () => {
    for (const version of [0, PROTOCOL_VERSION - 1, PROTOCOL_VERSION + 1, String(PROTOCOL_VERSION), null]) {
      const err = await connect(url, version).then(
        () => undefined,
        (e: Error & { data?: WireError }) => e,
      );
      expect(err?.data?.code).toBe(ErrorCode.PROTOCOL_MISMATCH);
    }
  });

  it('answers a request sent without an ack with a server:error event', async () => {
    const c = await connect(url);
    const err = nextServerError(c);
    emitRaw(c, 'room:join', { code: 'nope' });
    expect((await err).code).toBe(ErrorCode.BAD_PAYLOAD);
    c.close();
  });

  it('answers an unknown event with E_UNKNOWN_EVENT', async () => {
    const c = await connect(url);
    const err = nextServerError(c);
    emitRaw(c, 'give-me-admin', { please: true });
    expect((await err).code).toBe(ErrorCode.UNKNOWN_EVENT);
    c.close();
  });

  it('rejects malformed inputs and leaves the player where it was', async () => {
    const me = room.playerId;
    const [before] = await collectTicks(owner, 1);
    const start = playerIn(before!, me);
    const bad: unknown[] = [
      { seq: 1, mx: NaN, my: 0, aim: 0, fire: false },
      { seq: 2, mx: Infinity, my: 0, aim: 0, fire: false },
      { seq: 3, mx: 1e9, my: 0, aim: 0, fire: false },
      { seq: 4, mx: 1, my: 0, aim: 0, fire: false, x: 500, y: 500 },
      { seq: 5, mx: '1', my: 0, aim: 0, fire: false },
      { seq: -1, mx: 1, my: 0, aim: 0, fire: false },
      { seq: 2 ** 40, mx: 1, my: 0, aim: 0, fire: false },
      { seq: 6, mx: 1, my: 0, aim: 1e6, fire: false },
      [1, 2, 3],
      null,
      'input',
      // Binary, but not a valid input packet: wrong length, wrong version, out-of-range axes.
      new Uint8Array(0),
      new Uint8Array([1, 2, 3]),
      new Uint8Array(11).fill(0xff),
      new Uint8Array(40),
    ];
    const rejectedBefore = app.boundaryStats.rejected.get('bad_payload') ?? 0;
    const notice = nextServerError(owner);
    for (const p of bad) emitRaw(owner, 'input', p);
    const after = await collectTicks(owner, 10);
    // Every one is counted; the client is told once (notices are rate-limited to one a second).
    expect((app.boundaryStats.rejected.get('bad_payload') ?? 0) - rejectedBefore).toBe(bad.length);
    expect((await notice).code).toBe(ErrorCode.BAD_PAYLOAD);
    for (const s of after) {
      expect(playerIn(s, me)).toMatchObject({ x: start?.x, y: start?.y, lastSeq: start?.lastSeq });
    }
  });
});
