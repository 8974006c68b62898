import { PROTOCOL_VERSION, type JoinedRoom } from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import type { Socket as NetSocket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferedBytes } from '../src/net/slow-client-watch.js';
import { RawSocket } from './support/raw-socket.js';
import { connect, request, sleep, startServer, validCreate } from './support/harness.js';

/** Stated bound: a client that stops reading may cost the server at most this much extra heap. */
const HEAP_BOUND_MB = 40;

describe('a client that stops reading', () => {
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    ({ app, url } = await startServer());
  });
  afterAll(async () => {
    await app?.close();
  });

  it('for 10 s leaves server memory bounded and other clients’ ticks unaffected', async () => {
    // A busy room: 128 Hz, 16 seats (14 bots), so about 100 KB/s of snapshots for each member.
    const honest = await connect(url);
    const created = await request<JoinedRoom>(honest, 'room:create', {
      ...validCreate,
      maxPlayers: 16,
      tickRate: 128,
      bots: 14,
    });
    if (!created.ok) throw new Error(created.error.message);
    const slow = new RawSocket(url);
    await slow.connect({ protocol: PROTOCOL_VERSION });
    slow.emit(['room:join', { code: created.data.room.code, name: 'Sloth' }], 1);
    await slow.waitFor((f) => f.startsWith('431'));
    const slowSid = [...app.io.sockets.sockets.values()].find((s) => s.data.name === 'Sloth');
    expect(slowSid).toBeDefined();
    let serverSideReason = '';
    let cutAfterMs = 0;
    slowSid?.on('disconnect', (reason) => {
      serverSideReason = reason;
      cutAfterMs = performance.now() - t0;
    });

    const t0 = performance.now();
    const heapBefore = process.memoryUsage().heapUsed;
    let honestTicks = 0;
    honest.on('tick', () => honestTicks++);

    // Stop reading: the TCP receive window fills, then the server's socket stops draining.
    const tcp = (slow.ws as unknown as { _socket: NetSocket })._socket;
    tcp.pause();
    const framesAtPause = slow.received.length;
    let maxBuffered = 0;
    const sampler = setInterval(() => {
      if (slowSid) maxBuffered = Math.max(maxBuffered, bufferedBytes(slowSid));
    }, 100);
    await sleep(10_000);
    clearInterval(sampler);
    const seconds = (performance.now() - t0) / 1000;
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    const honestRate = honestTicks / seconds;

    tcp.resume();
    await sleep(1000);
    const ticksDuringPause = slow.received
      .slice(framesAtPause)
      .filter((f) => f.startsWith('42["tick"')).length;
    console.log(
      `slow reader: heap ${heapGrowthMb >= 0 ? '+' : ''}${heapGrowthMb.toFixed(1)} MB, max buffered ${(maxBuffered / 1024).toFixed(0)} KB, ` +
        `stalled client got ${ticksDuringPause}/${Math.round(128 * seconds)} ticks before it was cut (${serverSideReason} after ${(cutAfterMs / 1000).toFixed(1)} s), ` +
        `honest ${honestRate.toFixed(1)} ticks/s`,
    );

    expect(heapGrowthMb).toBeLessThan(HEAP_BOUND_MB);
    // Nothing piled up beyond the cap for the stalled socket (ticks are volatile).
    expect(maxBuffered).toBeLessThanOrEqual(1024 * 1024);
    // A client that stops reading also stops answering heartbeats: it is cut within interval + timeout.
    expect(serverSideReason).toBe('ping timeout');
    expect(cutAfterMs).toBeLessThan(4000 + 4000 + 1500);
    expect(app.io.sockets.sockets.has(slowSid?.id ?? '')).toBe(false);
    expect(honestRate).toBeGreaterThan(128 * 0.9);
    slow.close();
    honest.close();
  });
});
