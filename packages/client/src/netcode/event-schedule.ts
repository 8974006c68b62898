import type { PlayerId, SimEvent } from '@tick-arena/common';

interface Batch {
  readonly serverTime: number;
  readonly events: readonly SimEvent[];
}

/** A predicted own shot not yet matched by the server's, client ms. */
const PREDICTED_SHOT_TTL_MS = 1000;

/**
 * Holds snapshot events until the render time reaches their tick, so a laser appears where its shooter is
 * drawn and a kill when the victim is seen to fall. The local player's own shots skip the wait: they are
 * the answer to a trigger just pulled, and the shooter is drawn in the present (predicted) anyway. When the
 * view predicts them (`predicted`), each is shown at the trigger pull and the server's copy that follows a
 * round trip later is not shown again; a server shot with no prediction pending (the local cooldown guess
 * was wrong) is shown as it arrives.
 */
export class EventSchedule {
  private batches: Batch[] = [];
  private immediate: SimEvent[] = [];
  /** Client times of predicted own shots the server has not confirmed yet, oldest first. */
  private unconfirmed: number[] = [];

  constructor(private readonly selfId: PlayerId) {}

  /** A shot the local player just fired, predicted (client time `at`): shown at the next drain. */
  predicted(shot: SimEvent, at: number): void {
    this.immediate.push(shot);
    this.unconfirmed.push(at);
  }

  /**
   * The events of a snapshot of server time `serverTime` (snapshots arrive in tick order), received at
   * client time `at`.
   */
  add(serverTime: number, events: readonly SimEvent[], at = 0): void {
    if (events.length === 0) return;
    const later: SimEvent[] = [];
    for (const e of events) {
      if (this.selfId >= 0 && e.type === 'shot' && e.shooter === this.selfId) {
        if (!this.confirm(at)) this.immediate.push(e);
      } else later.push(e);
    }
    if (later.length > 0) this.batches.push({ serverTime, events: later });
  }

  /** Match a server shot of ours with the oldest live prediction; false when there is none. */
  private confirm(at: number): boolean {
    while (this.unconfirmed.length > 0 && (this.unconfirmed[0] ?? 0) < at - PREDICTED_SHOT_TTL_MS) {
      this.unconfirmed.shift();
    }
    return this.unconfirmed.shift() !== undefined;
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
    this.unconfirmed = [];
  }
}
