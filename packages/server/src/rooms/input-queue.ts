import type { InputCommand } from '@tick-arena/common';

/** A sequence number may run at most this far ahead of the last accepted one (a client sends 1, 2, 3...). */
const MAX_SEQ_JUMP = 64;

/**
 * Per-player queue of validated input commands. The room takes at most one command per player per tick,
 * so sending inputs faster never moves a player faster. Commands arriving out of order or twice are
 * dropped, and so are commands whose sequence jumps far ahead (which would otherwise let one forged
 * command make every later genuine one look stale).
 * When network jitter piles commands up beyond `maxBacklog`, the oldest are dropped (their trigger pulls
 * carried into the next command) so a burst cannot add permanent input latency.
 */
export class InputQueue {
  private readonly items: InputCommand[] = [];
  private lastSeq = -1;
  dropped = 0;

  constructor(private readonly maxBacklog = 4) {}

  get length(): number {
    return this.items.length;
  }

  /** Returns false when the command was stale (sequence not newer than the last one accepted). */
  push(cmd: InputCommand): boolean {
    if (cmd.seq <= this.lastSeq || (this.lastSeq >= 0 && cmd.seq > this.lastSeq + MAX_SEQ_JUMP)) {
      this.dropped += 1;
      return false;
    }
    this.lastSeq = cmd.seq;
    this.items.push(cmd);
    while (this.items.length > this.maxBacklog) {
      const old = this.items.shift();
      const next = this.items[0];
      if (old?.fire && next && !next.fire) this.items[0] = { ...next, fire: true };
      this.dropped += 1;
    }
    return true;
  }

  /** The next command for this tick, if any. */
  shift(): InputCommand | undefined {
    return this.items.shift();
  }

  /** Forget pending commands (the seat's socket dropped). */
  clear(): void {
    this.items.length = 0;
  }

  /** A resumed seat is a new connection with its own sequence numbering: start over. */
  reset(): void {
    this.items.length = 0;
    this.lastSeq = -1;
  }
}
