import type { ArenaMap } from '../map/types.js';
import { Sim } from './constants.js';
import { rayWalls } from './geometry.js';
import { hash01 } from './rng.js';
import { quantizeAim, quantizeAxis } from './quanta.js';
import type { GameState, PlayerId, PlayerState, SimInput } from './types.js';

/** Ticks between a bot's changes of mind (waypoint, strafe direction), at the given tick rate. */
const THINK_SECONDS = 1.5;

/**
 * A bot's input for the next tick: wander between spawn points, strafe when it sees an enemy, aim at the
 * nearest visible one with a little wobble, and fire when it has a line of sight. Pure (decisions come from a
 * hash of tick and id, not from the game RNG), so server bots and load-test bots can share it.
 */
export function botInput(
  state: GameState,
  id: PlayerId,
  seq: number,
  map: ArenaMap,
  tickRate: number,
): SimInput {
  const me = state.players.find((p) => p.id === id);
  if (!me?.alive) return { seq, mx: 0, my: 0, aim: me?.aim ?? 0, fire: false };
  const epoch = Math.floor(state.tick / Math.max(1, Math.round(THINK_SECONDS * tickRate)));
  const target = nearestVisibleEnemy(state.players, me, map);

  const wp = map.spawns[Math.floor(hash01(epoch, id) * map.spawns.length)] ?? { x: me.x, y: me.y };
  let mx = wp.x - me.x;
  let my = wp.y - me.y;
  let aim = Math.atan2(my, mx);
  let fire = false;
  if (target) {
    const toTarget = Math.atan2(target.y - me.y, target.x - me.x);
    const wobble = (hash01(state.tick, id * 31 + 7) - 0.5) * 0.12;
    aim = toTarget + wobble;
    fire = hash01(state.tick, id * 131 + 3) < 0.5;
    const side = hash01(epoch, id + 977) < 0.5 ? 1 : -1;
    mx = Math.cos(toTarget + (side * Math.PI) / 2);
    my = Math.sin(toTarget + (side * Math.PI) / 2);
  }
  const len = Math.hypot(mx, my);
  if (len < 1e-6) return { seq, mx: 0, my: 0, aim: quantizeAim(aim), fire };
  return { seq, mx: quantizeAxis(mx / len), my: quantizeAxis(my / len), aim: quantizeAim(aim), fire };
}

function nearestVisibleEnemy(players: readonly PlayerState[], me: PlayerState, map: ArenaMap) {
  let best: PlayerState | undefined;
  let bestD = Sim.LASER_RANGE * 0.9;
  for (const p of players) {
    if (p.id === me.id || !p.alive) continue;
    const d = Math.hypot(p.x - me.x, p.y - me.y);
    if (d >= bestD) continue;
    const wall = rayWalls(me.x, me.y, (p.x - me.x) / d, (p.y - me.y) / d, map.walls, d);
    if (wall < d - Sim.PLAYER_RADIUS) continue;
    best = p;
    bestD = d;
  }
  return best;
}

/** Wrap an angle into [-PI, PI], well inside the input schema's bound. */
export function normaliseAngle(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}
