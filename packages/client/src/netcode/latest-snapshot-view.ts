import { SnapshotBuffer, type SimEvent, type SimInput } from '@tick-arena/common';
import type { Snapshot } from '../net/snapshot-stream.js';
import type { RenderFrame, WorldView } from './world-view.js';

/**
 * The simplest `WorldView`: draw the newest snapshot exactly as received. Movement is as smooth as the
 * snapshot rate and the local player feels one round trip of input delay; prediction and interpolation
 * will replace this class behind the same interface.
 */
export class LatestSnapshotView implements WorldView {
  private readonly buffer = new SnapshotBuffer<Snapshot>();
  private pending: SimEvent[] = [];

  ingest(snapshot: Snapshot, receivedAt: number): void {
    if (this.buffer.push(snapshot, receivedAt)) this.pending.push(...snapshot.events);
  }

  localInput(_cmd: SimInput): void {
    // No prediction yet: the server's answer arrives in a later snapshot.
  }

  frame(_now: number): RenderFrame | null {
    return this.buffer.latest()?.snapshot ?? null;
  }

  drainEvents(_now: number): readonly SimEvent[] {
    const due = this.pending;
    this.pending = [];
    return due;
  }

  latest(): Snapshot | null {
    return this.buffer.latest()?.snapshot ?? null;
  }

  reset(): void {
    this.buffer.clear();
    this.pending = [];
  }
}
