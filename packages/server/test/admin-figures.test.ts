import { describe, expect, it } from 'vitest';
import { RoomFigures } from '../src/admin/room-figures.js';
import { WindowedRate } from '../src/admin/windowed-rate.js';

describe('WindowedRate', () => {
  it('is 0 until two seconds have been sampled, then the amount per second between its samples', () => {
    const r = new WindowedRate(5);
    r.sample(100);
    r.add(500);
    r.sample(900); // same second: not kept
    expect(r.rate()).toBe(0);
    r.add(500);
    r.sample(1_100);
    // 1000 between the samples at 0.1 s and 1.1 s.
    expect(r.rate()).toBe(1_000);
  });

  it('uses the samples’ own times, so samples late in their second stay exact', () => {
    const r = new WindowedRate(5);
    r.sample(0);
    r.add(300);
    r.sample(1_500);
    expect(r.rate()).toBe(200);
  });

  it('forgets what is older than its window', () => {
    const r = new WindowedRate(3);
    r.sample(0);
    r.add(10_000); // a burst in the first second
    for (let s = 1; s <= 10; s++) {
      r.sample(s * 1000);
      r.add(100);
    }
    // Samples kept: seconds 7..10, 100 per second between them; the burst is long gone.
    expect(r.rate()).toBe(100);
  });
});

describe('RoomFigures', () => {
  it('reports the p99 of the last ticks and the bytes per second of each room separately', () => {
    const f = new RoomFigures();
    expect(f.figures('AAAAAA')).toEqual({ tickP99Ms: null, bytesPerSecond: 0 });
    // 99 ticks of 1 ms and one of 9 ms: the p99 by nearest rank is 1 ms; one more slow tick makes it 9 ms.
    for (let i = 0; i < 99; i++) f.observer.tick('AAAAAA', 1, 0);
    f.observer.tick('AAAAAA', 9, 0);
    expect(f.figures('AAAAAA').tickP99Ms).toBe(1);
    f.observer.tick('AAAAAA', 9, 0);
    expect(f.figures('AAAAAA').tickP99Ms).toBe(9);
    // Bytes are paced by each room's own ticks.
    f.observer.tick('BBBBBB', 1, 0);
    f.sent('AAAAAA', 2_000);
    f.sent('BBBBBB', 500);
    f.observer.tick('AAAAAA', 1, 1_000);
    f.observer.tick('BBBBBB', 1, 1_000);
    expect(f.figures('AAAAAA').bytesPerSecond).toBe(2_000);
    expect(f.figures('BBBBBB')).toEqual({ tickP99Ms: 1, bytesPerSecond: 500 });
  });

  it('keeps only the newest 512 ticks and forgets closed rooms', () => {
    const f = new RoomFigures();
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
