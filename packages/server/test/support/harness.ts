import type { AddressInfo } from 'node:net';
import {
  PROTOCOL_VERSION,
  SnapshotReceiver,
  binaryParser,
  encodeInput,
  type AckResult,
  type JoinedRoom,
  type ClientToServerEvents,
  type NetPlayer,
  type OwnerFields,
  type ServerToClientEvents,
  type SimEvent,
  type SimInput,
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
    parser: binaryParser,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  tapOf(socket);
  return socket;
}

/** A decoded state tick as tests read it. */
export interface TestSnapshot {
  t: number;
  st: number;
  players: readonly NetPlayer[];
  owner: OwnerFields | null;
  events: readonly SimEvent[];
  /** The snapshot was a delta (not full). */
  delta: boolean;
  bytes: number;
}

/** Every test socket decodes its ticks with the shared receiver, as the browser client and the bots do. */
class TickTap {
  readonly receiver = new SnapshotReceiver();
  readonly listeners = new Set<(s: TestSnapshot) => void>();
  decodeErrors = 0;

  constructor(socket: TestClient) {
    socket.on('tick', (bytes) => {
      const r = this.receiver.receive(bytes);
      if (!r.ok) {
        this.decodeErrors += 1;
        return;
      }
      const d = r.value.snapshot;
      const snap: TestSnapshot = {
        t: d.frame.tick,
        st: d.frame.serverTime,
        players: d.frame.players,
        owner: d.frame.owner,
        events: d.events,
        delta: d.baseTick >= 0,
        bytes: bytes.byteLength,
      };
      for (const fn of [...this.listeners]) fn(snap);
    });
  }
}

const taps = new WeakMap<TestClient, TickTap>();

export function tapOf(socket: TestClient): TickTap {
  let tap = taps.get(socket);
  if (!tap) {
    tap = new TickTap(socket);
    taps.set(socket, tap);
  }
  return tap;
}

/** Listen to decoded snapshots; returns the unsubscribe function. */
export function onSnapshot(socket: TestClient, fn: (s: TestSnapshot) => void): () => void {
  const tap = tapOf(socket);
  tap.listeners.add(fn);
  return () => tap.listeners.delete(fn);
}

/** Send one input packet carrying this socket's snapshot acknowledgement, as the real client does. */
export function sendInput(socket: TestClient, cmd: SimInput): void {
  const r = tapOf(socket).receiver;
  const ack = r.ackTick < 0 ? -1 : r.ackTick & 0xffff;
  socket.emit('input', encodeInput({ ...cmd, ack, resync: r.needsResync, view: -1 }));
}

type RequestEvent = 'room:create' | 'room:join' | 'room:quickplay' | 'room:resume' | 'room:peek';

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

/** Send a request that takes only an ack (`room:list`, `room:leave`, `lobby:watch`) and await the answer. */
export function ask<T = unknown>(
  socket: TestClient,
  event: 'room:list' | 'room:leave' | 'lobby:watch',
): Promise<AckResult<T>> {
  return new Promise((resolve) => {
    (socket as unknown as { emit(ev: string, ack: (r: AckResult<T>) => void): void }).emit(event, resolve);
  });
}

/** Emit any event with any arguments, bypassing the typed API (for malformed input). */
export function emitRaw(socket: TestClient, event: string, ...args: unknown[]): void {
  (socket as unknown as { emit(ev: string, ...a: unknown[]): void }).emit(event, ...args);
}

/** Collect decoded snapshots until `count` have arrived. */
export function collectTicks(socket: TestClient, count: number, timeoutMs = 10_000): Promise<TestSnapshot[]> {
  return new Promise((resolve, reject) => {
    const got: TestSnapshot[] = [];
    const timer = setTimeout(() => {
      off();
      reject(new Error(`only ${got.length}/${count} ticks in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = onSnapshot(socket, (s) => {
      got.push(s);
      if (got.length >= count) {
        clearTimeout(timer);
        off();
        resolve(got);
      }
    });
  });
}

/** Wait for the next decoded snapshot satisfying a predicate. */
export function waitForTick(
  socket: TestClient,
  pred: (s: TestSnapshot) => boolean,
  timeoutMs = 5_000,
): Promise<TestSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('condition not met before timeout'));
    }, timeoutMs);
    const off = onSnapshot(socket, (s) => {
      if (!pred(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

/** A player in a snapshot; `lastSeq` is the receiver's own (owner-only), whoever `id` is. */
export function playerIn(s: TestSnapshot, id: number) {
  const p = s.players.find((q) => q.id === id);
  return p
    ? { id: p.id, x: p.x, y: p.y, hp: p.hp, alive: p.alive, lastSeq: s.owner?.lastSeq ?? -1 }
    : undefined;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const validCreate = { name: 'Ana', public: true, maxPlayers: 4, tickRate: 30, bots: 0 };

/** Create a room (`validCreate` with `overrides`) and return its code; a refusal throws its message. */
export async function createRoom(
  socket: TestClient,
  overrides: Partial<typeof validCreate> = {},
): Promise<string> {
  const made = await request<JoinedRoom>(socket, 'room:create', { ...validCreate, ...overrides });
  if (!made.ok) throw new Error(made.error.message);
  return made.data.room.code;
}

/** Send one input per received tick, as a real client does (the server consumes at most one per tick). */
export async function drive(
  socket: TestClient,
  count: number,
  firstSeq: number,
  cmd: { mx: number; my: number; aim?: number; fire?: boolean },
): Promise<void> {
  for (let i = 0; i < count; i++) {
    await collectTicks(socket, 1);
    sendInput(socket, {
      seq: firstSeq + i,
      mx: cmd.mx,
      my: cmd.my,
      aim: cmd.aim ?? 0,
      fire: cmd.fire ?? false,
    });
  }
}
