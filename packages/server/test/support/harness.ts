import type { AddressInfo } from 'node:net';
import {
  PROTOCOL_VERSION,
  type AckResult,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SnapshotWire,
} from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { io, type Socket } from 'socket.io-client';
import { buildApp, loadConfig, type BuildOptions } from '../../src/index.js';

export type TestClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real server on 127.0.0.1, port 0, no client build, quiet logs. */
export async function startServer(
  env: Record<string, string> = {},
  options: BuildOptions = {},
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp(loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR: '', ...env }), options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

/** Connect a real socket.io client over WebSocket and wait for the handshake. */
export async function connect(url: string, protocol: unknown = PROTOCOL_VERSION): Promise<TestClient> {
  const socket: TestClient = io(url, {
    auth: { protocol },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return socket;
}

type RequestEvent = 'room:create' | 'room:join' | 'room:quickplay' | 'room:resume';

/** Send a request event (payload deliberately `unknown`, to send bad ones too) and await its ack. */
export function request<T = unknown>(
  socket: TestClient,
  event: RequestEvent,
  payload: unknown,
): Promise<AckResult<T>> {
  return new Promise((resolve) => {
    (socket as unknown as { emit(ev: string, p: unknown, ack: (r: AckResult<T>) => void): void }).emit(
      event,
      payload,
      resolve,
    );
  });
}

/** Emit any event with any arguments, bypassing the typed API (for malformed input). */
export function emitRaw(socket: TestClient, event: string, ...args: unknown[]): void {
  (socket as unknown as { emit(ev: string, ...a: unknown[]): void }).emit(event, ...args);
}

/** Collect snapshots until `count` have arrived. */
export function collectTicks(socket: TestClient, count: number, timeoutMs = 10_000): Promise<SnapshotWire[]> {
  return new Promise((resolve, reject) => {
    const got: SnapshotWire[] = [];
    const timer = setTimeout(() => {
      socket.off('tick', onTick);
      reject(new Error(`only ${got.length}/${count} ticks in ${timeoutMs} ms`));
    }, timeoutMs);
    const onTick = (s: SnapshotWire) => {
      got.push(s);
      if (got.length >= count) {
        clearTimeout(timer);
        socket.off('tick', onTick);
        resolve(got);
      }
    };
    socket.on('tick', onTick);
  });
}

/** Wait for the next snapshot satisfying a predicate. */
export function waitForTick(
  socket: TestClient,
  pred: (s: SnapshotWire) => boolean,
  timeoutMs = 5_000,
): Promise<SnapshotWire> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off('tick', onTick);
      reject(new Error('condition not met before timeout'));
    }, timeoutMs);
    const onTick = (s: SnapshotWire) => {
      if (!pred(s)) return;
      clearTimeout(timer);
      socket.off('tick', onTick);
      resolve(s);
    };
    socket.on('tick', onTick);
  });
}

export function playerIn(s: SnapshotWire, id: number) {
  const t = s.p.find((p) => p[0] === id);
  return t ? { id: t[0], x: t[1], y: t[2], lastSeq: t[6] } : undefined;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const validCreate = { name: 'Ana', public: true, maxPlayers: 4, tickRate: 30, bots: 0 };

/** Send one input per received tick, as a real client does (the server consumes at most one per tick). */
export async function drive(
  socket: TestClient,
  count: number,
  firstSeq: number,
  cmd: { mx: number; my: number; aim?: number; fire?: boolean },
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await collectTicks(socket, 1);
    socket.emit('input', {
      seq: firstSeq + i,
      mx: cmd.mx,
      my: cmd.my,
      aim: cmd.aim ?? 0,
      fire: cmd.fire ?? false,
    });
  }
}
