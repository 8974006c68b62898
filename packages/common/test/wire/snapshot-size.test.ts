import { describe, expect, it } from 'vitest';
import {
  decodeSnapshotBytes,
  encodeSnapshotBody,
  encodeSnapshotTail,
  hashClientFrame,
  joinSnapshot,
} from '../../src/index.js';
import { DEFAULT_ROOM, simulateArenaRoom } from '../support/arena-room.js';

/**
 * The size budget of delta replication: a 16-player room at 30 Hz, everyone walking at full speed, sweeping
 * their aim and shooting now and then, must cost at most ~85 bytes per snapshot (2.5 KB/s per client).
 * Baselines are 1-2 ticks old on a LAN and 5-10 at 150 ms ping. Prints the figures (run with
 * `npx vitest run packages/common/test/wire/snapshot-size.test.ts`).
 */
const WARM_UP = 60;
const HASH_EVERY = 30;

describe('snapshot size in a busy 16-player room', () => {
  const room = simulateArenaRoom();

  function averageBytes(age: number): number {
    let total = 0;
    let count = 0;
    for (let t = WARM_UP; t < room.length; t++) {
      const cur = room[t];
      const base = room[t - age];
      if (!cur || !base) continue;
      const hash = t % HASH_EVERY === 0 ? hashClientFrame(cur.frame) : null;
      const bytes = joinSnapshot(
        encodeSnapshotBody(base.frame, cur.frame, cur.events),
        encodeSnapshotTail(base.frame.owner, cur.frame.owner, hash),
      );
      const decoded = decodeSnapshotBytes(bytes, (tick) =>
        tick === base.frame.tick ? base.frame : undefined,
      );
      expect(decoded.ok && decoded.value.frame).toEqual(cur.frame);
      total += bytes.length;
      count += 1;
    }
    return total / count;
  }

  it('prints and bounds the average bytes per snapshot for baselines 1, 2, 6 and 10 ticks old', () => {
    const events = room.slice(WARM_UP).reduce((n, t) => n + t.events.length, 0) / (room.length - WARM_UP);
    const full = room
      .slice(WARM_UP)
      .reduce((n, t) => n + encodeSnapshotBody(null, t.frame, t.events).length, 0);
    const figures = [1, 2, 6, 10].map((age) => ({ age, bytes: averageBytes(age) }));
    console.log(
      `snapshot size, ${DEFAULT_ROOM.players} players at ${DEFAULT_ROOM.tickRate} Hz, ${events.toFixed(2)} events/tick: ` +
        figures.map((f) => `baseline ${f.age} tick(s) old ${f.bytes.toFixed(1)} B`).join(', ') +
        `; full ${(full / (room.length - WARM_UP)).toFixed(1)} B`,
    );
    expect(figures[0]?.bytes).toBeLessThanOrEqual(85);
    expect(figures[2]?.bytes).toBeLessThanOrEqual(85);
  });
});
