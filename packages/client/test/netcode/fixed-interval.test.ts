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

  describe('pullIn (a key was pressed between two calls)', () => {
    it('makes the next call at once, then glides back to the schedule without adding a call', () => {
      const at: number[] = [];
      const t = new FixedInterval(30, () => at.push(now), clock);
      t.start();
      run(70); // calls at 34 and 67; the next is due at 100
      expect(t.pullIn(5)).toBe(true);
      expect(at).toEqual([34, 67, 70]);
      run(3010 - 70);
      // The same 90 calls as without the pull-in (the call made at 70 was the one due at 100)...
      expect(at).toHaveLength(90);
      // ...each gap after it at least a period, growing back by 1/8 of the 30 ms lead each time...
      const gaps = at.slice(2, 12).map((v, i) => (at[i + 3] ?? 0) - v);
      for (const g of gaps) expect(g).toBeGreaterThanOrEqual(33);
      // ...and back on the original schedule (deadlines at multiples of 33.3 ms) after eight calls.
      expect(at.slice(10, 13)).toEqual([367, 400, 434]);
    });

    it('makes a call that is overdue (its timer has not fired yet) at once, keeping the schedule', () => {
      const at: number[] = [];
      const t = new FixedInterval(30, () => at.push(now), clock);
      t.start();
      run(30);
      now += 10; // the thread is busy past the deadline at 33.3: the timer has not run
      expect(t.pullIn(0)).toBe(true);
      expect(at).toEqual([40]);
      run(40);
      expect(at).toEqual([40, 67]);
    });

    it('leaves a call that is due within the lead alone', () => {
      const at: number[] = [];
      const t = new FixedInterval(30, () => at.push(now), clock);
      t.start();
      run(30);
      expect(t.pullIn(5)).toBe(false);
      run(10);
      expect(at).toEqual([34]);
    });

    it('never runs more than a period ahead of the schedule, however often keys change', () => {
      const at: number[] = [];
      const t = new FixedInterval(30, () => at.push(now), clock);
      t.start();
      run(40);
      let pulled = 0;
      for (let i = 0; i < 100; i++) {
        run(2);
        if (t.pullIn(1)) pulled += 1;
      }
      run(1000);
      expect(pulled).toBeGreaterThan(0);
      expect(pulled).toBeLessThan(20);
      // The k-th call belongs at (k + 1) periods: it is never made a period or more before that, and no
      // call is added.
      const period = 1000 / 30;
      at.forEach((v, k) => expect(v).toBeGreaterThan(k * period));
      expect(at).toHaveLength(Math.floor(1240 / period));
    });

    it('does nothing when stopped, and stops from inside the pulled call', () => {
      let calls = 0;
      const t = new FixedInterval(30, () => (calls += 1) && t.stop(), clock);
      expect(t.pullIn(0)).toBe(false);
      t.start();
      run(5);
      expect(t.pullIn(0)).toBe(true);
      run(200);
      expect(calls).toBe(1);
      expect(t.running).toBe(false);
    });
  });
});
