import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  BinaryEvent,
  CloseReason,
  ErrorCode,
  INPUT_PACKET_BYTES,
  PROTOCOL_VERSION,
  RoundPhase,
  SnapshotReceiver,
  binaryParser,
  decodeInput,
  encodeInput,
  encodeSnapshotBody,
  encodeSnapshotTail,
  joinSnapshot,
  type ClientToServerEvents,
  type InputPacket,
  type ServerToClientEvents,
  type WireError,
} from '@tick-arena/common';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotConnection, ConnectionHandlers, ConnectOptions } from '../src/bot/bot-connection.js';
import { EngineIoSocket } from '../src/bot/engine-io-socket.js';
import { SocketIoConnection } from '../src/bot/socket-io-connection.js';
import { closedPort } from './support/run-cli.js';

let http: HttpServer;
let io: Server<ClientToServerEvents, ServerToClientEvents>;
let url: string;
const serverSideDisconnects: string[] = [];
/** Every Engine.IO message with an event the server received, as the WebSocket delivered it. */
const serverSidePackets: (string | number[])[] = [];
/** Every input the server decoded. */
const serverSideInputs: InputPacket[] = [];

/** A full binary snapshot of tick `tick` whose owner fields acknowledge input `seq`. */
const snapshot = (tick: number, seq: number): Uint8Array =>
  joinSnapshot(
    encodeSnapshotBody(
      null,
      {
        tick,
        serverTime: 1234.5,
        players: [
          { id: 3, x: 10, y: 20, aim: 0, hp: 100, alive: true, protected: false },
          { id: 7, x: 1.5, y: 2, aim: 0, hp: 90, alive: true, protected: true },
        ],
        round: { number: 1, phase: RoundPhase.PLAYING, endTick: -1, winner: -1 },
        owner: null,
      },
      [],
    ),
    encodeSnapshotTail(null, { lastSeq: seq, cooldownTicks: 0, respawnTicks: 0 }, null),
  );

const input = (seq: number): Uint8Array =>
  encodeInput({ seq, mx: 1, my: 0, aim: 0, fire: seq === 2, ack: seq - 1, resync: false, view: -1 });

beforeAll(async () => {
  http = createServer();
  // As the game server: binary `tick` and `input`, JSON text for the rest.
  io = new Server(http, { parser: binaryParser });
  // What the Tick Arena server does with a client of another protocol version.
  io.use((socket, next) => {
    if ((socket.handshake.auth as { protocol?: unknown }).protocol === PROTOCOL_VERSION) return next();
    next(
      Object.assign(new Error('protocol mismatch'), {
        data: { code: ErrorCode.PROTOCOL_MISMATCH, message: `server speaks protocol ${PROTOCOL_VERSION}` },
      }),
    );
  });
  io.on('connection', (s) => {
    s.on('time:sync', (clientTime, ack) => {
      // Answer out of order: the second request is answered first.
      setTimeout(() => ack({ clientTime, serverTime: clientTime * 10 }), clientTime === 1 ? 30 : 5);
    });
    s.conn.on('packet', (p: { type: string; data?: unknown }) => {
      // Events only: a socket.io disconnect (`1`) of an earlier test's connection may still come in.
      if (p.type !== 'message' || (typeof p.data === 'string' && !p.data.startsWith('2'))) return;
      serverSidePackets.push(typeof p.data === 'string' ? p.data : [...(p.data as Uint8Array)]);
    });
    s.on('input', (packet) => {
      const d = decodeInput(packet);
      if (!d.ok) return;
      serverSideInputs.push(d.value);
      s.emit('tick', snapshot(100 + d.value.seq, d.value.seq));
    });
    s.on('room:join', (req, ack) => {
      if (req.code === 'SILENT') return; // never answered
      if (req.code === 'KICKME') {
        s.emit('kicked', { reason: CloseReason.SLOW, message: 'too slow' });
        s.disconnect(true);
        return;
      }
      const error: WireError = { code: ErrorCode.ROOM_NOT_FOUND, message: `no room ${req.code}` };
      ack({ ok: false, error });
    });
    s.on('disconnect', (reason) => serverSideDisconnects.push(reason));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => io.close(() => resolve()));
});

type Connect = (o: ConnectOptions, h: ConnectionHandlers) => BotConnection;

/** Handlers that write everything down, and a promise for the first connect outcome. */
function recording() {
  const log: string[] = [];
  const ticks: Uint8Array[] = [];
  let settle: (v: string) => void = () => {};
  const outcome = new Promise<string>((resolve) => (settle = resolve));
  let onDisconnect: (reason: string) => void = () => {};
  const disconnected = new Promise<string>((resolve) => (onDisconnect = resolve));
  const h: ConnectionHandlers = {
    connected: () => settle('connected'),
    connectFailed: (reason, message) => settle(`failed ${reason}: ${message}`),
    disconnected: (reason) => {
      log.push(`disconnected ${reason}`);
      onDisconnect(reason);
    },
    // Copied: a transport may hand a view of a buffer it reuses.
    tick: (s) => ticks.push(Uint8Array.from(s)),
    serverError: (e) => log.push(`server:error ${e.code}`),
    kicked: (info) => log.push(`kicked ${info.reason}`),
  };
  return { h, log, ticks, outcome, disconnected };
}

const options = (u: string, protocol: number = PROTOCOL_VERSION): ConnectOptions => ({
  url: u,
  auth: { protocol },
  connectTimeoutMs: 3000,
});

const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
};

describe.each<[string, Connect]>([
  ['lean (engine-io-socket)', (o, h) => new EngineIoSocket(o, h)],
  ['socket.io-client', (o, h) => new SocketIoConnection(o, h)],
])('bot connection over %s against a real socket.io server', (_name, connect) => {
  it('connects, matches each ack to its request and receives events, counting real bytes', async () => {
    const r = recording();
    const c = connect(options(url), r.h);
    expect(await r.outcome).toBe('connected');
    const replies: string[] = [];
    await new Promise<void>((resolve) => {
      for (const t of [1, 2]) {
        c.request('time:sync', [t], 0, (err, reply) => {
          replies.push(`${t}->${err ? err.message : reply?.serverTime}`);
          if (replies.length === 2) resolve();
        });
      }
    });
    expect(replies).toEqual(['2->20', '1->10']);
    for (let seq = 1; seq <= 3; seq++) c.emit('input', input(seq));
    await until(() => r.ticks.length === 3);
    // The snapshot bytes, exactly as the server sent them, and they decode.
    expect(r.ticks).toEqual([1, 2, 3].map((seq) => snapshot(100 + seq, seq)));
    const receiver = new SnapshotReceiver();
    const decoded = r.ticks.map((t) => receiver.receive(t));
    expect(decoded.map((d) => (d.ok ? d.value.snapshot.frame.owner?.lastSeq : d.error.code))).toEqual([
      1, 2, 3,
    ]);
    expect(receiver.ackTick).toBe(103);
    const tickBytes = snapshot(103, 3).length;
    // Each snapshot: 2 bytes of WebSocket header and the code byte on top of the payload.
    expect(c.bytesIn).toBeGreaterThan(3 * (tickBytes + 3));
    // Each input: 6 bytes of masked WebSocket header and the code byte on top of the packet.
    expect(c.bytesOut).toBeGreaterThan(3 * (INPUT_PACKET_BYTES + 7));
    c.close();
  });

  it('sends each input as one binary message: the input code and the 14-byte packet', async () => {
    serverSidePackets.length = 0;
    serverSideInputs.length = 0;
    const r = recording();
    const c = connect(options(url), r.h);
    expect(await r.outcome).toBe('connected');
    const packets = [7, 8].map(input);
    for (const p of packets) c.emit('input', p);
    c.emit('chat', { text: 'hi' });
    await until(() => serverSidePackets.length === 3);
    // The server's WebSocket accepted the frames (it refuses unmasked client frames): one message per input,
    // binary, `[0x02][packet]`; the chat is Socket.IO JSON text.
    expect(serverSidePackets).toEqual([
      [BinaryEvent.input.code, ...(packets[0] as Uint8Array)],
      [BinaryEvent.input.code, ...(packets[1] as Uint8Array)],
      '2["chat",{"text":"hi"}]',
    ]);
    expect(serverSideInputs.map((p) => [p.seq, p.ack])).toEqual([
      [7, 6],
      [8, 7],
    ]);
    c.close();
  });

  it('gives the coded error of a refused request and times out one never answered', async () => {
    const r = recording();
    const c = connect(options(url), r.h);
    await r.outcome;
    const res = await new Promise<unknown>((resolve) =>
      c.request('room:join', [{ code: 'NOROOM', name: 'x' }], 2000, (err, reply) => resolve(err ?? reply)),
    );
    expect(res).toEqual({ ok: false, error: { code: ErrorCode.ROOM_NOT_FOUND, message: 'no room NOROOM' } });
    const late = await new Promise<unknown>((resolve) =>
      c.request('room:join', [{ code: 'SILENT', name: 'x' }], 100, (err, reply) => resolve(err ?? reply)),
    );
    expect(late).toBeInstanceOf(Error);
    c.close();
  });

  it('reports the server’s error code when the handshake is refused', async () => {
    const r = recording();
    connect(options(url, 99), r.h);
    expect(await r.outcome).toBe(
      `failed ${ErrorCode.PROTOCOL_MISMATCH}: server speaks protocol ${PROTOCOL_VERSION}`,
    );
  });

  it('reports ECONNREFUSED for a port nobody listens on', async () => {
    const r = recording();
    connect(options(`http://127.0.0.1:${await closedPort()}`), r.h);
    expect(await r.outcome).toMatch(/^failed ECONNREFUSED/);
  });

  it('hears `kicked` before the server disconnects it', async () => {
    const r = recording();
    const c = connect(options(url), r.h);
    await r.outcome;
    c.request('room:join', [{ code: 'KICKME', name: 'x' }], 2000, () => {});
    expect(await r.disconnected).toBe('io server disconnect');
    expect(r.log).toEqual(['kicked slow', 'disconnected io server disconnect']);
  });

  it('leaves politely: the server sees a client disconnect and no handler runs', async () => {
    serverSideDisconnects.length = 0;
    const r = recording();
    const c = connect(options(url), r.h);
    await r.outcome;
    c.close();
    await until(() => serverSideDisconnects.length > 0);
    expect(serverSideDisconnects).toEqual(['client namespace disconnect']);
    expect(r.log).toEqual([]);
  });
});
