import type { ArenaMap } from '../map/types.js';
import { Sim } from './constants.js';
import { resolveCircleRects } from './geometry.js';
import { quantizeAim, quantizePosition } from './quanta.js';
import type { PlayerState, SimInput } from './types.js';

/** Largest distance moved before collision is resolved, so a low tick rate cannot tunnel through a wall. */
const MAX_SUBSTEP = 8;

/**
 * Apply one input's movement to one player. Shared by the server's `step` and the client's prediction,
 * which is why it is a separate pure function: both sides must compute the same position from the same
 * input.
 */
export function movePlayer(p: PlayerState, input: SimInput, dt: number, map: ArenaMap): PlayerState {
  // The aim is put on its grid here, so the state stays on it whoever produced the input (bots, tests).
  const aim = Number.isFinite(input.aim) ? quantizeAim(input.aim) : p.aim;
  if (!p.alive) return { ...p, aim, lastSeq: input.seq };
  let mx = Number.isFinite(input.mx) ? input.mx : 0;
  let my = Number.isFinite(input.my) ? input.my : 0;
  const len = Math.hypot(mx, my);
  if (len > 1) {
    mx /= len;
    my /= len;
  }
  const dist = Sim.PLAYER_SPEED * dt * Math.min(1, len);
  const steps = Math.max(1, Math.ceil(dist / MAX_SUBSTEP));
  let x = p.x;
  let y = p.y;
  const r = Sim.PLAYER_RADIUS;
  for (let i = 0; i < steps; i++) {
    x += (mx * Sim.PLAYER_SPEED * dt) / steps;
    y += (my * Sim.PLAYER_SPEED * dt) / steps;
    ({ x, y } = resolveCircleRects(x, y, r, map.walls));
    x = Math.min(map.width - r, Math.max(r, x));
    y = Math.min(map.height - r, Math.max(r, y));
  }
  return {
    ...p,
    x: quantizePosition(x),
    y: quantizePosition(y),
    aim,
    lastSeq: input.seq,
  };
}
