import { performance } from 'node:perf_hooks';
import { FixedSchedule } from '@tick-arena/common';

/** A bot that sends one input per tick when the scheduler says so. */
export interface ScheduledBot {
  sendInput(): void;
}

/** Time and timers, injectable so tests can drive the scheduler deterministically. */
export interface SchedulerClock {
  now(): number;
  /** Call `fn` after `ms`; returns a cancel function. */
  schedule(fn: () => void, ms: number): () => void;
}

const realClock: SchedulerClock = {
  now: () => performance.now(),
  schedule: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

/** A timer that fires up to this early still counts as on time (Node timers have 1 ms resolution). */
const EARLY_MS = 1;

/** The bots of one tick rate, in `phases` buckets spread evenly over the tick period. */
class TickClock {
  /**
   * Slot n (from 1) fires bucket (n - 1) % phases. A wake-up catches up at most one pass over the buckets:
   * slots a stalled loop missed beyond that are dropped, not sent as a burst, as a late per-bot timer would
   * have sent its one input late and gone on with the next tick. Dropping keeps the slot grid's phase.
   */
  private readonly schedule: FixedSchedule;
  private readonly buckets: Set<ScheduledBot>[];
  private cancel: (() => void) | null = null;
  private rotate = 0;
  size = 0;

  constructor(
    tickRate: number,
    private readonly phases: number,
    private readonly clock: SchedulerClock,
  ) {
    this.schedule = new FixedSchedule({
      periodMs: 1000 / tickRate / phases,
      maxCatchUp: phases,
      earlyMs: EARLY_MS,
    });
    this.buckets = Array.from({ length: phases }, () => new Set<ScheduledBot>());
  }

  /** Put `bot` in the least loaded bucket (ties rotate) and return the bucket's index. */
  add(bot: ScheduledBot): number {
    let best = this.rotate;
    for (let i = 1; i < this.phases; i++) {
      const b = (this.rotate + i) % this.phases;
      if ((this.buckets[b]?.size ?? 0) < (this.buckets[best]?.size ?? 0)) best = b;
    }
    this.rotate = (this.rotate + 1) % this.phases;
    this.buckets[best]?.add(bot);
    this.size += 1;
    if (this.size === 1) {
      // The first slot fires at once.
      const now = this.clock.now();
      this.schedule.start(now, now);
      this.arm();
    }
    return best;
  }

  remove(bot: ScheduledBot, bucket: number): void {
    if (!this.buckets[bucket]?.delete(bot)) return;
    this.size -= 1;
    if (this.size === 0) this.stop();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  private arm(): void {
    const delay = this.schedule.nextDueAt - this.clock.now();
    this.cancel = this.clock.schedule(this.fire, Math.max(0, delay));
  }

  private readonly fire = (): void => {
    const { first, run } = this.schedule.wake(this.clock.now());
    // Re-armed before sending: the next slot is absolute, so the time the sends take does not shift it.
    this.arm();
    for (let n = first; n < first + run; n++) {
      const bucket = this.buckets[(n - 1) % this.phases];
      if (bucket) for (const bot of bucket) bot.sendInput();
    }
  };
}

/**
 * One input timer per worker and tick rate instead of one per bot. Tick n of a rate is due at
 * anchor + n * period (the shared drift-corrected `FixedSchedule`: timer lateness never accumulates, where
 * `setInterval(1000 / 30)` would send 30.3 inputs a second and build a backlog on the server). Bots are
 * spread over `phases` buckets a fraction of a period apart, as real players are not in step with each
 * other and a worker should not write all its inputs in one burst; each bucket sends one input per bot per
 * period.
 */
export class InputScheduler {
  private readonly clocks = new Map<number, TickClock>();
  private readonly placed = new Map<ScheduledBot, { rate: number; bucket: number }>();

  /** @param phases buckets per tick period. @default 4 */
  constructor(
    private readonly phases = 4,
    private readonly clock: SchedulerClock = realClock,
  ) {}

  /** Start sending `bot` inputs at `tickRate` Hz. A bot already added is moved. */
  add(bot: ScheduledBot, tickRate: number): void {
    this.remove(bot);
    let c = this.clocks.get(tickRate);
    if (!c) {
      c = new TickClock(tickRate, this.phases, this.clock);
      this.clocks.set(tickRate, c);
    }
    this.placed.set(bot, { rate: tickRate, bucket: c.add(bot) });
  }

  remove(bot: ScheduledBot): void {
    const p = this.placed.get(bot);
    if (!p) return;
    this.placed.delete(bot);
    const c = this.clocks.get(p.rate);
    if (!c) return;
    c.remove(bot, p.bucket);
    if (c.size === 0) this.clocks.delete(p.rate);
  }

  /** Stop every timer (the worker is shutting down). */
  stop(): void {
    for (const c of this.clocks.values()) c.stop();
    this.clocks.clear();
    this.placed.clear();
  }
}
