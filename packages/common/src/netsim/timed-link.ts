import type { LinkConditions, LinkStats, LinkVerdict, SendOptions } from './link.js';
import { NetsimLink } from './link.js';

/**
 * The clock and timer a `TimedLink` runs on. `common` reads neither (STYLE 3): the browser and Node pass
 * `performance.now` and their own `setTimeout`/`clearTimeout`; tests pass a virtual clock.
 */
export interface NetsimTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * A `NetsimLink` for real use: `send` queues a packet now, and `deliver` is called with each packet when
 * its arrival time comes, in order. One timer at a time, armed for the head of the queue: arrivals are in
 * order, so the head is always the next one due. A late timer delivers everything due by then at once,
 * which is what a stalled TCP receiver does too.
 */
export class TimedLink<T> {
  private readonly link: NetsimLink<T>;
  private timer: unknown = null;
  private closed = false;

  constructor(
    conditions: LinkConditions,
    seed: number,
    private readonly deliver: (packet: T) => void,
    private readonly timers: NetsimTimers,
  ) {
    this.link = new NetsimLink(conditions, seed);
  }

  get stats(): Readonly<LinkStats> {
    return this.link.stats;
  }

  get inFlight(): number {
    return this.link.inFlight;
  }

  send(packet: T, bytes: number, options?: SendOptions): LinkVerdict {
    if (this.closed) return 'lost';
    const verdict = this.link.send(packet, bytes, this.timers.now(), options);
    if (verdict === 'queued' && this.timer === null) this.arm();
    return verdict;
  }

  /** Drop what is in flight and stop delivering (the connection closed). */
  close(): void {
    this.closed = true;
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.link.clear();
  }

  private arm(): void {
    const at = this.link.nextArrival();
    if (at === null) return;
    // Rounded up: a timer that fires a fraction of a millisecond early would find nothing due.
    this.timer = this.timers.setTimeout(this.flush, Math.max(0, Math.ceil(at - this.timers.now())));
  }

  private readonly flush = (): void => {
    this.timer = null;
    for (const packet of this.link.due(this.timers.now())) {
      // A delivery may close the link (the packet was the server's goodbye): stop there.
      if (this.closed) return;
      this.deliver(packet);
    }
    // A delivery may have sent on this link, which armed the timer already.
    if (!this.closed && this.timer === null) this.arm();
  };
}
