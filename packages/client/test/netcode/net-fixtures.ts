import { RoundPhase, seededRandom, type ArenaMap, type SimEvent } from '@tick-arena/common';
import type { Snapshot, SnapshotPlayer } from '../../src/net/snapshot-stream.js';

/** A map with no walls, big enough that nothing in a test reaches an edge. */
export const OPEN_MAP: ArenaMap = { id: 'open', width: 100_000, height: 100_000, walls: [], spawns: [] };

export const TICK_RATE = 30;
export const TICK_MS = 1000 / TICK_RATE;
export const FRAME_MS = 1000 / 60;
/** Server epoch ms of tick 0: far from the client's clock, as in real life. */
export const SERVER_EPOCH = 1_700_000_000_000;

export function player(id: number, x: number, y = 500, extra: Partial<SnapshotPlayer> = {}): SnapshotPlayer {
  return { id, x, y, aim: 0, hp: 100, alive: true, protected: false, ...extra };
}

export function snapshot(
  tick: number,
  players: readonly SnapshotPlayer[],
  opts: { lastSeq?: number; events?: readonly SimEvent[] } = {},
): Snapshot {
  return {
    tick,
    serverTime: SERVER_EPOCH + tick * TICK_MS,
    players,
    events: opts.events ?? [],
    round: { number: 1, phase: RoundPhase.PLAYING, timeLeft: 0, winner: -1 },
    lastSeq: opts.lastSeq ?? -1,
  };
}

/** mulberry32 (common's `nextRandom`): deterministic noise. */
export const seeded = seededRandom;
