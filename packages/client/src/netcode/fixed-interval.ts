import { FixedSchedule } from '@tick-arena/common';

/**
 * Most calls made back to back to catch up after a late timer. Four matches the server's input backlog:
 * it would drop anything beyond that anyway.
 */
const MAX_BURST = 4;
/**
 * After a call is pulled in (`pullIn`), the schedule returns to its own phase over this many calls: each
 * comes 1/8 of the lead later than a period after the last, a few ms at 30 Hz, which a receiver cannot tell
 * from network jitter.
 */
const GLIDE_CALLS = 8;

/**
 * Calls `fn` at `rate` Hz on the shared drift-corrected `FixedSchedule`: call n is due at start + n periods,
 * not "previous call plus one period", so timer lateness does not accumulate and the average rate is exact
 * (`setInterval(fn, 1000 / 30)` rounds to whole ms and drifts). A busy main thread makes timers late; the
 * calls missed are then made at once, up to `MAX_BURST`, so a player's inputs (and so their movement) are
 * not lost to a slow frame. After a longer stall (background tab, debugger) the rest are skipped rather
 * than replayed as a burst of stale commands.
 */
export class FixedInterval {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly schedule: FixedSchedule;
  /** How far ahead of its own schedule the next call currently is, ms (after a `pullIn`). */
  private early = 0;
  private glideStep = 0;

  constructor(
    rate: number,
    private readonly fn: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.schedule = new FixedSchedule({ periodMs: 1000 / rate, maxCatchUp: MAX_BURST });
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer !== null) return;
    this.schedule.start(this.now());
    this.early = 0;
    this.arm();
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Make the next call now rather than at its time, if that is more than `minLeadMs` away: the player just
   * pressed or released a key, and sampling it up to a period later would draw the reaction a frame or two
   * late. The number of calls does not change: the call made now is the one that was due next, and the
   * following ones glide back to the original schedule over `GLIDE_CALLS` calls. So whoever receives the
   * calls (the server's input queue, one command per tick) sees one arrive early, never one more, and
   * never more than a period ahead in all. A call already overdue (a busy thread's timer has not fired
   * yet) is made now as the timer would have. Returns whether it made a call.
   */
  pullIn(minLeadMs: number): boolean {
    if (this.timer === null) return false;
    const lead = this.due - this.now();
    if (lead <= 0) {
      clearTimeout(this.timer);
      this.run();
      return true;
    }
    if (lead <= minLeadMs || this.early + lead >= this.schedule.periodMs) return false;
    this.early += lead;
    this.glideStep = this.early / GLIDE_CALLS;
    this.schedule.take();
    if (!this.call()) return true;
    clearTimeout(this.timer);
    this.arm();
    return true;
  }

  /** When the next call is due: the schedule's deadline, less what a `pullIn` moved it forward. */
  private get due(): number {
    return this.schedule.nextDueAt - this.early;
  }

  private arm(): void {
    this.timer = setTimeout(this.run, Math.max(0, this.due - this.now()));
  }

  /** Make a call the schedule has taken; false when `fn` stopped the interval. */
  private call(): boolean {
    this.fn();
    if (this.timer === null) return false;
    this.early = Math.max(0, this.early - this.glideStep);
    return true;
  }

  private readonly run = (): void => {
    // The schedule is read on a clock shifted by the lead, so a pulled-in call is not made twice.
    const { run } = this.schedule.wake(this.now() + this.early);
    for (let calls = 0; calls < run; calls++) if (!this.call()) return;
    this.arm();
  };
}
