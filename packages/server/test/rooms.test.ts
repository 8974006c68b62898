import type { JoinedRoom } from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collectTicks,
  connect,
  drive,
  playerIn,
  sendInput,
  request,
  startServer,
  validCreate,
  waitForTick,
  type TestClient,
} from './support/harness.js';

describe('two players in one room', () => {
  let app: FastifyInstance;
  let a: TestClient;
  let b: TestClient;
  let joinedA: JoinedRoom;
  let joinedB: JoinedRoom;

  beforeAll(async () => {
    const s = await startServer();
    app = s.app;
    a = await connect(s.url);
    b = await connect(s.url);
    const created = await request<JoinedRoom>(a, 'room:create', validCreate);
    if (!created.ok) throw new Error(created.error.message);
    joinedA = created.data;
    const joined = await request<JoinedRoom>(b, 'room:join', { code: joinedA.room.code, name: 'Bo' });
    if (!joined.ok) throw new Error(joined.error.message);
    joinedB = joined.data;
  });

  afterAll(async () => {
    a?.close();
    b?.close();
    await app?.close();
  });

  it('creates a room with a 6-character code and lets a second client join it by that code', () => {
    expect(joinedA.room.code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTWXYZ]{6}$/);
    expect(joinedB.room.code).toBe(joinedA.room.code);
    expect(joinedB.playerId).not.toBe(joinedA.playerId);
    expect(joinedB.roster.map((r) => r.name).sort()).toEqual(['Ana', 'Bo']);
  });

  it('streams consecutive tick numbers to both clients', async () => {
    const [ta, tb] = await Promise.all([collectTicks(a, 45), collectTicks(b, 45)]);
    for (const ticks of [ta, tb]) {
      const numbers = ticks.map((s) => s.t);
      const gaps = numbers.slice(1).map((n, i) => n - (numbers[i] as number));
      // Loopback delivers every tick; a volatile drop would show as a gap of 2+.
      expect(gaps.every((g) => g === 1)).toBe(true);
      expect(ticks[0]?.players).toHaveLength(2);
    }
  });

  it('lets each client see the other move in response to its inputs', async () => {
    for (const [mover, watcher, id] of [
      [a, b, joinedA.playerId],
      [b, a, joinedB.playerId],
    ] as const) {
      const before = playerIn(await waitForTick(watcher, () => true), id);
      expect(before).toBeDefined();
      // Move towards the open middle of the map from whichever spawn we got.
      const dirX = (before?.x ?? 0) < 1000 ? 1 : -1;
      await drive(mover, 20, mover === b ? 1000 : 0, { mx: dirX, my: 0 });
      const moved = await waitForTick(
        watcher,
        (s) => Math.abs((playerIn(s, id)?.x ?? 0) - (before?.x ?? 0)) > 50,
      );
      expect(Math.sign((playerIn(moved, id)?.x ?? 0) - (before?.x ?? 0))).toBe(dirX);
    }
  });

  it('acknowledges an input sequence number in later snapshots', async () => {
    sendInput(a, { seq: 40, mx: 0, my: 0, aim: 1, fire: false });
    const acked = await waitForTick(a, (s) => playerIn(s, joinedA.playerId)?.lastSeq === 40);
    expect(playerIn(acked, joinedA.playerId)?.lastSeq).toBe(40);
    // The acknowledgement sticks: later snapshots never carry an older one. With no further input the server
    // stands in for the missing commands for 100 ms (3 ticks at 30 Hz), booking them as 41, 42, 43, then stops.
    const later = await collectTicks(a, 6);
    const seqs = later.map((s) => playerIn(s, joinedA.playerId)?.lastSeq ?? -1);
    for (const [i, seq] of seqs.entries()) {
      expect(seq).toBeGreaterThanOrEqual(i === 0 ? 40 : seqs[i - 1]!);
      expect(seq).toBeLessThanOrEqual(43);
    }
  });
});
