/** A snapshot and when it arrived, on the receiver's clock. */
export interface BufferedSnapshot<S> {
  readonly snapshot: S;
  readonly receivedAt: number;
}

/**
 * The most recent snapshots in tick order: what interpolation reads pairs from, and what a latest-snapshot
 * view reads its newest from. Generic over the snapshot shape, so the client keeps its decoded `Snapshot`
 * type and a bot or a benchmark can buffer anything with a tick.
 *
 * `push` takes only a snapshot newer than the newest held, so a duplicate or a late straggler can never
 * move the world backwards, and its result says "this is news" (reconcile, show its events). A straggler
 * of a reordering network can still fill a hole for interpolation through `insertLate`.
 */
export class SnapshotBuffer<S extends { readonly tick: number }> {
  private readonly items: BufferedSnapshot<S>[] = [];

  /** @param capacity snapshots kept; 32 is about one second at 30 Hz. @default 32 */
  constructor(private readonly capacity = 32) {}

  get size(): number {
    return this.items.length;
  }

  /** Add a snapshot. Returns false (and keeps nothing) when it is not newer than the newest one held. */
  push(snapshot: S, receivedAt: number): boolean {
    const newest = this.latest();
    if (newest && snapshot.tick <= newest.snapshot.tick) return false;
    this.items.push({ snapshot, receivedAt });
    if (this.items.length > this.capacity) this.items.shift();
    return true;
  }

  /**
   * Put a snapshot older than the newest into its place in tick order (a network that reorders delivered
   * it after a later one). Returns false, keeping nothing, for a tick already held, for one older than
   * the oldest held, or for one that is newer than the newest (that is a `push`).
   */
  insertLate(snapshot: S, receivedAt: number): boolean {
    const tick = snapshot.tick;
    const oldest = this.items[0];
    const newest = this.latest();
    if (!oldest || !newest || tick >= newest.snapshot.tick || tick <= oldest.snapshot.tick) return false;
    let i = this.items.length - 1;
    while (i > 0 && (this.items[i - 1]?.snapshot.tick ?? -Infinity) >= tick) i -= 1;
    if (this.items[i]?.snapshot.tick === tick) return false;
    this.items.splice(i, 0, { snapshot, receivedAt });
    if (this.items.length > this.capacity) this.items.shift();
    return true;
  }

  latest(): BufferedSnapshot<S> | undefined {
    return this.items[this.items.length - 1];
  }

  /** All held snapshots, oldest first. */
  entries(): readonly BufferedSnapshot<S>[] {
    return this.items;
  }

  clear(): void {
    this.items.length = 0;
  }
}
