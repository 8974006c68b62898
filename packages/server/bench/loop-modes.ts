import type { FixedLoopOptions } from '../src/loop/fixed-loop.js';
import { PreciseScheduler } from '../src/loop/precise-scheduler.js';

export type ModeOptions = Pick<FixedLoopOptions, 'precision' | 'earlyWakeMs' | 'scheduler'>;

/**
 * The ways of waiting the benchmarks compare, by name:
 * `coarse` (the default: one setTimeout per wake-up, the loop as it was before `exact` existed),
 * `exact` (wake 1.5 ms early, finish by polling on the shared scheduler),
 * `exact-<margin>` (the same with an early-wake margin of <margin> ms),
 * `spin-<margin>-<spin>` (poll, then busy-wait the last <spin> ms; a scheduler of its own;
 *   `spin-40-40` busy-waits all the time: the best any way of waiting can do in this process).
 */
export function modeOptions(name: string): ModeOptions {
  if (name === 'coarse') return { precision: 'coarse' };
  if (name === 'exact') return { precision: 'exact' };
  const exact = /^exact-([\d.]+)$/.exec(name);
  if (exact) return { precision: 'exact', earlyWakeMs: Number(exact[1]) };
  const spin = /^spin-([\d.]+)-([\d.]+)$/.exec(name);
  if (spin) {
    return {
      precision: 'exact',
      earlyWakeMs: Number(spin[1]),
      scheduler: new PreciseScheduler({ spinMs: Number(spin[2]) }),
    };
  }
  throw new Error(`unknown loop mode ${name} (coarse, exact, exact-<ms>, spin-<ms>-<ms>)`);
}
