import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FixedInterval } from '../../src/netcode/fixed-interval.js';

describe('FixedInterval', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  /** Advance the fake clock and the fake timers together, one millisecond at a time. */
  function run(ms: number): void {
    for (let i = 0; i < ms; i++) {
      now += 1;
      vi.advanceTimersByTime(1);
    }
  }

  /** The main thread is blocked for `ms`: time passes, then the overdue timer runs once. */
  function block(ms: number): void {
    now += ms;
    vi.advanceTimersByTime(ms);
  }

  it('averages exactly the requested rate (no drift from whole-millisecond rounding)', () => {
    let calls = 0;
    const t = new FixedInterval(30, () => (calls += 1), clock);
    t.start();
    run(3010);
    expect(calls).toBe(90);
  });

  it('catches up on calls missed while the thread was busy', () => {
    let calls = 0;
    const t = new FixedInterval(30, () => (calls += 1), clock);
    t.start();
    run(34);
    expect(calls).toBe(1);
    // Deadlines at 66.7, 100 and 133.3 ms all pass while the thread is blocked until 134 ms.
    block(100);
    expect(calls).toBe(4);
    run(1000);
    expect(calls).toBe(34);
  });

  it('makes at most four calls after a long stall instead of replaying it', () => {
    let calls = 0;
    const t = new FixedInterval(30, () => (calls += 1), clock);
    t.start();
    block(5000);
    expect(calls).toBe(4);
    run(100);
    expect(calls).toBe(7);
  });

  it('stops, also from inside its own callback', () => {
    let calls = 0;
    const t = new FixedInterval(
      30,
      () => {
        calls += 1;
        if (calls === 2) t.stop();
      },
      clock,
    );
    t.start();
    run(1000);
    expect(calls).toBe(2);
    expect(t.running).toBe(false);
  });
});
