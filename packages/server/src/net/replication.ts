import {
  Interest,
  encodeSnapshotBody,
  encodeSnapshotTail,
  hashClientFrame,
  inInterest,
  visiblePlayers,
  type ClientFrame,
  type NetPlayer,
  type OwnerFields,
  type SimEvent,
} from '@tick-arena/common';
import type { Room } from '../rooms/room.js';
import type { GameServer } from '../socket-io.js';
import { ClientReplicator } from './client-replicator.js';
import { buildNetView, eventVisible, ticksLeft, type NetView } from './net-view.js';
import { tickFrame, transportBusy, writeTickFrame } from './tick-frame.js';

/** Plain counters on the hot path; `/metrics` copies them at scrape time. */
export class ReplicationStats {
  /** Snapshots written to a socket. */
  sent = 0;
  /** Of which written to the TCP socket directly rather than through engine.io (see `writeTickFrame`). */
  direct = 0;
  /** Of which full (no baseline). */
  full = 0;
  /** Snapshot bodies encoded (one per group of clients sharing a baseline and a view). */
  encodes = 0;
  /** Payload bytes of the snapshots written. */
  bytes = 0;
  /** Snapshots not sent, by reason: the transport was still busy / a newer tick of the same burst won. */
  skippedBusy = 0;
  skippedSuperseded = 0;
  /** Clients that reported a state-hash mismatch. */
  desyncs = 0;
  /** Sockets in a room (receiving snapshots) right now. */
  clients = 0;
}

export interface ReplicationOptions {
  /** A snapshot carries the hash of the receiver's state at least this many ticks apart. */
  hashEveryTicks: number;
  /**
   * Told of each snapshot written straight to a TCP socket (`writeTickFrame`), with its engine.io payload
   * bytes: engine.io's `packetCreate` never sees those (the admin page's per-room bytes/s counts both).
   */
  onDirectWrite?: (roomCode: string, payloadBytes: number) => void;
}

interface RoomCache {
  view: NetView | null;
}

/**
 * The per-client replication of every room on this process (STYLE 20-21, SPEC "Replication"): for each
 * published frame and each member, the players it can see, as a binary delta against the newest frame it
 * acknowledged, with its owner-only fields, written as one WebSocket frame (skipped, never queued, while
 * the client's previous write is in flight). Members that share a
 * baseline and a view share one encoded body; only the few bytes of owner fields are per client.
 */
export class Replication {
  readonly stats = new ReplicationStats();
  private readonly clients = new Map<string, ClientReplicator>();
  private readonly rooms = new Map<string, RoomCache>();

  constructor(
    private readonly io: () => GameServer,
    private readonly opts: ReplicationOptions,
  ) {}

  /** A socket entered a room (join, create, quick play, resume, spectate): its next snapshot is full. */
  enter(socketId: string, room: Room): void {
    this.clients.set(socketId, new ClientReplicator(room.frames.capacity));
    this.stats.clients = this.clients.size;
  }

  /** A socket left its room or disconnected. */
  forget(socketId: string): void {
    this.clients.delete(socketId);
    this.stats.clients = this.clients.size;
  }

  /** The client holds the snapshot of `tick` (from an input packet's ack, widened against the room's tick). */
  ack(socketId: string, tick: number): void {
    this.clients.get(socketId)?.ack(tick);
  }

  /** The client's state hash did not match: send it full snapshots until it acknowledges one. */
  resync(socketId: string): boolean {
    const ok = this.clients.get(socketId)?.resync() ?? false;
    if (ok) this.stats.desyncs += 1;
    return ok;
  }

  roomClosed(code: string): void {
    this.rooms.delete(code);
  }

  /** Replicate the room's newest frame to every member. `superseded`: snapshot ticks of this burst not sent. */
  publish(room: Room, superseded: number): void {
    const frame = room.frames.newest();
    if (!frame) return;
    const members = this.io().sockets.adapter.rooms.get(room.code);
    if (!members || members.size === 0) return;
    let cache = this.rooms.get(room.code);
    if (!cache) {
      cache = { view: null };
      this.rooms.set(room.code, cache);
    }
    const view = buildNetView(frame, room.info.tickRate, cache.view);
    cache.view = view;
    const oldest = room.frames.oldestTick;
    const sockets = this.io().sockets.sockets;
    // Bodies shared by clients with the same baseline, the same first event tick and the whole room in view
    // (a handful per room and frame: a linear search beats building string keys per client).
    const bodies: SharedBody[] = [];
    const eventsSince = new Map<number, readonly SimEvent[]>();
    // On a map no larger than the interest rectangle every player sees everyone: skip the per-client scan.
    const allInView = room.map.width <= Interest.HALF_WIDTH && room.map.height <= Interest.HALF_HEIGHT;

    for (const sid of members) {
      const socket = sockets.get(sid);
      const rep = this.clients.get(sid);
      if (!socket || !rep) continue;
      this.stats.skippedSuperseded += superseded;
      if (transportBusy(socket)) {
        this.stats.skippedBusy += 1;
        continue;
      }
      const playerId = socket.data.playerId;
      const me = playerId === null ? undefined : view.byId.get(playerId);
      const players: readonly NetPlayer[] =
        me && !allInView ? visiblePlayers(view.players, me.x, me.y, me.id) : view.players;
      const owner: OwnerFields | null = me
        ? {
            lastSeq: me.lastSeq,
            cooldownTicks: ticksLeft(me.cooldown, room.info.tickRate),
            respawnTicks: me.alive ? 0 : ticksLeft(me.respawnIn, room.info.tickRate),
          }
        : null;
      const cur: ClientFrame = {
        tick: view.tick,
        serverTime: view.serverTime,
        players,
        round: view.round,
        owner,
      };
      const base = rep.baseline(oldest);
      // A client that has been sent nothing yet gets this tick's events only.
      const from = Math.max(rep.lastSentTick, view.tick - 1, oldest - 1);
      const baseTick = base?.tick ?? -1;
      const shared = players === view.players;
      let body = shared ? findBody(bodies, baseTick, from) : undefined;
      if (body === undefined) {
        let events = eventsSince.get(from);
        if (!events) {
          events = collectEvents(room, from, view.tick);
          eventsSince.set(from, events);
        }
        if (!shared && me)
          events = events.filter((e) => eventVisible(e, (x, y) => inInterest(me.x, me.y, { x, y })));
        body = encodeSnapshotBody(base, cur, events);
        this.stats.encodes += 1;
        if (shared) bodies.push({ baseTick, from, body });
      }
      const hash = view.tick - rep.lastHashTick >= this.opts.hashEveryTicks ? hashClientFrame(cur) : null;
      if (hash !== null) rep.lastHashTick = view.tick;
      const tick = tickFrame(body, encodeSnapshotTail(base?.owner ?? null, owner, hash));
      // The engine.io message: the event code, then the snapshot payload.
      const messageBytes = tick.frame.length - tick.header;
      if (writeTickFrame(socket, tick)) {
        this.stats.direct += 1;
        this.opts.onDirectWrite?.(room.code, messageBytes);
      }
      rep.recordSent(cur);
      this.stats.sent += 1;
      this.stats.bytes += messageBytes - 1;
      if (!base) this.stats.full += 1;
    }
  }
}

interface SharedBody {
  readonly baseTick: number;
  readonly from: number;
  readonly body: Uint8Array;
}

function findBody(bodies: readonly SharedBody[], baseTick: number, from: number): Uint8Array | undefined {
  for (const b of bodies) if (b.baseTick === baseTick && b.from === from) return b.body;
  return undefined;
}

/** Events of the ticks after `afterTick` up to `tick`, in order. */
function collectEvents(room: Room, afterTick: number, tick: number): readonly SimEvent[] {
  if (tick - afterTick === 1) return room.frames.at(tick)?.state.events ?? [];
  const out: SimEvent[] = [];
  for (let t = afterTick + 1; t <= tick; t++) {
    const f = room.frames.at(t);
    if (f) out.push(...f.state.events);
  }
  return out;
}
