import { CloseReason, type JoinedRoom } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { LogCapture } from './support/log-capture.js';
import { collectTicks, connect, request, startServer, validCreate } from './support/harness.js';

describe('containment', () => {
  it('closes only the room whose tick throws, logs it with the room code, and keeps the rest running', async () => {
    const logs = new LogCapture();
    const { app, url } = await startServer({}, { logStream: logs });
    const a = await connect(url);
    const b = await connect(url);
    const ra = await request<JoinedRoom>(a, 'room:create', { ...validCreate, bots: 1 });
    const rb = await request<JoinedRoom>(b, 'room:create', { ...validCreate, bots: 1 });
    if (!ra.ok || !rb.ok) throw new Error('rooms not created');
    const broken = app.rooms.get(ra.data.room.code);
    const kicked = new Promise<{ reason: string; message: string }>((resolve) => a.once('kicked', resolve));

    // Fault injection: corrupt the room engine's game state so its next tick throws a TypeError.
    const engine = (broken as unknown as { engine: object }).engine;
    Object.assign(engine, { current: { ...broken!.state, players: null } });

    const notice = await kicked;
    expect(notice.reason).toBe(CloseReason.ROOM_CLOSED);
    expect(notice.message).toMatch(/internal error/);
    expect(app.rooms.get(ra.data.room.code)).toBeUndefined();
    const errors = logs.errors() as { room?: string; msg?: string }[];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.room).toBe(ra.data.room.code);

    // The other room and the process carry on, and the dropped player can start again.
    const ticks = await collectTicks(b, 10);
    expect(ticks.at(-1)!.t - ticks[0]!.t).toBe(9);
    expect(a.connected).toBe(true);
    expect((await request(a, 'room:create', validCreate)).ok).toBe(true);
    a.close();
    b.close();
    await app.close();
  });
});
