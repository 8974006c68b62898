import { Sim } from './constants.js';
import type { ShotTarget } from './laser.js';
import type { PlayerState } from './types.js';

/**
 * Lag compensation, the pure part: where the other players stood at the moment a shooter was looking at.
 *
 * A client draws the other players a little in the past (interpolated between snapshots), and its input
 * reaches the server later still. So that a shot aimed at what was on screen hits what was on screen, the
 * server judges it against the players as they were at the shooter's view tick (Source's "lag
 * compensation", Overwatch's "favour the shooter"), within a bound: the view tick is clamped to
 * `[now - maxRewind, now]`, so a client that lies about it gains at most the bound. The shooter's own
 * position and aim, the walls and who is alive now stay the present ones.
 *
 * The server keeps the history (its frame ring); this module only clamps and interpolates, with the same
 * rules the client draws with: linear between two frames, never a slide across a respawn or teleport.
 */

/** What rewinding needs of a player. */
export type RewindPlayer = Pick<PlayerState, 'id' | 'x' | 'y' | 'alive'>;

/** The players of the tick `tick` (the state after it), or undefined when that tick is not held. */
export type FrameHistory = (tick: number) => readonly RewindPlayer[] | undefined;

/**
 * Slack on top of top speed before two positions count as a teleport, world units: the 1/16 grid's rounding
 * plus a collision push-out, far below the shortest respawn distance. The client's interpolation uses the
 * same rule (`reachable`), so what the server rewinds to is what the shooter saw.
 */
export const REWIND_TELEPORT_MARGIN = 8;

/** How a claimed view tick was bounded. */
export const ViewClamp = {
  /** Within the bound (or no claim at all): judged where the shooter says it looked. */
  NONE: 'none',
  /** Older than the bound (or than the history held): judged at the bound. */
  PAST: 'past',
  /** Later than the tick being simulated: judged at the present. */
  FUTURE: 'future',
} as const;
export type ViewClamp = (typeof ViewClamp)[keyof typeof ViewClamp];

export interface ClampedView {
  /** The tick the shot is judged at, fractional. */
  readonly tick: number;
  /** `nowTick - tick`: how far the world is rewound, ticks (0 = the present). */
  readonly rewindTicks: number;
  readonly clamped: ViewClamp;
}

/**
 * The tick a shot is judged at: the shooter's `claim`, but never later than `nowTick` (the tick being
 * simulated) and never earlier than `nowTick - maxRewindTicks` nor than `oldestTick` (the oldest frame the
 * server still holds). No claim (`undefined`, or not a finite number) is the present, and is not a clamp.
 */
export function clampViewTick(
  claim: number | undefined,
  nowTick: number,
  maxRewindTicks: number,
  oldestTick = Number.NEGATIVE_INFINITY,
): ClampedView {
  if (claim === undefined || !Number.isFinite(claim)) return judged(nowTick, nowTick, ViewClamp.NONE);
  if (claim > nowTick) return judged(nowTick, nowTick, ViewClamp.FUTURE);
  const floor = Math.min(nowTick, Math.max(nowTick - Math.max(0, maxRewindTicks), oldestTick));
  if (claim < floor) return judged(floor, nowTick, ViewClamp.PAST);
  return judged(claim, nowTick, ViewClamp.NONE);
}

function judged(tick: number, nowTick: number, clamped: ViewClamp): ClampedView {
  return { tick, rewindTicks: nowTick - tick, clamped };
}

/**
 * `a` and `b` (`seconds` apart) at `t` in [0, 1): linear, unless the pair cannot be walked (a respawn, a
 * revival, a teleport), in which case the earlier state stands until the later one takes over, as the client
 * draws it.
 */
export function blendRewind(a: RewindPlayer, b: RewindPlayer, t: number, seconds: number): RewindPlayer {
  if (t <= 0 || !reachable(a, b, seconds)) return a;
  return { id: b.id, x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, alive: b.alive };
}

/**
 * Whether a player could walk from `a` to `b` in `seconds`, staying alive (or staying dead). The one rule for
 * "this pair is a cut, not a slide": the client's interpolation (`isDiscontinuous`) and the server's rewind
 * both use it, so what the server rewinds to is what the shooter saw.
 */
export function reachable(
  a: Pick<RewindPlayer, 'x' | 'y' | 'alive'>,
  b: Pick<RewindPlayer, 'x' | 'y' | 'alive'>,
  seconds: number,
): boolean {
  if (a.alive !== b.alive) return false;
  const reach = Sim.PLAYER_SPEED * Math.max(0, seconds) + REWIND_TELEPORT_MARGIN;
  return Math.hypot(b.x - a.x, b.y - a.y) <= reach;
}

/**
 * The players as they stood at fractional tick `viewTick` (clamped by the caller with `clampViewTick`),
 * interpolated between the two frames of `history` around it; at or after `now.tick`, the present ones.
 * `dt` is the tick period in seconds.
 *
 * Only players who can be hit there are returned:
 * - alive at the view tick (a player dead on the shooter's screen cannot be shot);
 * - still in the game now, and the same life: a player who has since died, respawned or been moved further
 *   than it could walk is not where the shooter saw it any more (whether it is alive now is `step`'s check).
 *
 * A player who joined between the two frames is taken from the later one, as the client does. A tick the
 * history no longer holds falls back to the nearest frame there is (the caller's clamp makes that rare).
 */
export function rewindTargets(
  history: FrameHistory,
  now: { readonly tick: number; readonly players: readonly RewindPlayer[] },
  viewTick: number,
  dt: number,
): ShotTarget[] {
  if (!(viewTick < now.tick)) return now.players.filter((p) => p.alive).map(asTarget);
  const base = Math.floor(viewTick);
  const t = viewTick - base;
  const frameAt = (tick: number) => (tick >= now.tick ? now.players : history(tick));
  const older = frameAt(base);
  const newer = t > 0 ? frameAt(base + 1) : undefined;
  let seen: readonly RewindPlayer[];
  if (older && newer) {
    const before = new Map(older.map((p) => [p.id, p]));
    seen = newer.map((b) => {
      const a = before.get(b.id);
      return a ? blendRewind(a, b, t, dt) : b;
    });
  } else seen = older ?? newer ?? now.players;

  const present = new Map(now.players.map((p) => [p.id, p]));
  const back = (now.tick - viewTick) * dt;
  const targets: ShotTarget[] = [];
  for (const p of seen) {
    const current = present.get(p.id);
    if (p.alive && current && reachable(p, current, back)) targets.push(asTarget(p));
  }
  return targets;
}

function asTarget(p: RewindPlayer): ShotTarget {
  return { id: p.id, x: p.x, y: p.y };
}
