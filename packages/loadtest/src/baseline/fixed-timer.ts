import { performance } from 'node:perf_hooks';

/**
 * A drift-corrected periodic timer: run n is due at start + n * period, so lateness never accumulates.
 * The same scheme as the game server's FixedLoop (the load tester may not import the server), without its
 * catch-up logic: a baseline that falls behind simply skips the missed runs.
 */
export function everyPeriod(rateHz: number, run: () => void): () => void {
  const period = 1000 / rateHz;
  const anchor = performance.now();
  let n = 0;
  let timer: NodeJS.Timeout | null = null;
  const wake = () => {
    const now = performance.now();
    run();
    n = Math.max(n + 1, Math.floor((now - anchor) / period) + 1);
    timer = setTimeout(wake, Math.max(0, anchor + n * period - performance.now()));
  };
  timer = setTimeout(wake, period);
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
}
