import {
  BotBrains,
  createGameState,
  decodeInput,
  encodeSnapshotBody,
  encodeSnapshotTail,
  hashClientFrame,
  joinSnapshot,
  widenAck,
  type ArenaMap,
  type BotDifficulty,
  type ClientFrame,
  type PlayerId,
  type PlayerState,
  type SimEvent,
} from '@tick-arena/common';
// Tests may reach into another package's source to run the real server parts; application code may not.
import { TickEngine } from '../../../server/src/loop/tick-engine.js';
import { ClientReplicator } from '../../../server/src/net/client-replicator.js';
import { buildNetView, ticksLeft, type NetView } from '../../../server/src/net/net-view.js';
import { InputQueue } from '../../../server/src/rooms/input-queue.js';

export interface LoopbackServerOptions {
  readonly tickRate: number;
  readonly map: ArenaMap;
  /** Server wall clock, epoch ms (frame timestamps). */
  readonly clock: () => number;
  /** The one human player, whose inputs arrive through `receiveInput` and who is sent snapshots. */
  readonly selfId: PlayerId;
  /** Bots in the room (server-driven, `BotBrains`): they move and shoot, so the human dies and respawns. */
  readonly botIds?: readonly PlayerId[];
  /** How well they play. @default 'normal' (these tests want the human shot, not a newcomer's gentle bots) */
  readonly botDifficulty?: BotDifficulty;
  readonly seed: number;
  /** A snapshot carries the state hash every this many ticks. @default 30 (the server's default) */
  readonly hashEveryTicks?: number;
}

/**
 * The server's side of one client, without sockets: the real tick engine (one input per tick, the last one
 * repeated for 100 ms when the queue is empty), the real input queue (stale and duplicate sequence numbers
 * dropped, a standing backlog trimmed), the real per-client replicator (deltas against the acknowledged
 * frame) and the real codecs, wired as `server/src/net/handlers.ts` and `replication.ts` wire them for a
 * room whose whole map is in view. A round that never ends (no timer, no kill limit).
 */
export class LoopbackServer {
  readonly engine: TickEngine;
  private readonly queue = new InputQueue();
  private readonly replicator: ClientReplicator;
  private view: NetView | null = null;
  private readonly hashEvery: number;
  private readonly bots: BotBrains;

  constructor(private readonly o: LoopbackServerOptions) {
    this.engine = new TickEngine({
      state: createGameState({ seed: o.seed, roundSeconds: 0, killLimit: 0 }),
      tickRate: o.tickRate,
      map: o.map,
      clock: o.clock,
    });
    this.engine.queue({ kind: 'join', id: o.selfId });
    for (const id of o.botIds ?? []) this.engine.queue({ kind: 'join', id });
    this.replicator = new ClientReplicator(this.engine.ring.capacity);
    this.hashEvery = o.hashEveryTicks ?? 30;
    this.bots = new BotBrains({ map: o.map, tickRate: o.tickRate, difficulty: o.botDifficulty ?? 'normal' });
  }

  /** The human's state on the server now. */
  self(): PlayerState | undefined {
    return this.engine.state.players.find((p) => p.id === this.o.selfId);
  }

  /** An input packet arrived (the `input` handler): acknowledge a snapshot, queue the command. */
  receiveInput(bytes: Uint8Array): void {
    const decoded = decodeInput(bytes);
    if (!decoded.ok) throw new Error(`bad input packet: ${decoded.error.message}`);
    const packet = decoded.value;
    if (packet.resync) this.replicator.resync();
    else if (packet.ack >= 0) this.replicator.ack(widenAck(packet.ack, this.engine.state.tick));
    this.queue.push(packet);
  }

  /** Run one tick and return the client's snapshot of it: one binary frame, body and tail. */
  tick(): Uint8Array {
    const frame = this.engine.tick((id, state) =>
      id === this.o.selfId ? this.queue.shift() : this.bots.input(state, id),
    );
    const view = buildNetView(frame, this.o.tickRate, this.view);
    this.view = view;
    const me = view.byId.get(this.o.selfId);
    const cur: ClientFrame = {
      tick: view.tick,
      serverTime: view.serverTime,
      players: view.players,
      round: view.round,
      owner: me
        ? {
            lastSeq: me.lastSeq,
            cooldownTicks: ticksLeft(me.cooldown, this.o.tickRate),
            respawnTicks: me.alive ? 0 : ticksLeft(me.respawnIn, this.o.tickRate),
          }
        : null,
    };
    const ring = this.engine.ring;
    const rep = this.replicator;
    const base = rep.baseline(ring.oldestTick);
    const events: SimEvent[] = [];
    for (let t = Math.max(rep.lastSentTick, view.tick - 1, ring.oldestTick - 1) + 1; t <= view.tick; t++) {
      events.push(...(ring.at(t)?.state.events ?? []));
    }
    const hash = view.tick - rep.lastHashTick >= this.hashEvery ? hashClientFrame(cur) : null;
    if (hash !== null) rep.lastHashTick = view.tick;
    const bytes = joinSnapshot(
      encodeSnapshotBody(base, cur, events),
      encodeSnapshotTail(base?.owner ?? null, cur.owner, hash),
    );
    rep.recordSent(cur);
    return bytes;
  }
}
