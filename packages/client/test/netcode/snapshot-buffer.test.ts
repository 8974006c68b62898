import { RoundPhase } from '@tick-arena/common';
import type { Snapshot } from '../../src/net/snapshot-stream.js';
import { describe, expect, it } from 'vitest';
import { SnapshotBuffer } from '../../src/netcode/snapshot-buffer.js';

function snap(tick: number): Snapshot {
  return {
    tick,
    serverTime: tick * 33,
    players: [],
    events: [],
    round: { number: 1, phase: RoundPhase.PLAYING, timeLeft: 0, winner: -1 },
    lastSeq: -1,
  };
}

describe('SnapshotBuffer', () => {
  it('keeps snapshots in tick order and reports the newest', () => {
    const b = new SnapshotBuffer();
    expect(b.latest()).toBeUndefined();
    b.push(snap(1), 10);
    b.push(snap(2), 20);
    expect(b.latest()?.snapshot.tick).toBe(2);
    expect(b.latest()?.receivedAt).toBe(20);
    expect(b.entries().map((e) => e.snapshot.tick)).toEqual([1, 2]);
  });

  it('refuses a duplicate or older tick so the world never moves backwards', () => {
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
    expect(b.entries().map((e) => e.snapshot.tick)).toEqual([3, 4, 5]);
  });

  it('starts afresh after clear', () => {
    const b = new SnapshotBuffer();
    b.push(snap(9), 0);
    b.clear();
    expect(b.push(snap(1), 0)).toBe(true);
  });
});
