import { movePlayer, type ArenaMap, type PlayerState, type SimInput } from '@tick-arena/common';
import type { SnapshotPlayer } from '../net/snapshot-stream.js';

/**
 * A correction at least this far (world units) is a teleport, not an error to smooth: 48 is three player
 * radii, about five ticks of running at 30 Hz, more than any lost or repeated input produces.
 */
export const SNAP_DISTANCE = 48;
/**
 * Time constant of the visual error's exponential decay, ms: 95 % of a correction is gone after 100 ms
 * (three time constants), quick enough to feel exact, slow enough that an 8.7-unit correction (one tick of
 * running at 30 Hz) moves the drawing by at most 3.4 units in a 60 Hz frame.
 */
export const ERROR_DECAY_MS = 100 / 3;
/** Below this (units) the remaining error is dropped: a sixteenth of a pixel at 1:1. */
const ERROR_EPSILON = 1 / 256;
/** Unacknowledged inputs kept at most: 2 s at 128 Hz. A server that stops acknowledging gets no more. */
const MAX_PENDING = 256;

interface Point {
  x: number;
  y: number;
}

/** What reconciling one snapshot did. */
export interface Correction {
  /** Distance between the old and the new prediction, world units (0 when the prediction was right). */
  readonly distance: number;
  /** Whether it was drawn as a cut instead of being smoothed away. */
  readonly snapped: boolean;
}

/**
 * The local player, predicted: each input is applied at once with the shared `movePlayer` (the same
 * function, grids and `dt` the server uses), and kept until the server says it applied it (`lastSeq`).
 * On each snapshot the prediction restarts from the authoritative state and replays what is still
 * unacknowledged; when nothing was lost this reproduces the server bit for bit.
 *
 * When it does not (an input arrived late and the server repeated the previous one, a collision with a
 * player the client cannot predict), the jump between the old and the new prediction is not drawn: it
 * becomes an offset that decays exponentially, unless it is a teleport (`SNAP_DISTANCE`, a death or a
 * respawn). A dead player is not predicted: `movePlayer` only turns a dead player's aim.
 *
 * Times are on the caller's clock (`performance.now()`); nothing here reads a clock.
 */
export class Prediction {
  private pending: SimInput[] = [];
  private authority: PlayerState | null = null;
  private current: PlayerState | null = null;
  /** Where the current step started (the drawing interpolates from here to `current` over one tick). */
  private previous: Point = { x: 0, y: 0 };
  private stepAt = Number.NEGATIVE_INFINITY;
  private error: Point = { x: 0, y: 0 };
  private errorAt = 0;
  private readonly dt: number;
  private readonly tickMs: number;

  constructor(
    private readonly map: ArenaMap,
    tickRate: number,
  ) {
    this.dt = 1 / tickRate;
    this.tickMs = 1000 / tickRate;
  }

  /** Inputs sent and not yet acknowledged. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** The predicted state after the newest input, or null before the first snapshot. */
  get state(): PlayerState | null {
    return this.current;
  }

  /** Apply an input just sent, at client time `at`. */
  input(cmd: SimInput, at: number): void {
    this.pending.push(cmd);
    if (this.pending.length > MAX_PENDING) this.pending.shift();
    if (!this.current) return;
    this.previous = { x: this.current.x, y: this.current.y };
    this.current = movePlayer(this.current, cmd, this.dt, this.map);
    this.stepAt = at;
  }

  /**
   * Reconcile with the authoritative state of this player in a snapshot that acknowledged inputs up to
   * `lastSeq`, received at client time `at`.
   */
  reconcile(me: SnapshotPlayer, lastSeq: number, at: number): Correction {
    const prior = this.authority;
    this.authority = {
      ...me,
      respawnIn: 0,
      protectedFor: 0,
      cooldown: 0,
      kills: 0,
      deaths: 0,
      lastSeq,
    };
    let firstAfter = 0;
    while (firstAfter < this.pending.length && (this.pending[firstAfter]?.seq ?? 0) <= lastSeq)
      firstAfter += 1;
    if (firstAfter > 0) this.pending = this.pending.slice(firstAfter);
    let state = this.authority;
    for (const cmd of this.pending) state = movePlayer(state, cmd, this.dt, this.map);
    const old = this.current;
    this.current = state;
    if (!old) return this.snap(state);
    const dx = old.x - state.x;
    const dy = old.y - state.y;
    const distance = Math.hypot(dx, dy);
    const revived = prior !== null && prior.alive !== me.alive;
    if (revived || old.alive !== state.alive || distance > SNAP_DISTANCE) return this.snap(state, distance);
    // Keep what is drawn right now where it is: shift the step being drawn by the correction, and carry the
    // correction as an offset that then decays.
    const carried = this.errorOffset(at);
    this.error = { x: carried.x + dx, y: carried.y + dy };
    this.errorAt = at;
    this.previous = { x: this.previous.x - dx, y: this.previous.y - dy };
    return { distance, snapped: false };
  }

  /** The remaining visual error at client time `now`: what is drawn minus what is predicted. */
  errorOffset(now: number): Point {
    const k = Math.exp(-Math.max(0, now - this.errorAt) / ERROR_DECAY_MS);
    const x = this.error.x * k;
    const y = this.error.y * k;
    return Math.hypot(x, y) < ERROR_EPSILON ? { x: 0, y: 0 } : { x, y };
  }

  /**
   * Where to draw the player at client time `now`: between the previous and the current predicted step by
   * the fraction of a tick elapsed since the newest input, plus the decaying error. Null before the first
   * snapshot.
   */
  drawnAt(now: number): { x: number; y: number; aim: number; alive: boolean } | null {
    const cur = this.current;
    if (!cur) return null;
    const t = Math.min(1, Math.max(0, (now - this.stepAt) / this.tickMs));
    const e = this.errorOffset(now);
    return {
      x: this.previous.x + (cur.x - this.previous.x) * t + e.x,
      y: this.previous.y + (cur.y - this.previous.y) * t + e.y,
      aim: cur.aim,
      alive: cur.alive,
    };
  }

  reset(): void {
    this.pending = [];
    this.authority = null;
    this.current = null;
    this.previous = { x: 0, y: 0 };
    this.stepAt = Number.NEGATIVE_INFINITY;
    this.error = { x: 0, y: 0 };
    this.errorAt = 0;
  }

  private snap(state: PlayerState, distance = 0): Correction {
    this.previous = { x: state.x, y: state.y };
    this.error = { x: 0, y: 0 };
    return { distance, snapped: true };
  }
}
