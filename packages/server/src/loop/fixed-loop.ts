import { performance } from 'node:perf_hooks';
import { FixedSchedule } from '@tick-arena/common';
import { PreciseScheduler, type PreciseWaiter } from './precise-scheduler.js';

/**
 * How a loop waits for its next tick. `coarse`: one `setTimeout` per wake-up, so a tick starts up to 1-2 ms
 * late (the average rate is still exact). `exact`: a `setTimeout` that wakes `earlyWakeMs` early, then the
 * shared {@link PreciseScheduler} polls the clock once per event-loop turn until the tick is due.
 */
export type TickPrecision = 'coarse' | 'exact';

export interface FixedLoopOptions {
  /** Ticks per second. */
  rate: number;
  /** Runs once per tick. `tick` counts from 1. Must not throw: the caller contains its own errors. */
  onTick: (tick: number) => void;
  /**
   * Called once after each wake-up that ran at least one tick, after the last tick of the batch (and after
   * `onSkip`), with the number of ticks that wake-up ran: usually 1, up to `maxCatchUp` after a stall. Lets
   * the caller send one snapshot per wake-up, the newest, instead of one per tick. Not called when
   * `stop()` ran during the batch.
   */
  onBurstEnd?: (ranTicks: number) => void;
  /**
   * Most ticks run back to back to catch up after a stall; beyond that the loop drops the missed ticks and
   * re-anchors by whole periods (keeping its phase), so a long GC pause or a suspended laptop does not
   * cause a burst of hundreds of ticks.
   * @default 5
   */
  maxCatchUp?: number;
  /** Called with the number of ticks dropped when the loop re-anchors. */
  onSkip?: (dropped: number) => void;
  /**
   * See {@link TickPrecision}. `exact` costs CPU while the process would otherwise sleep (the scheduler
   * polls during the last `earlyWakeMs` before each tick): on the 2-core CI machine, 16 idle 30 Hz rooms
   * took 43% of a core against 5% with `coarse`, and on that VM the gain in tick-period p99 was within
   * its noise (docs/tick-precision.md). Hence `coarse` by default.
   * @default 'coarse'
   */
  precision?: TickPrecision;
  /**
   * `exact` only: how many ms before a tick is due the timer wakes the loop and hands the rest of the wait to
   * the scheduler. Must cover the timer's own error (fires up to ~1 ms early or late); every ms of margin
   * costs polling CPU while the process would otherwise sleep.
   * @default 1.5
   */
  earlyWakeMs?: number;
  /**
   * `exact` only: the scheduler that finishes the waits. Share one between loops.
   * @default PreciseScheduler.shared(), or a private one on `now` when `now` is given
   */
  scheduler?: PreciseScheduler;
  /** @default performance.now */
  now?: () => number;
}

/**
 * A fixed-timestep loop on a drift-corrected monotonic clock: the timers around the shared
 * `FixedSchedule` (common), which holds the arithmetic. Tick n is due at `anchor + n * period`, computed
 * from the start rather than from the previous tick, so lateness never accumulates (a chained
 * `setTimeout(1000/60)` runs slow, and `setInterval(1000/60)` rounds to 16 ms and runs at 62.5 Hz).
 * Each wake-up runs every tick that is due (reading the clock again after each, as a long tick may make
 * the next one due), up to `maxCatchUp`, then sleeps until the next one. With `precision: 'coarse'`
 * a tick may start 1-2 ms late, since Node timers have ~1 ms granularity; `exact` finishes each wait by
 * polling (see {@link TickPrecision}).
 */
export class FixedLoop {
  readonly period: number;
  private readonly onTick: (tick: number) => void;
  private readonly onBurstEnd: ((ranTicks: number) => void) | undefined;
  private readonly onSkip: ((dropped: number) => void) | undefined;
  private readonly earlyWakeMs: number;
  private readonly now: () => number;
  private readonly scheduler: PreciseScheduler | null;
  private readonly schedule: FixedSchedule;
  /** Bumped by start() and stop(), so a wake-up can tell that a callback stopped (or restarted) the loop. */
  private generation = 0;
  private active = false;
  private timer: NodeJS.Timeout | null = null;
  private waiter: PreciseWaiter | null = null;

  constructor(options: FixedLoopOptions) {
    if (!(options.rate > 0 && Number.isFinite(options.rate)))
      throw new RangeError(`bad tick rate ${options.rate}`);
    const earlyWakeMs = options.earlyWakeMs ?? 1.5;
    if (!(earlyWakeMs >= 0 && Number.isFinite(earlyWakeMs)))
      throw new RangeError(`bad early-wake margin ${earlyWakeMs}`);
    this.period = 1000 / options.rate;
    this.schedule = new FixedSchedule({ periodMs: this.period, maxCatchUp: options.maxCatchUp ?? 5 });
    this.onTick = options.onTick;
    this.onBurstEnd = options.onBurstEnd;
    this.onSkip = options.onSkip;
    this.now = options.now ?? (() => performance.now());
    const exact = options.precision === 'exact';
    this.earlyWakeMs = exact ? earlyWakeMs : 0;
    this.scheduler = !exact
      ? null
      : (options.scheduler ??
        (options.now ? new PreciseScheduler({ now: options.now }) : PreciseScheduler.shared()));
  }

  get running(): boolean {
    return this.active;
  }

  /** Ticks run so far. */
  get ticks(): number {
    return this.schedule.ticks;
  }

  /**
   * When the tick being run (or the last one run) was due, on the loop's clock (`FixedSchedule.dueAt(ticks)`).
   * Unlike the clock read inside `onTick`, it advances by exactly one period per tick however late the
   * timer fired, as the simulated time does; a re-anchor after a stall moves it forward with the clock.
   */
  get dueTime(): number {
    return this.schedule.dueAt(this.schedule.ticks);
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.generation += 1;
    this.schedule.start(this.now());
    this.arm();
  }

  stop(): void {
    this.active = false;
    this.generation += 1;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiter) this.scheduler?.cancel(this.waiter);
    this.waiter = null;
  }

  private arm(): void {
    const due = this.schedule.nextDueAt;
    const sleep = due - this.earlyWakeMs - this.now();
    if (this.scheduler && sleep <= 0) this.waiter = this.scheduler.at(due, this.onDue);
    else this.timer = setTimeout(this.onTimer, Math.max(0, sleep));
  }

  private readonly onTimer = (): void => {
    this.timer = null;
    if (!this.active) return;
    // Timers can fire early (Node measures their delay from a clock read at the start of the event-loop
    // turn): then sleep again, or hand over to the scheduler if within the margin.
    if (this.schedule.isDue(this.now())) this.runDue();
    else this.arm();
  };

  private readonly onDue = (): void => {
    this.waiter = null;
    if (this.active) this.runDue();
  };

  private runDue(): void {
    const generation = this.generation;
    let ran = 0;
    for (;;) {
      const step = this.schedule.next(this.now(), ran);
      if (step === 'idle') break;
      if (step === 'stall') {
        this.onSkip?.(this.schedule.drop(this.now()));
        break;
      }
      ran += 1;
      this.onTick(this.schedule.take());
      if (this.generation !== generation) return; // stopped (or restarted) from inside onTick
    }
    if (ran > 0 && this.generation === generation) this.onBurstEnd?.(ran);
    if (this.generation === generation) this.arm();
  }
}
