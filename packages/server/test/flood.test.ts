import { CloseReason, ErrorCode, Sim, type JoinedRoom, type WireError } from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  onSnapshot,
  playerIn,
  sendInput,
  request,
  sleep,
  startServer,
  validCreate,
  type TestClient,
} from './support/harness.js';

describe('a client flooding inputs', () => {
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await startServer());
  });
  afterAll(async () => {
    await app?.close();
  });

  it('is throttled, then disconnected, never outruns the speed limit, and others are unaffected', async () => {
    const honest: TestClient = await connect(url);
    const flooder: TestClient = await connect(url);
    const created = await request<JoinedRoom>(honest, 'room:create', { ...validCreate, tickRate: 30 });
    if (!created.ok) throw new Error(created.error.message);
    const joined = await request<JoinedRoom>(flooder, 'room:join', {
      code: created.data.room.code,
      name: 'Flood',
    });
    if (!joined.ok) throw new Error(joined.error.message);
    const floodId = joined.data.playerId;

    // The honest player watches the flooder's position in every snapshot.
    const track: { t: number; x: number; y: number }[] = [];
    let honestTicks = 0;
    onSnapshot(honest, (s) => {
      honestTicks++;
      const p = playerIn(s, floodId);
      if (p) track.push({ t: s.t, x: p.x, y: p.y });
    });

    const events: string[] = [];
    flooder.on('server:error', (e: WireError) => events.push(e.code));
    flooder.on('kicked', (k) => events.push(`kicked:${k.reason}`));
    const disconnected = new Promise<void>((resolve) => flooder.once('disconnect', () => resolve()));

    // 10x the input budget: 300 inputs/s into a 30 Hz room, diagonally towards open space.
    const start = performance.now();
    let seq = 0;
    const floodTimer = setInterval(() => {
      for (let i = 0; i < 3; i++) sendInput(flooder, { seq: ++seq, mx: 1, my: 1, aim: 0, fire: true });
    }, 10);
    await Promise.race([disconnected, sleep(5000)]);
    clearInterval(floodTimer);
    const floodMs = performance.now() - start;
    await sleep(1000);

    expect(flooder.connected).toBe(false);
    expect(events[0]).toBe(ErrorCode.RATE_LIMITED);
    expect(events).toContain(`kicked:${CloseReason.ABUSE}`);
    expect(app.boundaryStats.abuseDisconnects).toBe(1);

    const maxStep = Sim.PLAYER_SPEED / 30 + 0.02;
    for (let i = 1; i < track.length; i++) {
      const a = track[i - 1]!;
      const b = track[i]!;
      const dist = Math.hypot(b.x - a.x, b.y - a.y);
      expect(dist).toBeLessThanOrEqual(maxStep * (b.t - a.t));
    }
    // The honest player kept receiving ticks at the room's rate throughout.
    const elapsed = (performance.now() - start) / 1000;
    expect(honestTicks / elapsed).toBeGreaterThan(30 * 0.9);
    expect(honest.connected).toBe(true);
    console.log(
      `flood: cut off after ${floodMs.toFixed(0)} ms and ${seq} inputs; honest ${(honestTicks / elapsed).toFixed(1)} ticks/s`,
    );
    honest.close();
  });
});
