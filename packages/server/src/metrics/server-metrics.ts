import { performance } from 'node:perf_hooks';
import { ViewClamp } from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Violation } from '../net/guard.js';
import type { ReplicationStats } from '../net/replication.js';
import type { RoomManager } from '../rooms/room-manager.js';
import type { TickObserver } from '../rooms/types.js';
import type { GameServer } from '../socket-io.js';
import { EventLoopSampler } from './event-loop-sampler.js';
import { registerProcessMetrics } from './process-metrics.js';
import { RollingMax } from './rolling-max.js';
import { countTransport } from './transport-counters.js';

/**
 * Bucket bounds in seconds. Dense below 10 ms because that is where a healthy tick lives (the budget at
 * 30 Hz is 33 ms, at 128 Hz 7.8 ms) and a load tester reads p99 from these buckets.
 */
const TICK_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.006, 0.008, 0.01, 0.0125,
  0.015, 0.0175, 0.02, 0.025, 0.033, 0.05, 0.075, 0.1, 0.25, 0.5,
];
const LOOP_DELAY_BUCKETS = [
  0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1,
];
/**
 * Lag compensation rewinds, seconds: 25 ms steps up to the default bound (250 ms), coarser up to the largest
 * allowed bound (1 s). A mass at the configured bound means players are beyond it (see docs/netcode.md).
 */
const REWIND_BUCKETS = [
  0, 0.025, 0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3, 0.4, 0.5, 0.75, 1,
];
/** Window of the `*_max_seconds` gauges. */
const MAX_WINDOW_MS = 5_000;

export interface ServerMetrics {
  readonly registry: Registry;
  /** Pass to the room manager: receives every tick's duration. */
  readonly observer: TickObserver;
  /** Hook transport counters and room gauges, serve `GET /metrics`, stop the sampler on close. */
  attach(app: FastifyInstance, io: GameServer, rooms: RoomManager, replication: ReplicationStats): void;
}

/**
 * The server's own view for Prometheus and the load tester: tick duration per room, overruns, event-loop
 * delay, rooms and players, traffic, CPU and memory. One registry per app, so tests can build many apps.
 * Every counter is exported from the start, at 0, for each of its known label values (a room's from its
 * first tick): `rate()` and `increase()` need a sample before the first increment, and an absent series
 * reads as "no data" rather than "none happened".
 */
export function createServerMetrics(): ServerMetrics {
  const registry = new Registry();
  const now = () => performance.now();
  let rooms: RoomManager | undefined;

  const tickDuration = new Histogram({
    name: 'tick_arena_tick_duration_seconds',
    help: 'Time to run one room tick (inputs, simulation, snapshot encode and broadcast).',
    labelNames: ['room'],
    buckets: TICK_BUCKETS,
    registers: [registry],
  });
  const tickMax = new RollingMax(MAX_WINDOW_MS, 5, now);
  new Gauge({
    name: 'tick_arena_tick_duration_max_seconds',
    help: `Longest tick of any room in the last ${MAX_WINDOW_MS / 1000} s.`,
    registers: [registry],
    collect() {
      this.set(tickMax.value() / 1000);
    },
  });
  const overruns = new Counter({
    name: 'tick_arena_tick_overruns_total',
    help: "Ticks that took longer than the room's tick period.",
    labelNames: ['room'],
    registers: [registry],
  });
  const dropped = new Counter({
    name: 'tick_arena_ticks_dropped_total',
    help: 'Ticks a room skipped because its loop fell too far behind.',
    labelNames: ['room'],
    registers: [registry],
  });

  const loopDelay = new Histogram({
    name: 'tick_arena_event_loop_delay_seconds',
    help: 'How late a 10 ms timer fires: time the event loop was busy when it should have been free.',
    buckets: LOOP_DELAY_BUCKETS,
    registers: [registry],
  });
  const loopMax = new RollingMax(MAX_WINDOW_MS, 5, now);
  new Gauge({
    name: 'tick_arena_event_loop_delay_max_seconds',
    help: `Longest event-loop delay in the last ${MAX_WINDOW_MS / 1000} s.`,
    registers: [registry],
    collect() {
      this.set(loopMax.value() / 1000);
    },
  });
  const rewind = new Histogram({
    name: 'tick_arena_lag_compensation_rewind_seconds',
    help: 'How far back each shot that claimed a view time was judged (bots claim none), after the MAX_REWIND_MS bound.',
    buckets: REWIND_BUCKETS,
    registers: [registry],
  });
  const clamped = new Counter({
    name: 'tick_arena_lag_compensation_clamped_total',
    help: 'Shots whose view time was outside [now - MAX_REWIND_MS, now], by direction (past: judged at the bound; future: at the present).',
    labelNames: ['direction'],
    registers: [registry],
  });
  for (const direction of [ViewClamp.PAST, ViewClamp.FUTURE]) clamped.inc({ direction }, 0);

  const sampler = new EventLoopSampler((ms) => {
    loopDelay.observe(ms / 1000);
    loopMax.record(ms);
  });

  // Children cached per room: `labels()` hashes its argument on every call, and this runs every tick.
  const tickChildren = new Map<string, { observe(v: number): void }>();
  const observer: TickObserver = {
    tick(code, durationMs) {
      let child = tickChildren.get(code);
      if (!child) {
        child = tickDuration.labels({ room: code });
        tickChildren.set(code, child);
        // A room's counters exist from its first tick, at 0: `rate()` needs a sample before the first
        // increment, or the first overrun of a room is invisible to it.
        overruns.inc({ room: code }, 0);
        dropped.inc({ room: code }, 0);
      }
      child.observe(durationMs / 1000);
      tickMax.record(durationMs);
      const rate = rooms?.get(code)?.info.tickRate;
      if (rate !== undefined && durationMs > 1000 / rate) overruns.inc({ room: code });
    },
    overrun(code, droppedTicks) {
      dropped.inc({ room: code }, droppedTicks);
    },
    shot(_code, judgement) {
      rewind.observe(judgement.rewindMs / 1000);
      if (judgement.clamped !== ViewClamp.NONE) clamped.inc({ direction: judgement.clamped });
    },
  };

  /** Forget the series of rooms that are gone, so room codes do not pile up for the life of the process. */
  const pruneRooms = () => {
    for (const code of tickChildren.keys()) {
      if (rooms?.get(code)) continue;
      tickChildren.delete(code);
      tickDuration.remove({ room: code });
      overruns.remove({ room: code });
      dropped.remove({ room: code });
    }
  };

  registerProcessMetrics(registry);

  return {
    registry,
    observer,
    attach(app, io, manager, replication) {
      rooms = manager;
      // prom-client serialises metrics in registration order and calls each one's `collect` just before:
      // a metric that updates others must be registered ahead of them.
      let flushTransport = () => {};
      const counters = {
        bytesSent: new Counter({
          name: 'tick_arena_bytes_sent_total',
          help: 'Bytes written to client TCP connections.',
          registers: [registry],
          collect: () => flushTransport(),
        }),
        bytesReceived: new Counter({
          name: 'tick_arena_bytes_received_total',
          help: 'Bytes read from client TCP connections.',
          registers: [registry],
        }),
        messagesSent: new Counter({
          name: 'tick_arena_messages_sent_total',
          help: 'Messages written or queued to clients: engine.io message packets and snapshots written directly (ticks skipped for a busy socket are not).',
          registers: [registry],
        }),
        messagesReceived: new Counter({
          name: 'tick_arena_messages_received_total',
          help: 'engine.io message packets received from clients.',
          registers: [registry],
        }),
      };
      flushTransport = countTransport(app.server, io, counters, () => replication.direct);

      const players = new Gauge({
        name: 'tick_arena_players',
        help: 'Seated players by kind.',
        labelNames: ['kind'],
        registers: [],
      });
      new Gauge({
        name: 'tick_arena_rooms',
        help: 'Rooms hosted by this process.',
        registers: [registry],
        collect() {
          let humans = 0;
          let bots = 0;
          let spectators = 0;
          for (const r of manager.all()) {
            const s = r.summary();
            humans += s.players - s.bots;
            bots += s.bots;
            spectators += s.spectators;
          }
          this.set(manager.size);
          players.set({ kind: 'human' }, humans);
          players.set({ kind: 'bot' }, bots);
          players.set({ kind: 'spectator' }, spectators);
          pruneRooms();
        },
      });
      registry.registerMetric(players);
      new Gauge({
        name: 'tick_arena_sockets',
        help: 'Connected socket.io clients.',
        registers: [registry],
        collect() {
          this.set(io.engine.clientsCount);
        },
      });

      // The boundary keeps plain counters on its hot path; they are copied into these at scrape time.
      const boundary = app.boundaryStats;
      new Counter({
        name: 'tick_arena_messages_rejected_total',
        help: 'Client messages refused at the boundary, by reason (unknown_event, bad_arity, binary, rate_limited, bad_payload).',
        labelNames: ['reason'],
        registers: [registry],
        collect() {
          this.reset();
          // Every reason from 0, so each series exists before its first rejection (for `rate()`).
          for (const reason of Object.values(Violation))
            this.inc({ reason }, boundary.rejected.get(reason) ?? 0);
        },
      });
      new Counter({
        name: 'tick_arena_forced_disconnects_total',
        help: 'Sockets the server cut off, by reason (abuse: past the strike limit; slow: too much unsent data).',
        labelNames: ['reason'],
        registers: [registry],
        collect() {
          this.reset();
          this.inc({ reason: 'abuse' }, boundary.abuseDisconnects);
          this.inc({ reason: 'slow' }, boundary.slowDisconnects);
        },
      });
      new Counter({
        name: 'tick_arena_connections_refused_total',
        help: 'Connections refused at admission (origin, protocol version, per-IP cap, shutting down).',
        registers: [registry],
        collect() {
          this.reset();
          this.inc(boundary.refusedConnections);
        },
      });

      registerReplicationMetrics(registry, replication, now);

      sampler.start();
      app.addHook('onClose', async () => sampler.stop());
      app.get('/metrics', async (_req, reply) => {
        const body = await registry.metrics();
        return reply.type(registry.contentType).send(body);
      });
    },
  };
}

/**
 * Snapshot replication: sent, full, encoded bodies (sent / encodes is how often clients share one), payload
 * bytes, skipped sends by reason, desyncs, and the delivered rate per client since the previous scrape.
 */
function registerReplicationMetrics(registry: Registry, r: ReplicationStats, now: () => number): void {
  const counter = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  counter(
    'tick_arena_snapshots_sent_total',
    'Snapshots written to clients (one WebSocket frame each).',
    () => r.sent,
  );
  counter(
    'tick_arena_snapshots_full_total',
    'Snapshots sent without a baseline (join, resume, resync, old ack).',
    () => r.full,
  );
  counter(
    'tick_arena_snapshot_encodes_total',
    'Snapshot bodies encoded; clients sharing a baseline and a view share one body.',
    () => r.encodes,
  );
  counter('tick_arena_snapshot_bytes_total', 'Payload bytes of the snapshots sent.', () => r.bytes);
  counter(
    'tick_arena_desyncs_total',
    'Clients whose state hash did not match (answered with a full snapshot).',
    () => r.desyncs,
  );
  new Counter({
    name: 'tick_arena_snapshots_skipped_total',
    help: 'Snapshots not sent to a client, by reason: busy (its previous write was still in flight), superseded (a newer tick of the same loop callback went instead).',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      this.inc({ reason: 'busy' }, r.skippedBusy);
      this.inc({ reason: 'superseded' }, r.skippedSuperseded);
    },
  });
  let last = { at: now(), sent: r.sent };
  new Gauge({
    name: 'tick_arena_snapshot_rate_per_client',
    help: 'Snapshots delivered per client per second, averaged since the previous scrape.',
    registers: [registry],
    collect() {
      const t = now();
      const seconds = (t - last.at) / 1000;
      if (seconds > 0 && r.clients > 0) this.set((r.sent - last.sent) / seconds / r.clients);
      else this.set(0);
      last = { at: t, sent: r.sent };
    },
  });
}
