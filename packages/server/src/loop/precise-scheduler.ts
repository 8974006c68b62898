import { performance } from 'node:perf_hooks';

export interface PreciseSchedulerOptions {
  /** @default performance.now */
  now?: () => number;
  /**
   * When the earliest waiter is due within this many ms, stop yielding to the event loop and busy-wait for
   * it, so that no I/O callback that became ready meanwhile can start first and make the call late. Blocks
   * the whole process for up to this long per wake-up; 0 finishes every wait by polling alone.
   * @default 0
   */
  spinMs?: number;
}

/** A pending call registered with {@link PreciseScheduler.at}; pass it to `cancel`. */
export interface PreciseWaiter {
  readonly due: number;
}

interface Waiter extends PreciseWaiter {
  readonly run: () => void;
}

/**
 * Finishes short waits more precisely than a Node timer can (timers fire on whole milliseconds of a clock
 * read once per event-loop turn, so one is often 1 ms late, sometimes 2). Callers sleep with `setTimeout`
 * until shortly before their due time and then hand the rest of the wait to `at()`. While anything waits,
 * the scheduler re-checks the clock once per event-loop turn with `setImmediate`, so I/O keeps flowing, and
 * calls each waiter in due order on the first turn that finds it due.
 *
 * One scheduler serves every loop of the process: however many rooms wait at once there is one pending
 * `setImmediate` and one clock read per turn, so the polling cost grows with the time during which at
 * least one room waits, not with the number of rooms.
 */
export class PreciseScheduler {
  private static sharedInstance: PreciseScheduler | undefined;
  private readonly now: () => number;
  private readonly spinMs: number;
  private readonly waiters: Waiter[] = [];
  private pending: NodeJS.Immediate | null = null;

  constructor(options: PreciseSchedulerOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.spinMs = options.spinMs ?? 0;
  }

  /** The process-wide scheduler on `performance.now()`, without spinning. */
  static shared(): PreciseScheduler {
    PreciseScheduler.sharedInstance ??= new PreciseScheduler();
    return PreciseScheduler.sharedInstance;
  }

  /** Waiters not yet called. */
  get size(): number {
    return this.waiters.length;
  }

  /** Calls `run` on the first event-loop turn at which the clock reads `due` or later. */
  at(due: number, run: () => void): PreciseWaiter {
    const waiter: Waiter = { due, run };
    this.waiters.push(waiter);
    this.pending ??= setImmediate(this.poll);
    return waiter;
  }

  cancel(waiter: PreciseWaiter): void {
    const i = this.waiters.indexOf(waiter as Waiter);
    if (i >= 0) this.waiters.splice(i, 1);
    if (this.waiters.length === 0 && this.pending) {
      clearImmediate(this.pending);
      this.pending = null;
    }
  }

  private readonly poll = (): void => {
    this.pending = null;
    // Few waiters at a time (only those within their early-wake margin), so a scan beats a heap.
    let earliest = Infinity;
    for (const w of this.waiters) earliest = Math.min(earliest, w.due);
    let t = this.now();
    if (earliest - t <= this.spinMs) while (t < earliest) t = this.now();
    const ready = this.waiters.filter((w) => w.due <= t).sort((a, b) => a.due - b.due);
    for (const w of ready) this.waiters.splice(this.waiters.indexOf(w), 1);
    // Re-arm before calling out: a waiter that throws must not strand the others.
    if (this.waiters.length > 0) this.pending ??= setImmediate(this.poll);
    for (const w of ready) w.run();
  };
}
