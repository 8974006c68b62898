import { describe, expect, it } from 'vitest';
import { InputQueue } from '../src/rooms/input-queue.js';

const cmd = (seq: number, fire = false) => ({ seq, mx: 1, my: 0, aim: 0, fire });

describe('InputQueue', () => {
  it('hands out one command at a time in sequence order', () => {
    const q = new InputQueue();
    q.push(cmd(1));
    q.push(cmd(2));
    expect(q.shift()?.seq).toBe(1);
    expect(q.shift()?.seq).toBe(2);
    expect(q.shift()).toBeUndefined();
  });

  it('drops duplicate and out-of-order sequence numbers', () => {
    const q = new InputQueue();
    expect(q.push(cmd(5))).toBe(true);
    expect(q.push(cmd(5))).toBe(false);
    expect(q.push(cmd(3))).toBe(false);
    expect(q.length).toBe(1);
    expect(q.dropped).toBe(2);
  });

  it('drops a command whose sequence jumps far ahead, so a forged one cannot block later inputs', () => {
    const q = new InputQueue();
    q.push(cmd(10));
    expect(q.push(cmd(2 ** 31 - 1))).toBe(false);
    expect(q.push(cmd(11))).toBe(true);
    expect(q.push(cmd(11 + 64))).toBe(true);
  });

  it('accepts a genuine gap after a short run of consecutive far-ahead sequence numbers', () => {
    const q = new InputQueue();
    q.push(cmd(10));
    expect(q.push(cmd(500))).toBe(false);
    expect(q.push(cmd(501))).toBe(false);
    expect(q.push(cmd(502))).toBe(true);
    expect(q.push(cmd(503))).toBe(true);
  });

  it('bounds the backlog by dropping the oldest while keeping its trigger pull', () => {
    const q = new InputQueue(3);
    q.push(cmd(1, true));
    for (let s = 2; s <= 4; s++) q.push(cmd(s));
    expect(q.length).toBe(3);
    const next = q.shift();
    expect(next?.seq).toBe(2);
    expect(next?.fire).toBe(true);
  });

  it('trims a standing backlog that never drains by dropping its oldest command', () => {
    const steady = new InputQueue();
    let seq = 0;
    steady.push(cmd(++seq)); // one extra command, from a burst, that the rate never drains
    for (let tick = 0; tick < 90; tick++) {
      steady.push(cmd(++seq));
      steady.shift();
    }
    // Trimmed once, after the first window; from then on each tick's command is used in that tick.
    expect(steady.dropped).toBe(1);
    expect(steady.length).toBe(0);
  });

  it('leaves a queue that empties alone', () => {
    const healthy = new InputQueue();
    for (let tick = 0; tick < 90; tick++) {
      healthy.push(cmd(tick + 1));
      healthy.shift();
    }
    expect(healthy.dropped).toBe(0);
  });

  it('starts a new sequence space after reset (a resumed seat)', () => {
    const q = new InputQueue();
    q.push(cmd(500));
    q.reset();
    expect(q.push(cmd(1))).toBe(true);
  });
});
