import { performance } from 'node:perf_hooks';

/** A tick this much later than its interval means this process itself was stalled (CPU starved, GC). */
const STALL_MS = 1000;

/**
 * Run `check(now)` every `intervalMs` to judge whether a peer went silent, fairly:
 *
 * - after pending I/O (`setImmediate`): Node runs timers before it reads sockets, so after a stall of this
 *   process the peer's heartbeats are still unread when the timer fires, and the peer would be blamed for
 *   our own pause;
 * - not on the first tick after such a stall (a tick more than STALL_MS late): the heartbeats that arrived
 *   meanwhile are read first. Only one tick in a row is skipped, so a process that is always late still
 *   judges every other tick and a dead peer is always found.
 */
export function startWatchdog(intervalMs: number, check: (now: number) => void): NodeJS.Timeout {
  let last = performance.now();
  let skipped = false;
  return setInterval(() => {
    const now = performance.now();
    const stalled = now - last > intervalMs + STALL_MS;
    last = now;
    if (stalled && !skipped) {
      skipped = true;
      return;
    }
    skipped = false;
    setImmediate(() => check(performance.now()));
  }, intervalMs);
}
