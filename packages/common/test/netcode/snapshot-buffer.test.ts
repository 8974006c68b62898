import { describe, expect, it } from 'vitest';
import { SnapshotBuffer } from '../../src/netcode/snapshot-buffer.js';

const snap = (tick: number) => ({ tick, label: `t${tick}` });
const ticks = (b: SnapshotBuffer<{ tick: number }>) => b.entries().map((e) => e.snapshot.tick);

describe('SnapshotBuffer', () => {
  it('keeps snapshots in tick order and reports the newest, whatever their shape', () => {
    const b = new SnapshotBuffer<{ tick: number; label: string }>();
    expect(b.latest()).toBeUndefined();
    b.push(snap(1), 10);
    b.push(snap(2), 20);
    expect(b.latest()?.snapshot.label).toBe('t2');
    expect(b.latest()?.receivedAt).toBe(20);
    expect(ticks(b)).toEqual([1, 2]);
  });

  it('refuses a duplicate or older tick on push so the world never moves backwards', () => {
    const b = new SnapshotBuffer();
    b.push(snap(5), 0);
    expect(b.push(snap(5), 1)).toBe(false);
    expect(b.push(snap(3), 2)).toBe(false);
    expect(b.size).toBe(1);
    expect(b.latest()?.receivedAt).toBe(0);
  });

  it('drops the oldest snapshot beyond its capacity', () => {
    const b = new SnapshotBuffer(3);
    for (let t = 1; t <= 5; t++) b.push(snap(t), t);
    expect(ticks(b)).toEqual([3, 4, 5]);
  });

  it('puts a late snapshot into the hole it belongs in, and nowhere else', () => {
    const b = new SnapshotBuffer(4);
    for (const t of [1, 2, 5, 7]) b.push(snap(t), t);
    expect(b.insertLate(snap(4), 8)).toBe(true);
    expect(b.insertLate(snap(6), 9)).toBe(true);
    // Capacity 4: the oldest went.
    expect(ticks(b)).toEqual([4, 5, 6, 7]);
    expect(b.insertLate(snap(5), 10)).toBe(false); // held already
    expect(b.insertLate(snap(3), 10)).toBe(false); // older than everything held
    expect(b.insertLate(snap(8), 10)).toBe(false); // the newest: that is a push
    expect(b.insertLate(snap(7), 10)).toBe(false);
    expect(ticks(b)).toEqual([4, 5, 6, 7]);
    expect(b.latest()?.snapshot.tick).toBe(7);
    expect(new SnapshotBuffer().insertLate(snap(1), 0)).toBe(false);
  });

  it('starts afresh after clear', () => {
    const b = new SnapshotBuffer();
    b.push(snap(9), 0);
    b.clear();
    expect(b.push(snap(1), 0)).toBe(true);
  });
});
