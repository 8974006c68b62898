import { performance } from 'node:perf_hooks';
import {
  PROTOCOL_VERSION,
  type AckResult,
  type ClientToServerEvents,
  type JoinedRoom,
  type ServerToClientEvents,
  type SnapshotWire,
} from '@tick-arena/common';
import { io, type Socket } from 'socket.io-client';
import { ClockOffsetEstimator } from '../stats/clock-offset.js';
import type { BotCounters, BotEvent, BotSpec } from '../worker/protocol.js';
import { scriptedIntent } from './behaviour.js';
import { byteCountingAgent, type ByteCounter } from './byte-counting-agent.js';

/** Where a bot's measurements go (the worker's interval histograms and event channel). */
export interface BotSink {
  gap(ms: number): void;
  age(ms: number): void;
  ack(ms: number): void;
  connected(ms: number): void;
  serverError(code: string): void;
  event(e: BotEvent): void;
}

type BotSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Inputs remembered for acknowledgement latency; more than a second of inputs at 128 Hz. */
const RING = 256;
/** Clock samples at the start (to get an offset fast), then one every few seconds to follow drift. */
const SYNC_BURST = 5;
const SYNC_BURST_MS = 150;
const SYNC_EVERY_MS = 3000;

const epochNow = () => performance.timeOrigin + performance.now();

/**
 * One load-test client: connects like the browser client (same handshake, same typed events), enters a
 * room, sends one input per tick at the room's tick rate on a drift-corrected timer, and measures every
 * snapshot it receives. Nothing here allocates per snapshot beyond what socket.io already does.
 */
export class BotClient {
  private socket: BotSocket | null = null;
  private bytes: ByteCounter = { bytesIn: 0, bytesOut: 0 };
  private stopped = false;
  private joinedRoom = false;
  private playerId = -1;
  private snapshotEvery = 1;
  private nominalRate = 0;
  private snapshots = 0;
  private missed = 0;
  private lastTickAt = -1;
  private lastTick = -1;
  private offset: number | null = null;
  private readonly clock = new ClockOffsetEstimator();
  private seq = 0;
  private lastAcked = -1;
  private readonly sentSeq = new Int32Array(RING).fill(-1);
  private readonly sentAt = new Float64Array(RING);
  private inputTimer: NodeJS.Timeout | null = null;
  private syncTimer: NodeJS.Timeout | null = null;
  private kickedReason: string | null = null;

  constructor(
    readonly spec: BotSpec,
    private readonly sink: BotSink,
  ) {}

  counters(): BotCounters {
    return {
      id: this.spec.id,
      joined: this.joinedRoom && !this.stopped,
      snapshots: this.snapshots,
      missed: this.missed,
      bytesIn: this.bytes.bytesIn,
      bytesOut: this.bytes.bytesOut,
      nominalRate: this.nominalRate,
    };
  }

  start(): void {
    const started = performance.now();
    const { agent, counter } = byteCountingAgent(this.spec.url);
    this.bytes = counter;
    const socket: BotSocket = io(this.spec.url, {
      auth: { protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: this.spec.connectTimeoutMs,
      // Typed `string | boolean` for the browser build; in Node it is handed to `ws` as an http.Agent.
      agent: agent as unknown as string,
    });
    this.socket = socket;
    const roomIndex = this.spec.room.index;

    socket.once('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      if (this.stopped) return;
      const reason = err.data?.code ?? describeTransportError(err);
      this.sink.event({
        kind: 'connect-failed',
        id: this.spec.id,
        roomIndex,
        reason,
        message: err.data?.message ?? err.message,
      });
      this.stop();
    });
    socket.once('connect', () => {
      this.startClockSync();
      this.enterRoom(started);
    });
    socket.on('tick', this.onTick);
    socket.on('server:error', (e) => this.sink.serverError(e.code));
    socket.on('kicked', (info) => {
      this.kickedReason = `kicked:${info.reason}`;
    });
    socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.sink.event({
        kind: 'disconnected',
        id: this.spec.id,
        roomIndex,
        reason: this.kickedReason ?? reason,
      });
      this.stop();
    });
  }

  /** Leave: close the connection and every timer. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    if (this.inputTimer) clearTimeout(this.inputTimer);
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.inputTimer = null;
    this.syncTimer = null;
    this.socket?.off('tick', this.onTick);
    this.socket?.disconnect();
  }

  private enterRoom(started: number): void {
    const socket = this.socket;
    if (!socket) return;
    const room = this.spec.room;
    const onAck = (err: Error | null, res?: AckResult<JoinedRoom>) => {
      if (this.stopped) return;
      if (err || !res) {
        this.sink.event({
          kind: 'join-failed',
          id: this.spec.id,
          roomIndex: room.index,
          reason: 'timeout',
          message: 'no answer to the room request',
        });
        this.stop();
        return;
      }
      if (!res.ok) {
        this.sink.event({
          kind: 'join-failed',
          id: this.spec.id,
          roomIndex: room.index,
          reason: res.error.code,
          message: res.error.message,
        });
        this.stop();
        return;
      }
      const info = res.data.room;
      this.playerId = res.data.playerId;
      this.snapshotEvery = info.snapshotEvery;
      this.nominalRate = info.tickRate / info.snapshotEvery;
      this.joinedRoom = true;
      const ms = performance.now() - started;
      this.sink.connected(ms);
      this.sink.event({
        kind: 'joined',
        id: this.spec.id,
        roomIndex: room.index,
        playerId: res.data.playerId,
        ms,
        room: {
          code: info.code,
          tickRate: info.tickRate,
          snapshotEvery: info.snapshotEvery,
          players: info.players,
          maxPlayers: info.maxPlayers,
        },
      });
      this.startInputs(info.tickRate);
    };
    const timed = socket.timeout(this.spec.connectTimeoutMs);
    if (room.kind === 'create') {
      timed.emit(
        'room:create',
        {
          name: this.spec.name,
          public: false,
          maxPlayers: room.maxPlayers,
          tickRate: room.tickRate,
          bots: 0,
          ...(room.snapshotEvery !== undefined ? { snapshotEvery: room.snapshotEvery } : {}),
        },
        onAck,
      );
    } else {
      timed.emit('room:join', { code: room.code, name: this.spec.name }, onAck);
    }
  }

  /**
   * One input per tick at a random phase (real players are not in step with each other), on a clock
   * anchored at the start: tick n is due at anchor + n * period, so timer lateness never accumulates
   * (`setInterval(1000 / 30)` would send 30.3 inputs a second and build a backlog on the server).
   */
  private startInputs(tickRate: number): void {
    const period = 1000 / tickRate;
    const anchor = performance.now() + Math.random() * period;
    let n = 0;
    const send = () => {
      if (this.stopped || !this.socket) return;
      const now = performance.now();
      const seq = this.seq++;
      const intent = scriptedIntent(this.spec.seed, seq, tickRate);
      this.sentSeq[seq % RING] = seq;
      this.sentAt[seq % RING] = now;
      this.socket.emit('input', { seq, ...intent });
      // Skip slots that are already past (a stalled loop) instead of sending a burst to catch up.
      n = Math.max(n + 1, Math.floor((now - anchor) / period) + 1);
      this.inputTimer = setTimeout(send, Math.max(0, anchor + n * period - performance.now()));
    };
    this.inputTimer = setTimeout(send, Math.max(0, anchor - performance.now()));
  }

  private startClockSync(): void {
    let sent = 0;
    const ping = () => {
      const socket = this.socket;
      if (this.stopped || !socket) return;
      const sentAt = epochNow();
      socket.emit('time:sync', performance.now(), (reply) => {
        this.clock.add({ sentAt, receivedAt: epochNow(), serverTime: reply.serverTime });
        this.offset = this.clock.offset();
      });
      sent += 1;
      this.syncTimer = setTimeout(ping, sent < SYNC_BURST ? SYNC_BURST_MS : SYNC_EVERY_MS);
    };
    ping();
  }

  private readonly onTick = (s: SnapshotWire): void => {
    if (!this.joinedRoom) return;
    const now = performance.now();
    this.snapshots += 1;
    if (this.lastTickAt >= 0) this.sink.gap(now - this.lastTickAt);
    this.lastTickAt = now;
    if (this.lastTick >= 0 && s.t > this.lastTick) {
      const skipped = Math.round((s.t - this.lastTick) / this.snapshotEvery) - 1;
      if (skipped > 0) this.missed += skipped;
    }
    this.lastTick = s.t;
    if (this.offset !== null) this.sink.age(performance.timeOrigin + now + this.offset - s.st);
    for (const p of s.p) {
      if (p[0] !== this.playerId) continue;
      this.acknowledge(p[6], now);
      break;
    }
  };

  /** Every input newly covered by `lastSeq` was acknowledged now. */
  private acknowledge(lastSeq: number, now: number): void {
    if (lastSeq <= this.lastAcked) return;
    for (let s = Math.max(this.lastAcked + 1, lastSeq - RING + 1); s <= lastSeq; s++) {
      if (this.sentSeq[s % RING] === s) this.sink.ack(now - (this.sentAt[s % RING] as number));
    }
    this.lastAcked = lastSeq;
  }
}

/** `ECONNREFUSED`, `timeout`, ... from a socket.io-client transport error. */
function describeTransportError(err: Error & { description?: unknown }): string {
  const d = err.description as { code?: string; error?: { code?: string }; message?: string } | undefined;
  const code = d?.code ?? d?.error?.code;
  if (typeof code === 'string') return code;
  if (err.message === 'timeout') return 'timeout';
  return err.message || 'connect error';
}
