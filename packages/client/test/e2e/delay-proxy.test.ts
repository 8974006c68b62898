import { once } from 'node:events';
import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { seededRandom } from '@tick-arena/common';
import { afterEach, describe, expect, it } from 'vitest';
import { releaseAt, startDelayProxy, type DelayProxy } from './support/delay-proxy.js';

/** A TCP server that writes back what it reads, and ends when its client ends. */
async function echoServer(): Promise<{ server: Server; port: number }> {
  const server = createServer({ allowHalfOpen: true }, (s) => {
    s.on('data', (d) => s.write(d));
    s.on('end', () => s.end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port };
}

describe('releaseAt', () => {
  it('delays by the one-way time, spread by the jitter', () => {
    expect(releaseAt(1000, 0, 75, 0, 0.9)).toBe(1075);
    expect(releaseAt(1000, 0, 75, 20, 0)).toBe(1055);
    expect(releaseAt(1000, 0, 75, 20, 0.5)).toBe(1075);
    expect(releaseAt(1000, 0, 75, 20, 0.999_999)).toBeCloseTo(1095, 3);
  });

  it('never lets a chunk overtake the one ahead of it', () => {
    expect(releaseAt(1001, 1090, 75, 20, 0)).toBe(1090);
  });

  it('never releases before arrival', () => {
    expect(releaseAt(1000, 0, 5, 20, 0)).toBe(1000);
  });
});

describe('delay proxy (real TCP on 127.0.0.1)', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function through(rttMs: number, jitterMs: number): Promise<{ proxy: DelayProxy }> {
    const echo = await echoServer();
    cleanup.push(() => new Promise<void>((r) => echo.server.close(() => r())));
    const proxy = await startDelayProxy({
      target: { host: '127.0.0.1', port: echo.port },
      rttMs,
      jitterMs,
      random: seededRandom(7),
    });
    cleanup.push(() => proxy.close());
    return { proxy };
  }

  it('delivers every byte, in order, under jitter, and passes the end of stream on', async () => {
    const { proxy } = await through(40, 15);
    const sent = Buffer.alloc(200_000);
    for (let i = 0; i < sent.length; i++) sent[i] = (i * 31 + (i >> 8)) & 0xff;
    const socket = connect({ port: proxy.port, host: '127.0.0.1' });
    const got: Buffer[] = [];
    socket.on('data', (d) => got.push(d));
    await once(socket, 'connect');
    // Many writes of uneven sizes, a few ms apart, so chunks get different delays.
    for (let at = 0; at < sent.length;) {
      const n = 1 + ((at * 7919) % 9000);
      socket.write(sent.subarray(at, at + n));
      at += n;
      await new Promise((r) => setImmediate(r));
    }
    socket.end();
    await once(socket, 'end');
    expect(Buffer.concat(got).equals(sent)).toBe(true);
    expect(proxy.bytes).toEqual({ up: sent.length, down: sent.length });
  });

  it('adds the round trip it was given', async () => {
    const { proxy } = await through(100, 0);
    const socket = connect({ port: proxy.port, host: '127.0.0.1' });
    await once(socket, 'connect');
    const sentAt = performance.now();
    socket.write('ping');
    await once(socket, 'data');
    // A lower bound only: a busy machine can make it later, never earlier (timers may fire 1 ms early).
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(98);
    socket.destroy();
  });
});
