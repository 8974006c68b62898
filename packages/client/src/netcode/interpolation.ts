import { Sim } from '@tick-arena/common';
import type { SnapshotPlayer } from '../net/snapshot-stream.js';
import type { BufferedSnapshot } from './snapshot-buffer.js';
import type { RenderPlayer } from './world-view.js';

/** Past the newest snapshot, motion is continued for at most this long, ms; then it is held. */
export const MAX_EXTRAPOLATION_MS = 250;
/**
 * Slack on top of top speed before two samples count as a teleport, world units: the 1/16 grid's rounding
 * plus a collision push-out, far below the shortest respawn distance.
 */
const TELEPORT_MARGIN = 8;

/** How a frame's remote players were found. */
export type SampleKind =
  /** Between two snapshots that bracket the render time: the normal case. */
  | 'interpolated'
  /** Past the newest snapshot (the buffer ran dry), continued from the last two. */
  | 'extrapolated'
  /** Past the newest snapshot for longer than extrapolation allows: frozen. */
  | 'held'
  /** Before the oldest snapshot (just started): the oldest is shown. */
  | 'early';

export interface Sample {
  readonly players: readonly RenderPlayer[];
  readonly kind: SampleKind;
}

/** `a` to `b` along the shorter way round, at `t` (0..1 interpolates, beyond 1 extrapolates); in [-PI, PI). */
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
export function isDiscontinuous(a: SnapshotPlayer, b: SnapshotPlayer, ms: number): boolean {
  if (a.alive !== b.alive) return true;
  const reach = (Sim.PLAYER_SPEED * Math.max(0, ms)) / 1000 + TELEPORT_MARGIN;
  return Math.hypot(b.x - a.x, b.y - a.y) > reach;
}

/** `a` and `b` blended at `t`; a discontinuous pair shows `a` until `t` reaches 1, a dead player does not move. */
export function blendPlayer(a: SnapshotPlayer, b: SnapshotPlayer, t: number, ms: number): RenderPlayer {
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
function blendAll(from: BufferedSnapshot, to: BufferedSnapshot, t: number): RenderPlayer[] {
  const ms = to.snapshot.serverTime - from.snapshot.serverTime;
  const before = new Map(from.snapshot.players.map((p) => [p.id, p]));
  return to.snapshot.players.map((b) => {
    const a = before.get(b.id);
    return a ? blendPlayer(a, b, t, ms) : b;
  });
}

/**
 * The players at server time `renderTime`, from snapshots held oldest first. A player's set comes from the
 * later snapshot of the pair, so one who leaves the interest area vanishes up to one interval early.
 */
export function sampleAt(entries: readonly BufferedSnapshot[], renderTime: number): Sample | null {
  const newest = entries[entries.length - 1];
  const oldest = entries[0];
  if (!newest || !oldest) return null;
  if (renderTime < oldest.snapshot.serverTime) return { players: oldest.snapshot.players, kind: 'early' };
  const past = renderTime - newest.snapshot.serverTime;
  if (past <= 0) {
    // Newest first: the render time is normally within the last few snapshots.
    for (let i = entries.length - 1; i > 0; i--) {
      const a = entries[i - 1];
      const b = entries[i];
      if (!a || !b || renderTime < a.snapshot.serverTime) continue;
      const span = b.snapshot.serverTime - a.snapshot.serverTime;
      const t = span > 0 ? (renderTime - a.snapshot.serverTime) / span : 1;
      return { players: blendAll(a, b, t), kind: 'interpolated' };
    }
    return { players: newest.snapshot.players, kind: 'interpolated' };
  }
  const previous = entries[entries.length - 2];
  if (!previous) return { players: newest.snapshot.players, kind: 'held' };
  const span = newest.snapshot.serverTime - previous.snapshot.serverTime;
  if (span <= 0) return { players: newest.snapshot.players, kind: 'held' };
  const ahead = Math.min(past, MAX_EXTRAPOLATION_MS);
  return {
    players: blendAll(previous, newest, 1 + ahead / span),
    kind: past <= MAX_EXTRAPOLATION_MS ? 'extrapolated' : 'held',
  };
}
