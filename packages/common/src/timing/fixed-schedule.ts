export interface FixedScheduleOptions {
  /** Time between ticks, ms (`1000 / rate`). */
  readonly periodMs: number;
  /**
   * Most ticks one wake-up runs back to back to catch up after a late timer. The ticks still due beyond
   * that are dropped: a long GC pause, a background tab or a suspended laptop must not turn into a burst
   * of hundreds of ticks.
   * @default Infinity
   */
  readonly maxCatchUp?: number;
  /**
   * A tick due within this many ms counts as due now. Timers have ~1 ms resolution and may wake a
   * fraction of a millisecond before their deadline; a caller that would rather run a tick a hair early
   * than sleep another whole timer turn sets this.
   * @default 0
   */
  readonly earlyMs?: number;
}

/** What one wake-up should do next at a given time (see {@link FixedSchedule.next}). */
export type ScheduleStep =
  /** The next tick is due and the catch-up budget allows it: `take()` it and run it. */
  | 'tick'
  /** Nothing is due: sleep until `nextDueAt`. */
  | 'idle'
  /** Ticks are due but this wake-up already ran `maxCatchUp`: `drop()` them and sleep. */
  | 'stall';

/** One wake-up's worth of ticks, decided at one clock reading (see {@link FixedSchedule.wake}). */
export interface WakeTicks {
  /** Number of the first tick to run now (the others follow it). */
  readonly first: number;
  /** Ticks to run now, at most `maxCatchUp`. */
  readonly run: number;
  /** Ticks that were due but are dropped. */
  readonly dropped: number;
}

/**
 * The deadline arithmetic of a fixed timestep, with no timers in it (Gaffer, "Fix Your Timestep!"): the
 * server's tick loop, the client's input interval and the load tester's input and baseline timers are thin
 * wrappers that read a clock, ask this what is due, and set one timer for `nextDueAt`.
 *
 * Tick n (counting from 1) is due at `anchor + n * periodMs`, computed from the start rather than from the
 * previous tick, so a timer's lateness never accumulates (a chained `setTimeout(1000 / 60)` runs slow, and
 * `setInterval(1000 / 60)` rounds to 16 ms and runs at 62.5 Hz). A late wake-up runs every due tick, up
 * to `maxCatchUp`; beyond that the rest are dropped and the anchor moves on by whole periods, so the
 * schedule keeps its phase (tick numbers count ticks run, not periods elapsed).
 */
export class FixedSchedule {
  readonly periodMs: number;
  readonly maxCatchUp: number;
  readonly earlyMs: number;
  private anchor = 0;
  private taken = 0;
  private droppedTotal = 0;

  constructor(options: FixedScheduleOptions) {
    const { periodMs, maxCatchUp = Infinity, earlyMs = 0 } = options;
    if (!(periodMs > 0 && Number.isFinite(periodMs))) throw new RangeError(`bad period ${periodMs}`);
    if (!(maxCatchUp >= 1)) throw new RangeError(`bad catch-up bound ${maxCatchUp}`);
    if (!(earlyMs >= 0 && Number.isFinite(earlyMs))) throw new RangeError(`bad early margin ${earlyMs}`);
    this.periodMs = periodMs;
    this.maxCatchUp = maxCatchUp;
    this.earlyMs = earlyMs;
  }

  /** (Re)start at `now`: tick 1 is due at `firstDueAt` (one period from now by default); counts reset. */
  start(now: number, firstDueAt = now + this.periodMs): void {
    this.anchor = firstDueAt - this.periodMs;
    this.taken = 0;
    this.droppedTotal = 0;
  }

  /** Ticks taken (run) since the start: the number of the last one. */
  get ticks(): number {
    return this.taken;
  }

  /** Ticks dropped since the start. */
  get dropped(): number {
    return this.droppedTotal;
  }

  /** When tick `n` is due (for `n` after the last drop). */
  dueAt(n: number): number {
    return this.anchor + n * this.periodMs;
  }

  /** When the next tick is due: the time to set the timer for. */
  get nextDueAt(): number {
    return this.dueAt(this.taken + 1);
  }

  /** Whether the next tick is due at `now`. */
  isDue(now: number): boolean {
    return now + this.earlyMs >= this.nextDueAt;
  }

  /** How many ticks are due at `now`, not yet taken (no catch-up bound applied). */
  dueCount(now: number): number {
    const t = now + this.earlyMs;
    // The division guesses; the comparisons decide, so the answer agrees with dueAt() to the last bit.
    let n = Math.max(this.taken, Math.floor((t - this.anchor) / this.periodMs));
    while (this.dueAt(n + 1) <= t) n += 1;
    while (n > this.taken && this.dueAt(n) > t) n -= 1;
    return n - this.taken;
  }

  /**
   * The next step of a wake-up at `now`, `ranThisWake` ticks into it: for loops that run one tick at a time
   * and read the clock again after each (a long tick may make the next one due).
   */
  next(now: number, ranThisWake: number): ScheduleStep {
    if (!this.isDue(now)) return 'idle';
    return ranThisWake < this.maxCatchUp ? 'tick' : 'stall';
  }

  /** Take the next tick (the caller runs it now). Returns its number. */
  take(): number {
    this.taken += 1;
    return this.taken;
  }

  /**
   * Drop the ticks due at `now` beyond the first `keep`: the anchor moves on by whole periods, so tick
   * `ticks + keep + 1` becomes due at the first deadline of the old grid after `now`. Returns how many.
   */
  drop(now: number, keep = 0): number {
    const dropped = Math.max(0, this.dueCount(now) - keep);
    this.anchor += dropped * this.periodMs;
    this.droppedTotal += dropped;
    return dropped;
  }

  /**
   * One wake-up at one clock reading: takes the due ticks up to `maxCatchUp` (the caller runs ticks
   * `first .. first + run - 1`) and drops the rest.
   */
  wake(now: number): WakeTicks {
    const run = Math.min(this.dueCount(now), this.maxCatchUp);
    const dropped = this.drop(now, run);
    const first = this.taken + 1;
    this.taken += run;
    return { first, run, dropped };
  }
}
