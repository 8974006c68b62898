import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FixedSchedule } from '../../src/timing/fixed-schedule.js';
import { seeded } from '../support/streams.js';

const PERIOD_60HZ = 1000 / 60;

describe('FixedSchedule', () => {
  it('puts tick n at anchor + n periods, tick 1 one period after the start unless told otherwise', () => {
    const s = new FixedSchedule({ periodMs: 10 });
    s.start(1000);
    expect(s.nextDueAt).toBe(1010);
    expect(s.dueAt(7)).toBe(1070);
    expect(s.isDue(1009.9)).toBe(false);
    expect(s.dueCount(1035)).toBe(3);
    s.start(2000, 2000);
    expect(s.isDue(2000)).toBe(true);
    expect(s.dueAt(3)).toBe(2020);
  });

  it('rejects a bad period, catch-up bound or early margin', () => {
    expect(() => new FixedSchedule({ periodMs: 0 })).toThrow(RangeError);
    expect(() => new FixedSchedule({ periodMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
    expect(() => new FixedSchedule({ periodMs: 10, maxCatchUp: 0 })).toThrow(RangeError);
    expect(() => new FixedSchedule({ periodMs: 10, earlyMs: -1 })).toThrow(RangeError);
  });

  it('runs 10,000 ticks at 60 Hz without drift when every timer fires late', () => {
    const rand = seeded(2);
    const s = new FixedSchedule({ periodMs: PERIOD_60HZ, maxCatchUp: 5 });
    const start = 12.345;
    s.start(start);
    let now = start;
    let worstLate = 0;
    // A naive chained timer: the next deadline is "now + period", so every lateness adds up.
    let chained = 0;
    let chainedDue = start + PERIOD_60HZ;
    while (s.ticks < 10_000) {
      // The timer set for the next deadline fires 0-4 ms late, now and then 40 ms late (a GC pause).
      now = Math.max(now, s.nextDueAt) + (rand() < 0.01 ? 40 : rand() * 4);
      const { first, run, dropped } = s.wake(now);
      expect(dropped).toBe(0);
      for (let n = first; n < first + run; n++) worstLate = Math.max(worstLate, now - s.dueAt(n));
      while (chainedDue <= now) {
        chained += 1;
        chainedDue = now + PERIOD_60HZ;
      }
    }
    // Tick 10,000 is due at exactly start + 10,000 periods: it ran no later than the timer's lateness.
    expect(now - (start + 10_000 * PERIOD_60HZ)).toBeLessThanOrEqual(40);
    expect(worstLate).toBeLessThanOrEqual(40 + PERIOD_60HZ);
    expect(s.dropped).toBe(0);
    // The chained timer ran about 11 % fewer ticks in the same time.
    expect(chained).toBeLessThan(9_000);
  });

  it('catches up at most maxCatchUp ticks after a stall and drops the rest, keeping its phase', () => {
    const s = new FixedSchedule({ periodMs: 10, maxCatchUp: 5 });
    s.start(0);
    expect(s.wake(10)).toEqual({ first: 1, run: 1, dropped: 0 });
    // Blocked until 215: ticks 2..21 (due 20..210) are all overdue.
    expect(s.wake(215)).toEqual({ first: 2, run: 5, dropped: 15 });
    expect(s.ticks).toBe(6);
    expect(s.dropped).toBe(15);
    // The next tick falls on the old 10 ms grid, the first deadline after the stall.
    expect(s.nextDueAt).toBe(220);
    expect(s.wake(219)).toEqual({ first: 7, run: 0, dropped: 0 });
    expect(s.wake(220)).toEqual({ first: 7, run: 1, dropped: 0 });
  });

  it('steps a one-tick-at-a-time loop through tick, stall and idle', () => {
    const s = new FixedSchedule({ periodMs: 10, maxCatchUp: 2 });
    s.start(0);
    const log: string[] = [];
    let ran = 0;
    for (;;) {
      const step = s.next(45, ran);
      log.push(step);
      if (step === 'idle') break;
      if (step === 'stall') {
        log.push(`dropped ${s.drop(45)}`);
        break;
      }
      log.push(`t${s.take()}`);
      ran += 1;
    }
    expect(log).toEqual(['tick', 't1', 'tick', 't2', 'stall', 'dropped 2']);
    expect(s.nextDueAt).toBe(50);
    expect(s.next(49, 0)).toBe('idle');
    expect(s.next(50, 0)).toBe('tick');
  });

  it('counts a tick due within earlyMs as due', () => {
    const s = new FixedSchedule({ periodMs: 10, earlyMs: 1 });
    s.start(0);
    expect(s.isDue(8.9)).toBe(false);
    expect(s.isDue(9)).toBe(true);
    expect(s.dueCount(19.5)).toBe(2);
  });

  it('agrees with dueAt to the last bit at every deadline', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 1000, noNaN: true }),
        fc.double({ min: -1e6, max: 1e12, noNaN: true }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (period, start, n) => {
          const s = new FixedSchedule({ periodMs: period });
          s.start(start);
          const due = s.dueAt(n);
          expect(s.dueCount(due)).toBe(n);
          const before = due - Math.max(Math.abs(due) * 1e-15, Number.MIN_VALUE);
          if (before < due) expect(s.dueCount(before)).toBe(n - 1);
        },
      ),
    );
  });

  it('accounts for every deadline as run or dropped, at most maxCatchUp per wake-up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.double({ min: 0, max: 500, noNaN: true }), { minLength: 1, maxLength: 60 }),
        (maxCatchUp, gaps) => {
          const s = new FixedSchedule({ periodMs: 16, maxCatchUp });
          s.start(0);
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            const w = s.wake(now);
            expect(w.run).toBeLessThanOrEqual(maxCatchUp);
            expect(w.first).toBe(s.ticks - w.run + 1);
            expect(s.isDue(now)).toBe(false);
          }
          // Every 16 ms deadline up to now was either run or dropped; the grid never moved off phase.
          expect(s.ticks + s.dropped).toBe(Math.floor(now / 16));
          expect(s.nextDueAt % 16).toBe(0);
        },
      ),
    );
  });
});
