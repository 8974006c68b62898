import type { Snapshot } from '../net/snapshot-stream.js';

/** A snapshot and when it arrived, on the client's `performance.now()` clock. */
export interface BufferedSnapshot {
  readonly snapshot: Snapshot;
  readonly receivedAt: number;
}

/**
 * The most recent snapshots in tick order: what interpolation reads pairs from, and what the
 * latest-snapshot view reads its newest from. Snapshots that are not newer than the newest held one are
 * refused, so a duplicate or a late straggler can never move the world backwards.
 */
export class SnapshotBuffer {
  private readonly items: BufferedSnapshot[] = [];

  /** @param capacity snapshots kept; 32 is about one second at 30 Hz. @default 32 */
  constructor(private readonly capacity = 32) {}

  get size(): number {
    return this.items.length;
  }

  /** Add a snapshot. Returns false (and keeps nothing) when it is not newer than the newest one held. */
  push(snapshot: Snapshot, receivedAt: number): boolean {
    const newest = this.latest();
    if (newest && snapshot.tick <= newest.snapshot.tick) return false;
    this.items.push({ snapshot, receivedAt });
    if (this.items.length > this.capacity) this.items.shift();
    return true;
  }

  latest(): BufferedSnapshot | undefined {
    return this.items[this.items.length - 1];
  }

  /** All held snapshots, oldest first. */
  entries(): readonly BufferedSnapshot[] {
    return this.items;
  }

  clear(): void {
    this.items.length = 0;
  }
}
