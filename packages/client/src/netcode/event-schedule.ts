import type { PlayerId, SimEvent } from '@tick-arena/common';

interface Batch {
  readonly serverTime: number;
  readonly events: readonly SimEvent[];
}

/**
 * Holds snapshot events until the render time reaches their tick, so a laser appears where its shooter is
 * drawn and a kill when the victim is seen to fall. The local player's own shots skip the wait: they are
 * the answer to a trigger just pulled, and the shooter is drawn in the present (predicted) anyway.
 */
export class EventSchedule {
  private batches: Batch[] = [];
  private immediate: SimEvent[] = [];

  constructor(private readonly selfId: PlayerId) {}

  /** The events of a snapshot of server time `serverTime` (snapshots arrive in tick order). */
  add(serverTime: number, events: readonly SimEvent[]): void {
    if (events.length === 0) return;
    const later: SimEvent[] = [];
    for (const e of events) {
      if (this.selfId >= 0 && e.type === 'shot' && e.shooter === this.selfId) this.immediate.push(e);
      else later.push(e);
    }
    if (later.length > 0) this.batches.push({ serverTime, events: later });
  }

  /**
   * Events whose tick is at or before `renderTime` (server ms; NaN releases nothing held), oldest first,
   * then the local player's shots; each returned once.
   */
  drain(renderTime: number): SimEvent[] {
    const out: SimEvent[] = [];
    let due = 0;
    while (due < this.batches.length && (this.batches[due]?.serverTime ?? Infinity) <= renderTime) {
      out.push(...(this.batches[due]?.events ?? []));
      due += 1;
    }
    if (due > 0) this.batches = this.batches.slice(due);
    if (this.immediate.length > 0) {
      out.push(...this.immediate);
      this.immediate = [];
    }
    return out;
  }

  /** Events waiting for their render time. */
  get held(): number {
    return this.batches.reduce((n, b) => n + b.events.length, 0);
  }

  clear(): void {
    this.batches = [];
    this.immediate = [];
  }
}
