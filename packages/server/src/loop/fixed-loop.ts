import { performance } from 'node:perf_hooks';

export interface FixedLoopOptions {
  /** Ticks per second. */
  rate: number;
  /** Runs once per tick. `tick` counts from 1. Must not throw: the caller contains its own errors. */
  onTick: (tick: number) => void;
  /**
   * Most ticks run back to back to catch up after a stall; beyond that the loop drops the missed ticks and
   * re-anchors, so a long GC pause or a suspended laptop does not cause a burst of hundreds of ticks.
   * @default 5
   */
  maxCatchUp?: number;
  /** Called with the number of ticks dropped when the loop re-anchors. */
  onSkip?: (dropped: number) => void;
  /** Called once after each wake-up that ran at least one tick, after the last tick of the batch. */
  onBurstEnd?: (ranTicks: number) => void;
  /** @default performance.now */
  now?: () => number;
}

/**
 * A fixed-timestep loop on a drift-corrected monotonic clock. Tick n is due at `anchor + n * period`,
 * computed from the start rather than from the previous tick, so lateness never accumulates (a chained
 * `setTimeout(1000/60)` runs slow, and `setInterval(1000/60)` rounds to 16 ms and runs at 62.5 Hz).
 * Each wake-up runs every tick that is due, then sleeps until the next one. Node timers have ~1 ms
 * granularity, so a single tick may start up to ~1-2 ms late, but the average rate is exact.
 */
export class FixedLoop {
  readonly period: number;
  private readonly opts: Required<Omit<FixedLoopOptions, 'onSkip' | 'onBurstEnd'>> &
    Pick<FixedLoopOptions, 'onSkip' | 'onBurstEnd'>;
  private anchor = 0;
  private count = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(options: FixedLoopOptions) {
    if (!(options.rate > 0 && Number.isFinite(options.rate)))
      throw new RangeError(`bad tick rate ${options.rate}`);
    this.period = 1000 / options.rate;
    this.opts = { maxCatchUp: 5, now: () => performance.now(), ...options };
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** Ticks run so far. */
  get ticks(): number {
    return this.count;
  }

  start(): void {
    if (this.timer) return;
    this.anchor = this.opts.now();
    this.count = 0;
    this.schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    const due = this.anchor + (this.count + 1) * this.period;
    const delay = Math.max(0, due - this.opts.now());
    this.timer = setTimeout(this.wake, delay);
  }

  private readonly wake = (): void => {
    if (!this.timer) return;
    let ran = 0;
    while (this.opts.now() >= this.anchor + (this.count + 1) * this.period) {
      if (ran >= this.opts.maxCatchUp) {
        const now = this.opts.now();
        const behind = Math.floor((now - this.anchor) / this.period) - this.count;
        this.anchor = now - this.count * this.period;
        this.opts.onSkip?.(behind);
        break;
      }
      this.count += 1;
      ran += 1;
      this.opts.onTick(this.count);
      if (!this.timer) return; // stopped from inside onTick
    }
    if (ran > 0) {
      this.opts.onBurstEnd?.(ran);
      if (!this.timer) return;
    }
    this.schedule();
  };
}
