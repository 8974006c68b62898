import { describe, expect, it } from 'vitest';
import { InputScheduler, type ScheduledBot, type SchedulerClock } from '../src/bot/input-scheduler.js';

/** A clock whose time moves only when the test says so; timers fire in time order. */
class ManualClock implements SchedulerClock {
  t = 1000;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];

  now(): number {
    return this.t;
  }

  schedule(fn: () => void, ms: number): () => void {
    const timer = { at: this.t + ms, fn, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }

  /** Advance to `until`, firing due timers in order; `late` delays each firing (a busy event loop). */
  run(until: number, late = 0): void {
    for (;;) {
      const due = this.timers.filter((x) => x.live && x.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.t = Math.max(this.t, due.at + late);
      due.fn();
    }
    this.timers = this.timers.filter((x) => x.live);
    this.t = Math.max(this.t, until);
  }

  get pending(): number {
    return this.timers.filter((x) => x.live).length;
  }
}

/** A bot that writes down when it sent. */
function bot(clock: ManualClock): ScheduledBot & { sent: number[] } {
  const sent: number[] = [];
  return { sent, sendInput: () => sent.push(clock.now()) };
}

describe('InputScheduler', () => {
  it('sends each bot one input per tick period, bots spread over the phase buckets', () => {
    const clock = new ManualClock();
    const s = new InputScheduler(4, clock);
    const bots = Array.from({ length: 8 }, () => bot(clock));
    for (const b of bots) s.add(b, 20); // 50 ms period, buckets 12.5 ms apart
    clock.run(1000 + 50 * 10 - 1);
    for (const b of bots) {
      expect(b.sent).toHaveLength(10);
      const gaps = b.sent.slice(1).map((t, i) => t - (b.sent[i] as number));
      expect(new Set(gaps)).toEqual(new Set([50]));
    }
    // Two bots per bucket, four distinct phases 12.5 ms apart.
    const phases = bots.map((b) => ((b.sent[0] as number) - 1000) % 50);
    expect([...new Set(phases)].sort((a, b) => a - b)).toEqual([0, 12.5, 25, 37.5]);
    expect(phases.filter((p) => p === 0)).toHaveLength(2);
  });

  it('does not drift when every timer fires late', () => {
    const clock = new ManualClock();
    const s = new InputScheduler(1, clock);
    const b = bot(clock);
    s.add(b, 30);
    clock.run(1000 + 3000, 0.9); // each timer 0.9 ms late
    // 90 ticks in 3 s at 30 Hz (+1 for the one at t = 0), not 3000 / (33.3 + 0.9).
    expect(b.sent.length).toBeGreaterThanOrEqual(90);
    expect(b.sent.length).toBeLessThanOrEqual(91);
  });

  it('skips the ticks a stalled loop missed instead of sending a burst', () => {
    const clock = new ManualClock();
    const s = new InputScheduler(4, clock);
    const bots = Array.from({ length: 4 }, () => bot(clock));
    for (const b of bots) s.add(b, 10); // 100 ms period
    clock.run(1000); // the first bucket fires at once
    clock.t = 1000 + 550; // the loop was blocked for half a second
    clock.run(1000 + 550);
    // Each bot sent at most once more for the stall (not five times), and all of them at the stall's end.
    for (const b of bots) expect(b.sent.filter((t) => t === 1550).length).toBeLessThanOrEqual(1);
    expect(bots.reduce((n, b) => n + b.sent.length, 0)).toBeLessThanOrEqual(1 + 4);
    clock.run(1000 + 1000);
    // Back on the original grid afterwards.
    for (const b of bots) for (const t of b.sent.filter((x) => x > 1550)) expect((t - 1000) % 25).toBe(0);
  });

  it('stops a bot removed mid-run and its timer once the last bot of a rate is gone', () => {
    const clock = new ManualClock();
    const s = new InputScheduler(4, clock);
    const a = bot(clock);
    const b = bot(clock);
    s.add(a, 30);
    s.add(b, 60);
    clock.run(1100);
    const sentA = a.sent.length;
    s.remove(a);
    clock.run(1200);
    expect(a.sent).toHaveLength(sentA);
    expect(b.sent.length).toBeGreaterThan(10);
    s.remove(b);
    clock.run(1300);
    expect(clock.pending).toBe(0);
  });

  it('lets a bot remove itself while its bucket is sending', () => {
    const clock = new ManualClock();
    const s = new InputScheduler(1, clock);
    const quitter: ScheduledBot & { sent: number } = {
      sent: 0,
      sendInput() {
        this.sent += 1;
        s.remove(this);
      },
    };
    const stayer = bot(clock);
    s.add(quitter, 30);
    s.add(stayer, 30);
    clock.run(1200);
    expect(quitter.sent).toBe(1);
    expect(stayer.sent.length).toBeGreaterThan(5);
  });
});
