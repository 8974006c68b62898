import { describe, expect, it } from 'vitest';
import { RateMeter } from '../src/admin/rate-meter.js';
import { RoomFigures } from '../src/admin/room-figures.js';

describe('RateMeter', () => {
  it('averages over the whole seconds of its window, not counting the second in progress', () => {
    const m = new RateMeter(5);
    m.add(100, 0);
    expect(m.rate(999)).toBe(0);
    m.add(300, 1_500);
    // Seconds 0 and 1 are whole at t = 2 s: (100 + 300) / 2.
    expect(m.rate(2_000)).toBe(200);
    for (let s = 2; s < 10; s++) m.add(50, s * 1000 + 10);
    // At t = 10.5 s the window is seconds 5..9: 50 each.
    expect(m.rate(10_500)).toBe(50);
  });

  it('drops to 0 after a silence longer than the window', () => {
    const m = new RateMeter(3);
    for (let s = 0; s < 5; s++) m.add(1000, s * 1000);
    expect(m.rate(5_000)).toBe(1000);
    expect(m.rate(6_000)).toBeCloseTo(2000 / 3);
    expect(m.rate(60_000)).toBe(0);
    m.add(30, 60_100);
    expect(m.rate(61_000)).toBe(10);
  });
});

describe('RoomFigures', () => {
  it('reports the p99 of the last ticks and the bytes per second of each room separately', () => {
    let now = 0;
    const f = new RoomFigures(() => now);
    expect(f.figures('AAAAAA')).toEqual({ tickP99Ms: null, bytesPerSecond: 0 });
    // 99 ticks of 1 ms and one of 9 ms: the p99 by nearest rank is 1 ms; one more slow tick makes it 9 ms.
    for (let i = 0; i < 99; i++) f.observer.tick('AAAAAA', 1, 0);
    f.observer.tick('AAAAAA', 9, 0);
    expect(f.figures('AAAAAA').tickP99Ms).toBe(1);
    f.observer.tick('AAAAAA', 9, 0);
    expect(f.figures('AAAAAA').tickP99Ms).toBe(9);
    f.sent('AAAAAA', 2_000);
    f.sent('BBBBBB', 500);
    now = 1_000;
    expect(f.figures('AAAAAA').bytesPerSecond).toBe(2_000);
    expect(f.figures('BBBBBB')).toEqual({ tickP99Ms: null, bytesPerSecond: 500 });
  });

  it('keeps only the newest 512 ticks and forgets closed rooms', () => {
    const f = new RoomFigures(() => 0);
    for (let i = 0; i < 512; i++) f.observer.tick('AAAAAA', 20, 0);
    for (let i = 0; i < 512; i++) f.observer.tick('AAAAAA', 2, 0);
    expect(f.figures('AAAAAA').tickP99Ms).toBe(2);
    f.forget('AAAAAA');
    expect(f.figures('AAAAAA').tickP99Ms).toBeNull();
    f.observer.tick('BBBBBB', 3, 0);
    f.prune((code) => code !== 'BBBBBB');
    expect(f.figures('BBBBBB').tickP99Ms).toBeNull();
  });
});
