import { describe, expect, it } from 'vitest';
import { TimedLink, type NetsimTimers } from '../../src/index.js';

/** A virtual clock with one-shot timers: `advance` runs every timer due, in time order. */
class VirtualTimers implements NetsimTimers {
  time = 0;
  private nextId = 1;
  readonly pending = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + ms, fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  advance(to: number): void {
    for (;;) {
      const due = [...this.pending].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = to;
  }
}

describe('TimedLink', () => {
  it('delivers each packet when it arrives, in order, with one timer at a time', () => {
    const timers = new VirtualTimers();
    const got: [string, number][] = [];
    const link = new TimedLink<string>(
      { latencyMs: 50, jitterMs: 0, loss: 0 },
      1,
      (p) => {
        got.push([p, timers.now()]);
      },
      timers,
    );
    link.send('a', 1);
    timers.advance(10);
    link.send('b', 1);
    expect(timers.pending.size).toBe(1);
    timers.advance(200);
    expect(got).toEqual([
      ['a', 50],
      ['b', 60],
    ]);
    expect(timers.pending.size).toBe(0);
  });

  it('keeps one timer when a delivery sends on the same link', () => {
    const timers = new VirtualTimers();
    const got: [string, number][] = [];
    const link: TimedLink<string> = new TimedLink<string>(
      { latencyMs: 30, jitterMs: 0, loss: 0 },
      1,
      (p) => {
        got.push([p, timers.now()]);
        if (p === 'ping') link.send('pong', 1);
      },
      timers,
    );
    link.send('ping', 1);
    timers.advance(30);
    expect(timers.pending.size).toBe(1);
    timers.advance(100);
    expect(got).toEqual([
      ['ping', 30],
      ['pong', 60],
    ]);
  });

  it('stops delivering and clears its timer on close', () => {
    const timers = new VirtualTimers();
    const got: string[] = [];
    const link = new TimedLink<string>(
      { latencyMs: 50, jitterMs: 0, loss: 0 },
      1,
      (p) => got.push(p),
      timers,
    );
    link.send('a', 1);
    link.close();
    expect(timers.pending.size).toBe(0);
    expect(link.send('b', 1)).toBe('lost');
    timers.advance(500);
    expect(got).toEqual([]);
  });

  it('stops in the middle of a burst when a delivery closes the link', () => {
    const timers = new VirtualTimers();
    const got: string[] = [];
    const link: TimedLink<string> = new TimedLink<string>(
      { latencyMs: 20, jitterMs: 0, loss: 0 },
      1,
      (p) => {
        got.push(p);
        if (p === 'bye') link.close();
      },
      timers,
    );
    link.send('hello', 1);
    link.send('bye', 1);
    link.send('late', 1);
    timers.advance(100);
    expect(got).toEqual(['hello', 'bye']);
  });
});
