import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedLoop, type TickPrecision } from '../src/loop/fixed-loop.js';
import { PreciseScheduler } from '../src/loop/precise-scheduler.js';

/**
 * Fake timers drive setTimeout and setImmediate; `stall` adds time that passed while the event loop was
 * blocked (timers cannot fire during it), so `now()` is what a monotonic clock would read. A setImmediate
 * queued while fake timers run is called 1 ms of fake time later: under fake timers a polling wait
 * advances in 1 ms steps.
 */
let stall = 0;
const now = () => Date.now() + stall;

beforeEach(() => {
  vi.useFakeTimers();
  stall = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('FixedLoop', () => {
  it('runs exactly 600 ticks in 10 s at 60 Hz, where setInterval(1000/60) would run 625', () => {
    let ticks = 0;
    const loop = new FixedLoop({ rate: 60, onTick: () => ticks++, now, precision: 'coarse' });
    loop.start();
    vi.advanceTimersByTime(10_000);
    loop.stop();
    expect(ticks).toBe(600);

    let intervalTicks = 0;
    const id = setInterval(() => intervalTicks++, Math.floor(1000 / 60));
    vi.advanceTimersByTime(10_000);
    clearInterval(id);
    expect(intervalTicks).toBe(625);
  });

  it('rejects a non-positive or non-finite rate, and a negative early-wake margin', () => {
    expect(() => new FixedLoop({ rate: 0, onTick: () => {} })).toThrow(RangeError);
    expect(() => new FixedLoop({ rate: Number.NaN, onTick: () => {} })).toThrow(RangeError);
    expect(() => new FixedLoop({ rate: 30, onTick: () => {}, earlyWakeMs: -1 })).toThrow(RangeError);
  });

  describe.each<TickPrecision>(['coarse', 'exact'])('with precision %s', (precision) => {
    it('keeps the tick count in step with the clock when every tick takes 7 ms of work', () => {
      let ticks = 0;
      const start = now();
      const loop = new FixedLoop({
        rate: 30,
        now,
        precision,
        onTick: () => {
          ticks++;
          stall += 7;
        },
      });
      loop.start();
      vi.advanceTimersByTime(3_000);
      loop.stop();
      // A chained setTimeout(period) would lose 7 ms per tick; anchored ticks stay within one of the clock.
      const due = Math.floor((now() - start) / (1000 / 30));
      expect(Math.abs(ticks - due)).toBeLessThanOrEqual(1);
      expect(ticks).toBeGreaterThan(80);
    });

    it('catches up a short stall by running the missed ticks back to back', () => {
      const seen: number[] = [];
      const loop = new FixedLoop({ rate: 10, onTick: (n) => seen.push(n), now, precision, maxCatchUp: 5 });
      loop.start();
      vi.advanceTimersByTime(100);
      expect(seen).toEqual([1]);
      stall += 300; // the event loop was blocked for 300 ms
      vi.advanceTimersByTime(100);
      expect(seen).toEqual([1, 2, 3, 4, 5]);
      loop.stop();
    });

    it('reports each tick as due on its own schedule, however late it runs', () => {
      const due: number[] = [];
      const start = now();
      const loop = new FixedLoop({ rate: 10, onTick: () => due.push(loop.dueTime - start), now, precision });
      loop.start();
      vi.advanceTimersByTime(100);
      stall += 230; // ticks 2 and 3 run late, back to back
      vi.advanceTimersByTime(100);
      loop.stop();
      expect(due.slice(0, 4)).toEqual([100, 200, 300, 400]);
    });

    it('drops ticks and re-anchors after a stall longer than maxCatchUp', () => {
      let ticks = 0;
      const skipped: number[] = [];
      const loop = new FixedLoop({
        rate: 10,
        onTick: () => ticks++,
        onSkip: (n) => skipped.push(n),
        now,
        precision,
        maxCatchUp: 3,
      });
      loop.start();
      stall += 2_050; // 21 ticks overdue when the first timer fires
      vi.advanceTimersByTime(100);
      expect(ticks).toBe(3);
      expect(skipped).toEqual([18]);
      vi.advanceTimersByTime(1_000);
      expect(ticks).toBe(13);
      loop.stop();
    });

    it('stops when stop() is called from inside a tick, without ending the burst', () => {
      let ticks = 0;
      const bursts: number[] = [];
      const loop = new FixedLoop({
        rate: 100,
        now,
        precision,
        onTick: () => {
          ticks++;
          if (ticks === 3) loop.stop();
        },
        onBurstEnd: (n) => bursts.push(n),
      });
      loop.start();
      vi.advanceTimersByTime(1_000);
      expect(ticks).toBe(3);
      expect(bursts).toEqual([1, 1]);
      expect(loop.running).toBe(false);
    });

    it('ends every wake-up that ran ticks with one onBurstEnd carrying their count', () => {
      const log: string[] = [];
      const loop = new FixedLoop({
        rate: 10,
        now,
        precision,
        maxCatchUp: 10,
        onTick: (n) => log.push(`t${n}`),
        onBurstEnd: (n) => log.push(`b${n}`),
      });
      loop.start();
      vi.advanceTimersByTime(300);
      stall += 450;
      vi.advanceTimersByTime(200);
      loop.stop();
      // Split the log at each burst end: each burst follows at least one tick and counts exactly those.
      let run = 0;
      for (const entry of log) {
        if (entry.startsWith('t')) run += 1;
        else {
          expect(run).toBeGreaterThan(0);
          expect(entry).toBe(`b${run}`);
          run = 0;
        }
      }
      expect(run).toBe(0);
      expect(log.slice(0, 6)).toEqual(['t1', 'b1', 't2', 'b1', 't3', 'b1']);
      expect(log.filter((e) => e.startsWith('t')).length).toBeGreaterThanOrEqual(9);
      // The stall left several ticks due at one wake-up: they ran as one batch.
      expect(log.some((e) => e.startsWith('b') && e !== 'b1')).toBe(true);
    });
  });

  it('with precision coarse, reports a catch-up batch as one burst', () => {
    const log: string[] = [];
    const loop = new FixedLoop({
      rate: 10,
      now,
      precision: 'coarse',
      onTick: (n) => log.push(`t${n}`),
      onBurstEnd: (n) => log.push(`b${n}`),
    });
    loop.start();
    vi.advanceTimersByTime(100);
    stall += 300;
    vi.advanceTimersByTime(100);
    loop.stop();
    expect(log).toEqual(['t1', 'b1', 't2', 't3', 't4', 't5', 'b4']);
  });

  it('with precision exact, wakes early and finishes each wait on the scheduler, never before the due time', () => {
    const scheduler = new PreciseScheduler({ now });
    const handedOver: number[] = [];
    const at = scheduler.at.bind(scheduler);
    vi.spyOn(scheduler, 'at').mockImplementation((due, run) => {
      handedOver.push(due - now());
      return at(due, run);
    });
    const started: number[] = [];
    const before = now();
    const loop = new FixedLoop({
      rate: 60,
      now,
      scheduler,
      precision: 'exact',
      earlyWakeMs: 3,
      onTick: () => started.push(now()),
    });
    loop.start();
    vi.advanceTimersByTime(1_000);
    loop.stop();
    expect(started.length).toBe(60);
    // Every tick was handed to the scheduler 2-3 ms ahead (the timer fires on whole fake ms)...
    expect(handedOver.length).toBe(60);
    for (const lead of handedOver) expect(lead).toBeGreaterThan(2);
    // ...which started it on the first poll at or after its due time (polls are 1 ms apart here).
    started.forEach((t, i) => {
      const due = before + (i + 1) * (1000 / 60);
      expect(t).toBeGreaterThanOrEqual(due);
      expect(t - due).toBeLessThan(1);
    });
  });
});

describe('PreciseScheduler', () => {
  it('calls its waiters in due order with one pending setImmediate however many wait', () => {
    const scheduler = new PreciseScheduler({ now });
    const order: number[] = [];
    const t0 = now();
    for (const offset of [0.9, 0.3, 0.6, 0.1, 0.5]) scheduler.at(t0 + offset, () => order.push(offset));
    const cancelled = scheduler.at(t0 + 0.2, () => order.push(-1));
    scheduler.cancel(cancelled);
    expect(scheduler.size).toBe(5);
    expect(vi.getTimerCount()).toBe(1);
    vi.runAllTimers();
    expect(order).toEqual([0.1, 0.3, 0.5, 0.6, 0.9]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('busy-waits the last spinMs instead of yielding to the event loop', () => {
    // A spin reads the clock in a loop without yielding, so this clock moves 10 us per read.
    let reads = 0;
    const ticking = () => Date.now() + reads++ * 0.01;
    const scheduler = new PreciseScheduler({ now: ticking, spinMs: 1 });
    let firedAt = 0;
    const due = ticking() + 0.5;
    scheduler.at(due, () => (firedAt = ticking()));
    vi.advanceTimersToNextTimer(); // exactly one setImmediate turn
    expect(firedAt).toBeGreaterThanOrEqual(due);
    expect(vi.getTimerCount()).toBe(0);
  });
});
