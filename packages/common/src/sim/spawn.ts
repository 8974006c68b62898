import type { ArenaMap, Point } from '../map/types.js';
import { nextRandom } from './rng.js';
import type { PlayerState } from './types.js';

/**
 * Pick a safe spawn point: among the map's spawns, those whose nearest living enemy is at least 80% as far
 * as the best spawn's, one chosen by the game RNG (so spawns are not predictable, yet replays are exact).
 */
export function chooseSpawn(
  map: ArenaMap,
  players: readonly PlayerState[],
  selfId: number,
  rng: number,
): { point: Point; rng: number } {
  const enemies = players.filter((p) => p.alive && p.id !== selfId);
  const scored = map.spawns.map((s) => {
    let nearest = Infinity;
    for (const e of enemies) nearest = Math.min(nearest, Math.hypot(e.x - s.x, e.y - s.y));
    return { s, nearest };
  });
  const best = Math.max(...scored.map((c) => c.nearest));
  const safe = scored.filter((c) => c.nearest >= best * 0.8);
  const [r, next] = nextRandom(rng);
  const pick = safe[Math.floor(r * safe.length)] ?? scored[0];
  if (!pick) throw new Error(`map ${map.id} has no spawn points`);
  return { point: pick.s, rng: next };
}
