import { reachable } from '../sim/rewind.js';
import type { BufferedSnapshot } from './snapshot-buffer.js';
import type { InterpolatedPlayer, PlayerOf, TimedSnapshot } from './types.js';

/** Past the newest snapshot, motion is continued for at most this long, ms; then it is held. */
export const MAX_EXTRAPOLATION_MS = 250;

/** How a frame's players were found. */
export type SampleKind =
  /** Between two snapshots that bracket the render time: the normal case. */
  | 'interpolated'
  /** Past the newest snapshot (the buffer ran dry), continued from the last two. */
  | 'extrapolated'
  /** Past the newest snapshot for longer than extrapolation allows: frozen. */
  | 'held'
  /** Before the oldest snapshot (just started): the oldest is shown. */
  | 'early';

export interface InterpolationSample<P extends InterpolatedPlayer = InterpolatedPlayer> {
  readonly players: readonly P[];
  readonly kind: SampleKind;
  /**
   * The server tick these players are drawn at, with its fraction (tick 40.5 is half-way from 40 to 41):
   * what a shot fired on this frame was aimed at, and so where lag compensation rewinds to. Past the
   * newest snapshot it runs ahead of it with the extrapolation, and stops where the extrapolation stops.
   */
  readonly viewTick: number;
}

/** `a` to `b` the shorter way round, at `t` (0..1 interpolates, beyond 1 extrapolates); in [-PI, PI). */
export function lerpAngle(a: number, b: number, t: number): number {
  const turn = 2 * Math.PI;
  let d = (b - a) % turn;
  if (d >= Math.PI) d -= turn;
  else if (d < -Math.PI) d += turn;
  const r = (((a + d * t + Math.PI) % turn) + turn) % turn;
  return r - Math.PI;
}

/**
 * Whether `a` -> `b` (`ms` apart on the server's clock) cannot be walked: a respawn, a teleport, or a
 * revival. Such a pair is drawn as a cut, never as a slide across the map.
 */
export function isDiscontinuous(a: InterpolatedPlayer, b: InterpolatedPlayer, ms: number): boolean {
  return !reachable(a, b, ms / 1000);
}

/**
 * `a` and `b` blended at `t`; a discontinuous pair shows `a` until `t` reaches 1, a dead player does not
 * move. Fields other than position and aim come from `a` before `t` reaches 1 and from `b` after.
 */
export function blendPlayer<P extends InterpolatedPlayer>(a: P, b: P, t: number, ms: number): P {
  if (t === 1 || isDiscontinuous(a, b, ms)) return t < 1 ? a : b;
  const latest = t < 1 ? a : b;
  if (!a.alive) return latest;
  return {
    ...latest,
    x: a.x + (b.x - a.x) * t,
    y: a.y + (b.y - a.y) * t,
    // Facing is not guessed ahead: a turn is rarely steady, and a wrong guess shows as a flick back.
    aim: t > 1 ? b.aim : lerpAngle(a.aim, b.aim, t),
  };
}

/** Every player of `to`, each blended with its state in `from` when it has one there. */
function blendAll<S extends TimedSnapshot>(from: S, to: S, t: number): PlayerOf<S>[] {
  const ms = to.serverTime - from.serverTime;
  const before = new Map<number, PlayerOf<S>>(from.players.map((p) => [p.id, p]));
  return to.players.map((b: PlayerOf<S>) => {
    const a = before.get(b.id);
    return a ? blendPlayer(a, b, t, ms) : b;
  });
}

/** The tick `t` of the way from `a` to `b` (beyond 1: past `b`). */
function tickAt(a: TimedSnapshot, b: TimedSnapshot, t: number): number {
  return a.tick + (b.tick - a.tick) * t;
}

/**
 * The players at server time `renderTime`, from snapshots held oldest first (a `SnapshotBuffer`'s
 * entries). A player's set comes from the later snapshot of the pair, so one who leaves the interest area
 * vanishes up to one interval early. Null when nothing is held.
 */
export function sampleAt<S extends TimedSnapshot>(
  entries: readonly BufferedSnapshot<S>[],
  renderTime: number,
): InterpolationSample<PlayerOf<S>> | null {
  const newest = entries[entries.length - 1]?.snapshot;
  const oldest = entries[0]?.snapshot;
  if (!newest || !oldest) return null;
  if (renderTime < oldest.serverTime) {
    return { players: oldest.players, kind: 'early', viewTick: oldest.tick };
  }
  const past = renderTime - newest.serverTime;
  if (past <= 0) {
    // Newest first: the render time is normally within the last few snapshots.
    for (let i = entries.length - 1; i > 0; i--) {
      const a = entries[i - 1]?.snapshot;
      const b = entries[i]?.snapshot;
      if (!a || !b || renderTime < a.serverTime) continue;
      const span = b.serverTime - a.serverTime;
      const t = span > 0 ? (renderTime - a.serverTime) / span : 1;
      return { players: blendAll(a, b, t), kind: 'interpolated', viewTick: tickAt(a, b, t) };
    }
    return { players: newest.players, kind: 'interpolated', viewTick: newest.tick };
  }
  const previous = entries[entries.length - 2]?.snapshot;
  const span = previous ? newest.serverTime - previous.serverTime : 0;
  if (!previous || span <= 0) return { players: newest.players, kind: 'held', viewTick: newest.tick };
  const t = 1 + Math.min(past, MAX_EXTRAPOLATION_MS) / span;
  return {
    players: blendAll(previous, newest, t),
    kind: past <= MAX_EXTRAPOLATION_MS ? 'extrapolated' : 'held',
    viewTick: tickAt(previous, newest, t),
  };
}
