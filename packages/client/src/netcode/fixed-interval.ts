import { FixedSchedule } from '@tick-arena/common';

/**
 * Most calls made back to back to catch up after a late timer. Four matches the server's input backlog:
 * it would drop anything beyond that anyway.
 */
const MAX_BURST = 4;

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
    this.arm();
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    this.timer = setTimeout(this.run, Math.max(0, this.schedule.nextDueAt - this.now()));
  }

  private readonly run = (): void => {
    const { run } = this.schedule.wake(this.now());
    for (let calls = 0; calls < run; calls++) {
      this.fn();
      // fn may have stopped us.
      if (this.timer === null) return;
    }
    this.arm();
  };
}
