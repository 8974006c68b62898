import {
  PROTOCOL_VERSION,
  binaryParser,
  encodeInput,
  type AckResult,
  type JoinedRoom,
} from '@tick-arena/common';
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameSocket } from '../../src/net/connection.js';
import { TrafficMeter, meterSocket, utf8Length, wireBytes } from '../../src/net/traffic-meter.js';
import { startDelayProxy, type DelayProxy, type ProxyDirection } from '../e2e/support/delay-proxy.js';
// Tests may reach into another package's source to run a real server; application code may not.
import { buildApp, loadConfig } from '../../../server/src/index.js';

describe('utf8Length', () => {
  it.each(['', 'plain ascii', 'é à ü', '€ 中文', 'emoji 🎯 and 👍🏽', 'lone \ud800 surrogate', 'end \ud83c'])(
    'agrees with TextEncoder on %j',
    (s) => expect(utf8Length(s)).toBe(new TextEncoder().encode(s).byteLength),
  );
});

describe('wireBytes', () => {
  it('counts a binary message as its bytes plus a 2-byte frame header (received)', () => {
    expect(wireBytes({ type: 'message', data: new Uint8Array(66) }, 'in')).toBe(68);
  });

  it("adds the 4-byte mask key to the browser's own frames", () => {
    expect(wireBytes({ type: 'message', data: new Uint8Array(11).buffer }, 'out')).toBe(17);
  });

  it('counts a text packet as its type digit plus its UTF-8 text', () => {
    expect(wireBytes({ type: 'message', data: '2["chat","é"]' }, 'in')).toBe(2 + 1 + 14);
    expect(wireBytes({ type: 'pong' }, 'out')).toBe(2 + 4 + 1);
  });

  it('uses the 16-bit length header from 126 bytes on', () => {
    expect(wireBytes({ type: 'message', data: new Uint8Array(125) }, 'in')).toBe(127);
    expect(wireBytes({ type: 'message', data: new Uint8Array(126) }, 'in')).toBe(130);
  });

  it('keeps separate totals per direction', () => {
    const m = new TrafficMeter();
    m.count({ type: 'message', data: new Uint8Array(66) }, 'in');
    m.count({ type: 'message', data: new Uint8Array(11) }, 'out');
    m.count({ type: 'ping' }, 'in');
    expect(m.totals).toEqual({ bytesIn: 68 + 3, bytesOut: 17, packetsIn: 2, packetsOut: 1 });
  });
});

/** Where the HTTP upgrade exchange ends in a raw stream: the WebSocket frames start after it. */
function afterHeaders(stream: Buffer): number {
  const i = stream.indexOf('\r\n\r\n');
  return i < 0 ? 0 : i + 4;
}

describe('meterSocket (real server, real socket.io-client, bytes counted on the TCP stream)', () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let proxy: DelayProxy;
  const raw: Record<ProxyDirection, Buffer[]> = { up: [], down: [] };

  beforeAll(async () => {
    app = await buildApp(loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR: '' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    proxy = await startDelayProxy({
      target: { host: '127.0.0.1', port },
      rttMs: 0,
      tap: (direction, chunk) => raw[direction].push(Buffer.from(chunk)),
    });
  });
  afterAll(async () => {
    await proxy?.close();
    await app?.close();
  });

  it('counts exactly the WebSocket bytes that crossed the wire, both ways', async () => {
    const socket: GameSocket = io(proxy.url, {
      auth: { protocol: PROTOCOL_VERSION },
      parser: binaryParser,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const meter = meterSocket(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const joined = await new Promise<AckResult<JoinedRoom>>((resolve) =>
      socket.emit(
        'room:create',
        { name: 'Zoë 🎯', public: false, maxPlayers: 2, tickRate: 30, bots: 0 },
        resolve,
      ),
    );
    expect(joined.ok).toBe(true);
    let ticks = 0;
    socket.on('tick', () => (ticks += 1));
    const chat = new Promise<void>((resolve) => socket.once('chat', () => resolve()));
    socket.emit('chat', { text: 'héllo wörld 👋' });
    await chat;
    for (let seq = 0; seq < 20; seq++) {
      socket.emit(
        'input',
        encodeInput({ seq, mx: 1, my: 0, aim: 0, fire: false, ack: -1, resync: false, view: -1 }),
      );
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise<void>((resolve) => {
      const check = (): void => void (ticks >= 30 ? resolve() : setTimeout(check, 20));
      check();
    });
    await new Promise<AckResult<unknown>>((resolve) => socket.emit('room:leave', resolve));
    // Let the last tick already sent arrive; nothing else moves until the next ping, 25 s away.
    await new Promise((r) => setTimeout(r, 300));

    const up = Buffer.concat(raw.up);
    const down = Buffer.concat(raw.down);
    const t = meter.totals;
    expect(t.packetsIn).toBeGreaterThan(30);
    expect(t.bytesIn).toBeGreaterThan(1000);
    expect(t.bytesOut).toBe(up.byteLength - afterHeaders(up));
    expect(t.bytesIn).toBe(down.byteLength - afterHeaders(down));
    socket.disconnect();
  });
});
