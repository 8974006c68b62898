import { RoundPhase, type SimEvent } from '@tick-arena/common';
import type { Snapshot } from '../../src/net/snapshot-stream.js';
import { describe, expect, it } from 'vitest';
import { LatestSnapshotView } from '../../src/netcode/latest-snapshot-view.js';

function snap(tick: number, events: SimEvent[] = []): Snapshot {
  return {
    tick,
    serverTime: 0,
    players: [
      {
        id: 1,
        x: tick,
        y: 0,
        aim: 0,
        hp: 100,
        alive: true,
        protected: false,
      },
    ],
    events,
    round: { number: 1, phase: RoundPhase.PLAYING, timeLeft: 0, winner: -1 },
    lastSeq: -1,
  };
}

describe('LatestSnapshotView', () => {
  it('has nothing to draw before the first snapshot', () => {
    expect(new LatestSnapshotView().frame(0)).toBeNull();
  });

  it('draws the newest snapshot', () => {
    const v = new LatestSnapshotView();
    v.ingest(snap(1), 0);
    v.ingest(snap(2), 1);
    expect(v.frame(5)?.players[0]?.x).toBe(2);
    expect(v.latest()?.tick).toBe(2);
  });

  it('hands out each event once and ignores events of a stale snapshot', () => {
    const v = new LatestSnapshotView();
    const spawn: SimEvent = { type: 'spawn', id: 1, x: 5, y: 6 };
    v.ingest(snap(2, [spawn]), 0);
    v.ingest(snap(1, [{ type: 'round-start', round: 9 }]), 1);
    expect(v.drainEvents(0)).toEqual([spawn]);
    expect(v.drainEvents(0)).toEqual([]);
  });

  it('forgets everything on reset', () => {
    const v = new LatestSnapshotView();
    v.ingest(snap(7, [{ type: 'round-start', round: 2 }]), 0);
    v.reset();
    expect(v.frame(0)).toBeNull();
    expect(v.drainEvents(0)).toEqual([]);
  });
});
