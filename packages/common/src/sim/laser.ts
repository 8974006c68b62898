import type { ArenaMap } from '../map/types.js';
import { Sim } from './constants.js';
import { rayCircle, rayWalls } from './geometry.js';
import type { PlayerId } from './types.js';

/** Where a potential target stood when the shot was judged (rewound positions under lag compensation). */
export interface ShotTarget {
  readonly id: PlayerId;
  readonly x: number;
  readonly y: number;
}

export interface ShotResult {
  readonly x2: number;
  readonly y2: number;
  /** Id of the player hit, or -1 when the beam hit a wall or ran out of range. */
  readonly hit: PlayerId;
}

/**
 * Trace a hitscan laser from (x, y) along `angle`. The beam stops at the first wall; the closest player
 * circle in front of that wall (other than the shooter) is hit.
 */
export function traceShot(
  map: ArenaMap,
  shooter: PlayerId,
  x: number,
  y: number,
  angle: number,
  targets: Iterable<ShotTarget>,
): ShotResult {
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  let best = rayWalls(x, y, dx, dy, map.walls, Sim.LASER_RANGE);
  let hit: PlayerId = -1;
  for (const t of targets) {
    if (t.id === shooter) continue;
    const d = rayCircle(x, y, dx, dy, t.x, t.y, Sim.PLAYER_RADIUS, best);
    if (d < best) {
      best = d;
      hit = t.id;
    }
  }
  return { x2: x + dx * best, y2: y + dy * best, hit };
}
