import type { TickObserver } from '../rooms/types.js';

/** One observer that forwards to several (metrics plus a benchmark's own), skipping absent ones. */
export function combineObservers(...observers: (TickObserver | undefined)[]): TickObserver {
  const list = observers.filter((o): o is TickObserver => o !== undefined);
  if (list.length === 1 && list[0]) return list[0];
  return {
    tick: (code, durationMs, startedAt) => {
      for (const o of list) o.tick(code, durationMs, startedAt);
    },
    overrun: (code, dropped) => {
      for (const o of list) o.overrun?.(code, dropped);
    },
    shot: (code, judgement) => {
      for (const o of list) o.shot?.(code, judgement);
    },
  };
}
