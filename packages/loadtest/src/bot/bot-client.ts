import { performance } from 'node:perf_hooks';
import {
  PROTOCOL_VERSION,
  hash01,
  ServerClock,
  SnapshotReceiver,
  encodeInput,
  narrowAck,
  narrowViewTick,
  type AckResult,
  type JoinedRoom,
} from '@tick-arena/common';
import type { BotCounters, BotEvent, BotSpec } from '../worker/protocol.js';
import { BotBehaviour, intentFor } from './bot-behaviours.js';
import type { BotConnection, ConnectionHandlers, ConnectOptions } from './bot-connection.js';
import type { InputScheduler, ScheduledBot } from './input-scheduler.js';

/** Where a bot's measurements go (the worker's interval histograms and event channel). */
export interface BotSink {
  gap(ms: number): void;
  age(ms: number): void;
  ack(ms: number): void;
  connected(ms: number): void;
  serverError(code: string): void;
  event(e: BotEvent): void;
}

/** Opens a bot's connection with one transport or the other (see bot-connection.ts). */
export type Connector = (options: ConnectOptions, handlers: ConnectionHandlers) => BotConnection;

/** Inputs remembered for acknowledgement latency; more than a second of inputs at 128 Hz. */
const RING = 256;
/** Clock samples at the start (to get an offset fast), then one every few seconds to follow drift. */
const SYNC_BURST = 5;
const SYNC_BURST_MS = 150;
const SYNC_EVERY_MS = 3000;

const epochNow = () => performance.timeOrigin + performance.now();

/**
 * One load-test client: connects like the browser client (same handshake, same typed events), enters a
 * room, sends one input per tick at the room's tick rate when the worker's shared scheduler says so, and
 * measures every snapshot it receives.
 *
 * It decodes every snapshot as a player's browser does, through its own `SnapshotReceiver` from common:
 * each `tick` is a delta against the newest snapshot the bot acknowledged, and every input packet carries
 * that acknowledgement (`narrowAck(ackTick)`) and the receiver's resync flag, so the server does for a bot
 * exactly the per-client replication work it does for a player. The measurements read the decoded frame:
 * `tick` (missed snapshots), `serverTime` (age) and the owner-only `lastSeq` (input acknowledgement). The
 * receiver's counters (full snapshots, decode errors, desyncs, missing baselines, payload bytes) go into
 * the bot's counters. Decoding is the per-snapshot cost that grows with the snapshot; measuring allocates
 * nothing.
 */
export class BotClient implements ScheduledBot {
  private conn: BotConnection | null = null;
  private stopped = false;
  private joinedRoom = false;
  private tickRate = 0;
  private snapshotEvery = 1;
  private nominalRate = 0;
  private snapshots = 0;
  private missed = 0;
  private lastTickAt = -1;
  private lastTick = -1;
  /** The shared server-clock estimate (common): snapshot age is its server time at receipt minus the tick's. */
  private readonly clock = new ServerClock();
  private seq = 0;
  private lastAcked = -1;
  private readonly sentSeq = new Int32Array(RING).fill(-1);
  private readonly sentAt = new Float64Array(RING);
  private syncTimer: NodeJS.Timeout | null = null;
  private kickedReason: string | null = null;
  /** Handlers of a connection only act while it is the current one (a reconnect retires the old one). */
  private generation = 0;
  private resumeToken = '';
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** Set from dropping the connection until the resume's answer: no inputs, no clock pings meanwhile. */
  private reconnecting = false;
  /** The connection a reconnect replaced, until the resume's answer (then closed), and its bytes after. */
  private retired: BotConnection | null = null;
  private retiredBytesIn = 0;
  private retiredBytesOut = 0;
  /** The bot's copy of the world: baselines by tick, what to acknowledge, decode counters. */
  private readonly receiver = new SnapshotReceiver();

  constructor(
    readonly spec: BotSpec,
    private readonly sink: BotSink,
    private readonly scheduler: InputScheduler,
    private readonly connect: Connector,
  ) {}

  counters(): BotCounters {
    const r = this.receiver.stats;
    return {
      id: this.spec.id,
      joined: this.joinedRoom && !this.stopped,
      snapshots: this.snapshots,
      missed: this.missed,
      // Summed over the connections of a reconnecting bot, so the counters never go backwards.
      bytesIn: this.retiredBytesIn + (this.retired?.bytesIn ?? 0) + (this.conn?.bytesIn ?? 0),
      bytesOut: this.retiredBytesOut + (this.retired?.bytesOut ?? 0) + (this.conn?.bytesOut ?? 0),
      nominalRate: this.nominalRate,
      snapshotBytes: r.bytes,
      fullSnapshots: r.full,
      decodeErrors: r.decodeErrors,
      desyncs: r.desyncs,
      missingBaselines: r.missingBaseline,
    };
  }

  start(): void {
    const started = performance.now();
    this.open(() => {
      this.startClockSync();
      this.enterRoom(started);
    });
  }

  /** Open a connection that becomes the current one; its handlers go quiet once another replaces it. */
  private open(onConnected: () => void): void {
    const generation = ++this.generation;
    const current = () => generation === this.generation && !this.stopped;
    const roomIndex = this.spec.room.index;
    const resuming = this.reconnecting;
    this.conn = this.connect(
      {
        url: this.spec.url,
        auth: { protocol: PROTOCOL_VERSION },
        connectTimeoutMs: this.spec.connectTimeoutMs,
        insecure: this.spec.insecure,
      },
      {
        connected: () => {
          if (current()) onConnected();
        },
        connectFailed: (reason, message) => {
          if (!current()) return;
          this.sink.event(
            resuming
              ? { kind: 'resume-failed', id: this.spec.id, roomIndex, reason, message }
              : { kind: 'connect-failed', id: this.spec.id, roomIndex, reason, message },
          );
          this.stop();
        },
        disconnected: (reason) => {
          if (!current()) return;
          this.sink.event({
            kind: 'disconnected',
            id: this.spec.id,
            roomIndex,
            reason: this.kickedReason ?? reason,
          });
          this.stop();
        },
        tick: (s) => {
          if (current()) this.onTick(s);
        },
        serverError: (e) => {
          if (current()) this.sink.serverError(e.code);
        },
        kicked: (info) => {
          if (current()) this.kickedReason = `kicked:${info.reason}`;
        },
      },
    );
  }

  /**
   * Drop the connection and get the seat back on a new one with the resume token, as a browser does when
   * its network changes. The old connection goes silent at once (no inputs; its snapshots are ignored) but
   * stays open until the server has handed the seat over: closing it first would be a deliberate leave,
   * which gives the seat up. The server closes it itself when the resume replaces it ("replaced"). A bot
   * that is not in a room, or already reconnecting, ignores the call.
   */
  reconnect(): void {
    if (this.stopped || !this.joinedRoom || this.reconnecting || !this.conn) return;
    const droppedAt = performance.now();
    const roomIndex = this.spec.room.index;
    this.reconnecting = true;
    this.scheduler.remove(this);
    this.retired = this.conn;
    this.open(() => {
      const conn = this.conn;
      if (!conn) return;
      conn.request('room:resume', [{ token: this.resumeToken }], this.spec.connectTimeoutMs, (err, res) => {
        if (this.stopped) return;
        if (err || !res || !res.ok) {
          const failure = !err && res && !res.ok ? res.error : null;
          this.sink.event({
            kind: 'resume-failed',
            id: this.spec.id,
            roomIndex,
            reason: failure?.code ?? 'timeout',
            message: failure?.message ?? 'no answer to the resume request',
          });
          this.stop();
          return;
        }
        this.closeRetired();
        this.reconnecting = false;
        // The resumed seat starts from a full snapshot (no baseline survives a reconnect), and the outage
        // is reported as the resume time and as missed snapshots, not as one long gap.
        this.receiver.reset();
        this.lastTickAt = -1;
        this.sink.event({ kind: 'resumed', id: this.spec.id, roomIndex, ms: performance.now() - droppedAt });
        this.scheduler.add(this, this.tickRate);
      });
    });
  }

  private closeRetired(): void {
    const old = this.retired;
    if (!old) return;
    old.close();
    this.retiredBytesIn += old.bytesIn;
    this.retiredBytesOut += old.bytesOut;
    this.retired = null;
  }

  /** A `reconnecting` bot drops its connection every `reconnectEveryMs`, first at a seeded phase of it. */
  private scheduleReconnects(): void {
    const every = this.spec.reconnectEveryMs ?? 0;
    if (this.spec.behaviour !== BotBehaviour.RECONNECTING || every <= 0) return;
    const next = (delay: number) => {
      this.reconnectTimer = setTimeout(() => {
        this.reconnect();
        next(every);
      }, delay);
    };
    next(every * (0.5 + hash01(this.spec.seed, 7)));
  }

  /** Leave: close the connection and every timer. Idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.scheduler.remove(this);
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.closeRetired();
    this.conn?.close();
  }

  private enterRoom(started: number): void {
    const conn = this.conn;
    if (!conn) return;
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
      this.resumeToken = res.data.resumeToken;
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
      this.tickRate = info.tickRate;
      this.scheduler.add(this, info.tickRate);
      this.scheduleReconnects();
    };
    const timeout = this.spec.connectTimeoutMs;
    if (room.kind === 'create') {
      const req = {
        name: this.spec.name,
        public: false,
        maxPlayers: room.maxPlayers,
        tickRate: room.tickRate,
        bots: room.bots ?? 0,
        ...(room.snapshotEvery !== undefined ? { snapshotEvery: room.snapshotEvery } : {}),
      };
      conn.request('room:create', [req], timeout, onAck);
    } else {
      conn.request('room:join', [{ code: room.code, name: this.spec.name }], timeout, onAck);
    }
  }

  /** One input, when the worker's scheduler says this bot's tick is due. */
  sendInput(): void {
    const conn = this.conn;
    if (this.stopped || !conn) return;
    const seq = this.seq++;
    const intent = intentFor(this.spec.behaviour ?? BotBehaviour.FIGHTER, this.spec.seed, seq, this.tickRate);
    const r = this.receiver;
    // What the browser client sends: the intent, the newest snapshot tick held (low 16 bits, -1 for none:
    // the server then sends a full snapshot), whether the receiver lost sync, and the view tick its shots
    // are judged at. A bot draws nothing and interpolates nothing, so it "sees" the newest snapshot.
    const packet = encodeInput({
      seq,
      mx: intent.mx,
      my: intent.my,
      aim: intent.aim,
      fire: intent.fire,
      ack: narrowAck(r.ackTick),
      resync: r.needsResync,
      view: r.ackTick < 0 ? -1 : narrowViewTick(r.ackTick),
    });
    this.sentSeq[seq % RING] = seq;
    // Read per bot, not once per bucket: a bucket of a few hundred bots takes a millisecond or two to send.
    this.sentAt[seq % RING] = performance.now();
    conn.emit('input', packet);
  }

  private startClockSync(): void {
    let sent = 0;
    const ping = () => {
      const conn = this.conn;
      if (this.stopped || !conn) return;
      if (this.reconnecting) {
        this.syncTimer = setTimeout(ping, SYNC_EVERY_MS);
        return;
      }
      const sentAt = epochNow();
      conn.request('time:sync', [performance.now()], 0, (err, reply) => {
        if (err || !reply) return;
        this.clock.add({ sentAt, receivedAt: epochNow(), serverTime: reply.serverTime });
      });
      sent += 1;
      this.syncTimer = setTimeout(ping, sent < SYNC_BURST ? SYNC_BURST_MS : SYNC_EVERY_MS);
    };
    ping();
  }

  /**
   * One binary snapshot. `bytes` may be a view of the transport's shared read buffer: the receiver decodes
   * it here and keeps only decoded objects. Every snapshot is decoded, even one that arrives before the
   * join's answer, so the delta chain never has a hole; only the measurements wait for the join.
   */
  private onTick(bytes: Uint8Array): void {
    // Receipt time before decoding, so the decoder's cost does not count as network age.
    const now = performance.now();
    const result = this.receiver.receive(bytes);
    this.snapshots += 1;
    if (!this.joinedRoom) return;
    if (this.lastTickAt >= 0) this.sink.gap(now - this.lastTickAt);
    this.lastTickAt = now;
    // A decode error or a missing baseline: counted by the receiver (and reported), nothing to read.
    if (!result.ok) return;
    const { snapshot, desync } = result.value;
    const frame = snapshot.frame;
    if (this.lastTick >= 0 && frame.tick > this.lastTick) {
      const skipped = Math.round((frame.tick - this.lastTick) / this.snapshotEvery) - 1;
      if (skipped > 0) this.missed += skipped;
    }
    // A snapshot reordered by the network neither counts twice nor moves the tick back.
    if (frame.tick > this.lastTick) this.lastTick = frame.tick;
    if (this.clock.ready)
      this.sink.age(this.clock.serverTime(performance.timeOrigin + now) - frame.serverTime);
    // After a desync the owner fields may be wrong too (they are delta coded): trust them again after the
    // full snapshot the resync flag asks for.
    if (!desync && frame.owner !== null) this.acknowledge(frame.owner.lastSeq, now);
  }

  /** Every input newly covered by `lastSeq` was acknowledged now. */
  private acknowledge(lastSeq: number, now: number): void {
    if (lastSeq <= this.lastAcked) return;
    for (let s = Math.max(this.lastAcked + 1, lastSeq - RING + 1); s <= lastSeq; s++) {
      if (this.sentSeq[s % RING] === s) this.sink.ack(now - (this.sentAt[s % RING] as number));
    }
    this.lastAcked = lastSeq;
  }
}
