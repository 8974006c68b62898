import type { RoomSource } from '../options.js';

/**
 * How a distributed run splits its bots between testers (the coordinator is tester 0, the agents 1..N).
 *
 * Whole rooms are dealt out round-robin: room r goes to tester r mod P. So every room is created and filled
 * by one tester, exactly as in a single-tester run (its first bot creates it, the others join by the code it
 * learnt locally), and no room code has to cross Redis. Each tester runs an ordinary LoadRun over a room
 * source of its own, whose local plan reproduces the global one: with rooms filled in order, tester k's
 * bots, in global order, fill rooms k, k+P, k+2P... one after the other, which is what its own planner does
 * with its own count. The same holds step by step in a capacity search, so the split of a growing run
 * never moves a bot.
 *
 * Existing rooms (`--join`) are dealt out the same way when there are at least as many codes as testers;
 * with fewer, every tester joins every room and the bots are split one by one.
 */

/** Units dealt round-robin: rooms (created), codes (`--join`, enough of them), or bots (`--join`, few). */
function ownedUnits(units: number, index: number, of: number): number[] {
  const out: number[] = [];
  for (let u = index; u < units; u += of) out.push(u);
  return out;
}

/** Bots of `total` that go to room `r` of `rooms` when bots are dealt round-robin (bot i -> room i mod rooms). */
function roundRobinCount(total: number, rooms: number, r: number): number {
  return Math.floor(total / rooms) + (r < total % rooms ? 1 : 0);
}

/** The room source tester `index` of `of` runs locally. */
export function shareRooms(source: RoomSource, index: number, of: number): RoomSource {
  if (source.kind === 'join') {
    if (source.codes.length < of) return source;
    return {
      kind: 'join',
      codes: ownedUnits(source.codes.length, index, of).map((u) => source.codes[u] ?? ''),
    };
  }
  if (source.rooms === undefined) return source;
  return { ...source, rooms: ownedUnits(source.rooms, index, of).length };
}

/** How many of `total` bots tester `index` of `of` runs. The shares of all testers add up to `total`. */
export function shareClients(source: RoomSource, index: number, of: number, total: number): number {
  if (total <= 0) return 0;
  if (source.kind === 'join') {
    const codes = source.codes.length;
    if (codes < of) return roundRobinCount(total, of, index);
    return ownedUnits(codes, index, of).reduce((n, c) => n + roundRobinCount(total, codes, c), 0);
  }
  if (source.rooms !== undefined) {
    const rooms = source.rooms;
    return ownedUnits(rooms, index, of).reduce((n, r) => n + roundRobinCount(total, rooms, r), 0);
  }
  const size = source.roomSize;
  const rooms = Math.ceil(total / size);
  return ownedUnits(rooms, index, of).reduce((n, r) => n + Math.min(size, total - r * size), 0);
}
