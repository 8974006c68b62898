import { describe, expect, it } from 'vitest';
import { TrailingThrottle } from '../../src/net/trailing-throttle.js';
import { FakeTimers } from '../support/fake-timers.js';

describe('TrailingThrottle', () => {
  it('runs at once after a quiet spell, then at most once per interval, always after the last change', () => {
    const timers = new FakeTimers();
    const runs: number[] = [];
    const t = new TrailingThrottle(500, () => void runs.push(timers.now()), timers);
    t.trigger();
    timers.advance(0);
    expect(runs).toEqual([0]);
    // A burst of changes within the interval: one run, at the interval's end.
    for (let i = 0; i < 10; i++) {
      timers.advance(20);
      t.trigger();
    }
    timers.advance(1000);
    expect(runs).toEqual([0, 500]);
    // Long after: immediate again.
    t.trigger();
    timers.advance(0);
    expect(runs).toEqual([0, 500, 1200]);
  });

  it('does not overlap a slow asynchronous run: changes during it make exactly one more run', async () => {
    const timers = new FakeTimers();
    let release: () => void = () => undefined;
    let runs = 0;
    const t = new TrailingThrottle(
      100,
      () =>
        new Promise<void>((resolve) => {
          runs += 1;
          release = resolve;
        }),
      timers,
    );
    t.trigger();
    timers.advance(0);
    expect(runs).toBe(1);
    t.trigger();
    t.trigger();
    timers.advance(1000);
    expect(runs).toBe(1);
    release();
    await Promise.resolve();
    await Promise.resolve();
    await Promise.resolve();
    timers.advance(0);
    expect(runs).toBe(2);
  });

  it('cancel drops a pending run', () => {
    const timers = new FakeTimers();
    let runs = 0;
    const t = new TrailingThrottle(500, () => void (runs += 1), timers);
    t.trigger();
    timers.advance(0);
    t.trigger();
    t.cancel();
    timers.advance(2000);
    expect(runs).toBe(1);
  });
});
