import { ARENA, createGameState, addPlayer, movePlayer, type ArenaMap } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { clearShot, huntIntent } from '../e2e/support/shooter.js';

const TICK_RATE = 30;

/** Ticks the scripted shooter needs to walk from `from` to a clear shot at a target standing at `to`. */
function ticksToClearShot(
  map: ArenaMap,
  from: { x: number; y: number },
  to: { x: number; y: number },
  limit: number,
) {
  const spawned = addPlayer(createGameState({ seed: 1 }), 1, map).players[0];
  if (!spawned) throw new Error('no player');
  let me = { ...spawned, x: from.x, y: from.y };
  const target = { ...me, id: 2, x: to.x, y: to.y };
  for (let t = 0; t < limit; t++) {
    if (clearShot(me, target, map)) return t;
    const i = huntIntent(me, target, map);
    me = movePlayer(me, { seq: t, mx: i.mx, my: i.my, aim: i.aim, fire: false }, 1 / TICK_RATE, map);
  }
  return Infinity;
}

describe('the scripted shooter of the browser tests', () => {
  // The browser tests play on the default arena (the expanse would take minutes of path searches here).
  for (const map of [ARENA]) {
    it(`reaches a clear shot from every spawn to every spawn on ${map.id}`, () => {
      const stuck: string[] = [];
      let worst = 0;
      for (const a of map.spawns) {
        for (const b of map.spawns) {
          const t = ticksToClearShot(map, a, b, 60 * TICK_RATE);
          if (!Number.isFinite(t)) stuck.push(`(${a.x},${a.y}) -> (${b.x},${b.y})`);
          else worst = Math.max(worst, t);
        }
      }
      console.log(`${map.id}: ${map.spawns.length ** 2} pairs, slowest ${(worst / TICK_RATE).toFixed(1)} s`);
      expect(stuck).toEqual([]);
    });
  }
});
