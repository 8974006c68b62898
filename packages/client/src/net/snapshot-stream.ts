import {
  SnapshotReceiver,
  type DecodedSnapshot,
  type PlayerId,
  type RoundPhase,
  type SimEvent,
} from '@tick-arena/common';
import type { GameSocket } from './connection.js';

/** One player as a decoded snapshot shows it (already on the simulation's grids). */
export interface SnapshotPlayer {
  readonly id: PlayerId;
  readonly x: number;
  readonly y: number;
  readonly aim: number;
  readonly hp: number;
  readonly alive: boolean;
  readonly protected: boolean;
}

/** A decoded state tick, as the world view and the HUD consume it. */
export interface Snapshot {
  readonly tick: number;
  /** Server time of the tick, epoch ms. */
  readonly serverTime: number;
  /** The players this client can see (its interest area), ascending by id. */
  readonly players: readonly SnapshotPlayer[];
  /** Events since the previous snapshot sent to this client. */
  readonly events: readonly SimEvent[];
  readonly round: {
    readonly number: number;
    readonly phase: RoundPhase;
    /** Seconds left in the round (0 = untimed) or in the intermission. */
    readonly timeLeft: number;
    readonly winner: PlayerId;
  };
  /** The last input sequence the server applied for this client (-1 for a spectator or before the first). */
  readonly lastSeq: number;
}

/** Receive-side counters, for the debug hook and (later) the net graph. */
export interface StreamStats {
  /** Snapshot frames received on this socket since the page loaded. */
  readonly received: number;
  readonly decodeErrors: number;
  readonly desyncs: number;
  readonly fullSnapshots: number;
  readonly bytes: number;
}

/**
 * The client's end of state replication: every `tick` frame of the socket goes through the shared
 * `SnapshotReceiver` (the same decoder the load tester's bots run), which keeps the baselines deltas refer
 * to, checks the state hash and knows what to acknowledge. The stream turns decoded frames into
 * `Snapshot`s for whoever listens (the game session) and supplies the ack and resync flag of the next
 * input packet.
 */
export class SnapshotStream {
  private readonly receiver = new SnapshotReceiver();
  private listener: ((s: Snapshot) => void) | null = null;
  private tickRate = 30;
  private count = 0;

  constructor(socket: GameSocket) {
    socket.on('tick', this.onTick);
  }

  /** Start delivering to `listener` for a room at `tickRate` (a new room or a resumed seat: no baselines). */
  attach(tickRate: number, listener: (s: Snapshot) => void): void {
    this.receiver.reset();
    this.tickRate = tickRate;
    this.listener = listener;
  }

  detach(): void {
    this.listener = null;
    this.receiver.reset();
  }

  /** Low 16 bits of the newest snapshot tick held, or -1 (none: the server answers with a full one). */
  get ack(): number {
    const t = this.receiver.ackTick;
    return t < 0 ? -1 : t & 0xffff;
  }

  /** The client lost sync: the next input asks for a full snapshot. */
  get resync(): boolean {
    return this.receiver.needsResync;
  }

  get stats(): StreamStats {
    const s = this.receiver.stats;
    return {
      received: this.count,
      decodeErrors: s.decodeErrors,
      desyncs: s.desyncs,
      fullSnapshots: s.full,
      bytes: s.bytes,
    };
  }

  private readonly onTick = (bytes: Uint8Array): void => {
    this.count += 1;
    if (!this.listener) return;
    const result = this.receiver.receive(bytes);
    if (!result.ok) return;
    this.listener(toSnapshot(result.value.snapshot, this.tickRate));
  };
}

function toSnapshot(d: DecodedSnapshot, tickRate: number): Snapshot {
  const f = d.frame;
  const r = f.round;
  return {
    tick: f.tick,
    serverTime: f.serverTime,
    players: f.players,
    events: d.events,
    round: {
      number: r.number,
      phase: r.phase,
      timeLeft: r.endTick < 0 ? 0 : Math.max(0, (r.endTick - f.tick) / tickRate),
      winner: r.winner,
    },
    lastSeq: f.owner?.lastSeq ?? -1,
  };
}
