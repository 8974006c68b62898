import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedLoop } from '../src/loop/fixed-loop.js';

/**
 * Fake timers drive setTimeout; `stall` adds time that passed while the event loop was blocked (timers
 * cannot fire during it), so `now()` is what a monotonic clock would read.
 */
let stall = 0;
const now = () => Date.now() + stall;

describe('FixedLoop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    stall = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs exactly 600 ticks in 10 s at 60 Hz, where setInterval(1000/60) would run 625', () => {
    let ticks = 0;
    const loop = new FixedLoop({ rate: 60, onTick: () => ticks++, now });
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

  it('keeps the tick count in step with the clock when every tick takes 7 ms of work', () => {
    let ticks = 0;
    const start = now();
    const loop = new FixedLoop({
      rate: 30,
      now,
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
    expect(ticks).toBeGreaterThan(100);
  });

  it('catches up a short stall by running the missed ticks back to back', () => {
    const seen: number[] = [];
    const loop = new FixedLoop({ rate: 10, onTick: (n) => seen.push(n), now, maxCatchUp: 5 });
    loop.start();
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1]);
    stall += 300; // the event loop was blocked for 300 ms
    vi.advanceTimersByTime(100);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    loop.stop();
  });

  it('drops ticks and re-anchors after a stall longer than maxCatchUp', () => {
    let ticks = 0;
    const skipped: number[] = [];
    const loop = new FixedLoop({
      rate: 10,
      onTick: () => ticks++,
      onSkip: (n) => skipped.push(n),
      now,
      maxCatchUp: 3,
    });
    loop.start();
    stall += 2_000; // 20 ticks overdue when the first timer fires
    vi.advanceTimersByTime(100);
    expect(ticks).toBe(3);
    expect(skipped).toEqual([18]);
    vi.advanceTimersByTime(1_000);
    expect(ticks).toBe(13);
    loop.stop();
  });

  it('stops when stop() is called from inside a tick', () => {
    let ticks = 0;
    const loop = new FixedLoop({
      rate: 100,
      now,
      onTick: () => {
        ticks++;
        if (ticks === 3) loop.stop();
      },
    });
    loop.start();
    vi.advanceTimersByTime(1_000);
    expect(ticks).toBe(3);
    expect(loop.running).toBe(false);
  });

  it('rejects a non-positive or non-finite rate', () => {
    expect(() => new FixedLoop({ rate: 0, onTick: () => {} })).toThrow(RangeError);
    expect(() => new FixedLoop({ rate: Number.NaN, onTick: () => {} })).toThrow(RangeError);
  });
});
