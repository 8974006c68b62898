import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloseReason,
  ErrorCode,
  PROTOCOL_VERSION,
  RoundPhase,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SnapshotWire,
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

const snapshot = (seq: number): SnapshotWire => ({
  t: seq,
  st: 1234.5,
  p: [
    [7, 1, 2, 0.5, 100, 1, seq - 1, 0, 0],
    [3, 10, 20, 0.25, 100, 1, seq, 2, 1],
  ],
  e: [],
  r: [1, RoundPhase.PLAYING, 30, -1],
});

beforeAll(async () => {
  http = createServer();
  io = new Server(http);
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
    s.on('input', (cmd) => s.emit('tick', snapshot(cmd.seq)));
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
  const ticks: SnapshotWire[] = [];
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
    tick: (s) => ticks.push(s),
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
    for (let seq = 1; seq <= 3; seq++) c.emit('input', { seq, mx: 1, my: 0, aim: 0.5, fire: seq === 2 });
    await until(() => r.ticks.length === 3);
    expect(r.ticks.map((s) => s.t)).toEqual([1, 2, 3]);
    expect(r.ticks[2]).toEqual(snapshot(3));
    expect(c.bytesIn).toBeGreaterThan(3 * JSON.stringify(snapshot(3)).length);
    expect(c.bytesOut).toBeGreaterThan(3 * 50);
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
