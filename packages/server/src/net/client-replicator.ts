import type { ClientFrame } from '@tick-arena/common';

/**
 * What the server knows of one client's copy of the world: the frames it was sent (by tick), the newest of
 * those it acknowledged, and whether it needs a full snapshot. The ack rides in every input packet ("the
 * newest snapshot tick I hold"); snapshots are deltas against the acknowledged frame, so a lost snapshot
 * needs no resend: the next delta is against what the client really has.
 */
export class ClientReplicator {
  private readonly sent: (ClientFrame | undefined)[];
  private acked = -1;
  /** Tick of the newest snapshot written to this client (its events are the ones it has been given). */
  lastSentTick = -1;
  /** Tick of the last snapshot that carried a state hash. */
  lastHashTick = -Infinity;

  /** @param capacity sent frames remembered: the room's frame-ring capacity (older ones are no baseline). */
  constructor(capacity: number) {
    this.sent = new Array<ClientFrame | undefined>(capacity);
  }

  /** The newest acknowledged tick, or -1. */
  get ackedTick(): number {
    return this.acked;
  }

  /** The client holds the snapshot of `tick`. Acks of frames we never sent, or older ones, are ignored. */
  ack(tick: number): void {
    if (tick <= this.acked || tick > this.lastSentTick) return;
    if (this.sentAt(tick) === undefined) return;
    // Acks never go back, so frames older than this one will never be a baseline again: let them go now
    // rather than when the ring wraps (what survives a second of ticks is what makes the GC pause long).
    for (let t = Math.max(this.acked, tick - this.sent.length + 1); t < tick; t++) {
      const slot = t % this.sent.length;
      if (this.sent[slot]?.tick === t) this.sent[slot] = undefined;
    }
    this.acked = tick;
  }

  /**
   * The client lost sync (its state hash did not match) and asks for a full snapshot: forget every baseline,
   * so snapshots are full until it acknowledges one. Returns false when it was already being sent full ones
   * (the requests in flight before the first full snapshot arrived), so a desync is counted once.
   */
  resync(): boolean {
    if (this.acked < 0) return false;
    this.acked = -1;
    this.sent.fill(undefined);
    return true;
  }

  /**
   * The frame to delta against, or null for a full snapshot: nothing acknowledged yet (join, resume,
   * resync), or the acknowledged frame fell out of the room's ring.
   */
  baseline(oldestTick: number): ClientFrame | null {
    if (this.acked < 0 || this.acked < oldestTick) return null;
    return this.sentAt(this.acked) ?? null;
  }

  /** Remember what was written for `frame.tick`: it becomes a baseline once acknowledged. */
  recordSent(frame: ClientFrame): void {
    this.sent[frame.tick % this.sent.length] = frame;
    this.lastSentTick = frame.tick;
  }

  private sentAt(tick: number): ClientFrame | undefined {
    const f = this.sent[tick % this.sent.length];
    return f?.tick === tick ? f : undefined;
  }
}
