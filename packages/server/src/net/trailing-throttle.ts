/** The timer functions a throttle uses; tests pass a fake clock. */
export interface ThrottleTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Node's timers, unref'd. */
export const REAL_TIMERS: ThrottleTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Never the reason a process stays up: a pending push is worthless once the server is stopping.
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Run `fn` after something changed, at most once per `intervalMs`, and always after the last change
 * (trailing edge): a burst of ten changes costs one run at its start and one after it, never a run that
 * misses the final state. A run that returns a promise is not overlapped: changes during it schedule one
 * more run after it settles. `fn` reports its own errors; one that escapes is dropped here, so a timer
 * callback can never take the process down.
 */
export class TrailingThrottle {
  private timer: unknown = null;
  private lastRun = -Infinity;
  private running = false;
  private again = false;

  constructor(
    private readonly intervalMs: number,
    private readonly fn: () => void | Promise<void>,
    private readonly timers: ThrottleTimers = REAL_TIMERS,
  ) {}

  /** Something changed: run soon (now, if the last run is at least `intervalMs` old). */
  trigger(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastRun + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.run();
    }, wait);
  }

  /** Drop a pending run. */
  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.again = false;
  }

  private run(): void {
    this.lastRun = this.timers.now();
    let out: void | Promise<void>;
    try {
      out = this.fn();
    } catch {
      out = undefined;
    }
    if (!(out instanceof Promise)) return;
    this.running = true;
    void out
      .catch(() => undefined)
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.trigger();
        }
      });
  }
}
