import type { SimInput } from '@tick-arena/common';

/** A sequence number may run at most this far ahead of the last accepted one (a client sends 1, 2, 3...). */
const MAX_SEQ_JUMP = 64;
/** Consecutive commands it takes to accept a jump beyond MAX_SEQ_JUMP as a genuine gap. */
const REANCHOR_AFTER = 3;
/** Ticks over which a standing backlog is measured before it is trimmed by one command. */
const BACKLOG_WINDOW = 30;

/**
 * Per-player queue of validated input commands. The room takes at most one command per player per tick,
 * so sending inputs faster never moves a player faster. Commands arriving out of order or twice are
 * dropped, and so are commands whose sequence jumps far ahead (which would otherwise let one forged
 * command make every later genuine one look stale).
 * When network jitter piles commands up beyond `maxBacklog`, the oldest are dropped (their trigger pulls
 * carried into the next command) so a burst cannot add permanent input latency.
 */
export class InputQueue {
  private readonly items: SimInput[] = [];
  private lastSeq = -1;
  /** Run of consecutive far-ahead sequence numbers seen, and the last of them. */
  private aheadRun = 0;
  private aheadLast = -1;
  /** Smallest queue length seen at a tick during the current window, and the window's tick count. */
  private windowMin = Infinity;
  private windowTicks = 0;
  dropped = 0;

  constructor(private readonly maxBacklog = 4) {}

  get length(): number {
    return this.items.length;
  }

  /** Returns false when the command was dropped (stale, or too far ahead). */
  push(cmd: SimInput): boolean {
    if (cmd.seq <= this.lastSeq) {
      this.dropped += 1;
      return false;
    }
    if (this.lastSeq >= 0 && cmd.seq > this.lastSeq + MAX_SEQ_JUMP && !this.reanchors(cmd.seq)) {
      this.dropped += 1;
      return false;
    }
    this.aheadRun = 0;
    this.lastSeq = cmd.seq;
    this.items.push(cmd);
    while (this.items.length > this.maxBacklog) this.dropOldest();
    return true;
  }

  /**
   * A single forged far-ahead number is dropped, but a client whose inputs were refused for a while (rate
   * limit, long stall) resumes counting from further on: after a short run of consecutive numbers beyond
   * the window, accept the new position rather than refuse that client forever.
   */
  private reanchors(seq: number): boolean {
    this.aheadRun = seq === this.aheadLast + 1 ? this.aheadRun + 1 : 1;
    this.aheadLast = seq;
    return this.aheadRun >= REANCHOR_AFTER;
  }

  /**
   * The next command for this tick, if any. A client sends at the tick rate, so a burst after network
   * jitter would otherwise sit in the queue for good, adding a tick of input latency per queued command (and,
   * through lag compensation, a tick more of rewind for every shot). When the queue never ran dry during a
   * whole window, the oldest command is dropped (its trigger pull carried into the next): a one-tick pause
   * others do not notice, and a small correction the client's prediction smooths away. (Applying two
   * commands in one tick instead would keep the prediction exact but show others a double step: measured,
   * and rejected for that.)
   */
  shift(): SimInput | undefined {
    this.windowMin = Math.min(this.windowMin, this.items.length);
    if (++this.windowTicks >= BACKLOG_WINDOW) {
      if (this.windowMin >= 2) this.dropOldest();
      this.windowMin = Infinity;
      this.windowTicks = 0;
    }
    return this.items.shift();
  }

  private dropOldest(): void {
    const old = this.items.shift();
    const next = this.items[0];
    if (old?.fire && next && !next.fire) this.items[0] = { ...next, fire: true };
    this.dropped += 1;
  }

  /** Forget pending commands (the seat's socket dropped). */
  clear(): void {
    this.items.length = 0;
  }

  /** A resumed seat is a new connection with its own sequence numbering: start over. */
  reset(): void {
    this.items.length = 0;
    this.lastSeq = -1;
    this.aheadRun = 0;
  }
}
