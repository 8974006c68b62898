import { performance } from 'node:perf_hooks';
import { FixedSchedule } from '@tick-arena/common';

/** A timer that fires up to this early still counts as on time (Node timers have 1 ms resolution). */
const EARLY_MS = 1;

/**
 * A drift-corrected periodic timer on the shared `FixedSchedule`: run n is due at start + n * period, so
 * lateness never accumulates. The same arithmetic as the game server's FixedLoop (the load tester may not
 * import the server) without its catch-up: a baseline that falls behind runs once and skips the missed
 * runs, staying on its grid.
 */
export function everyPeriod(rateHz: number, run: () => void): () => void {
  const schedule = new FixedSchedule({ periodMs: 1000 / rateHz, maxCatchUp: 1, earlyMs: EARLY_MS });
  schedule.start(performance.now());
  let timer: NodeJS.Timeout | null = null;
  const arm = () => {
    timer = setTimeout(wake, Math.max(0, schedule.nextDueAt - performance.now()));
  };
  const wake = () => {
    if (schedule.wake(performance.now()).run > 0) run();
    arm();
  };
  arm();
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
