import type { PlayerId, RoundPhase, SimEvent, SimInput } from '@tick-arena/common';
import type { Snapshot } from '../net/snapshot-stream.js';

/** One player as the renderer should draw it this frame. */
export interface RenderPlayer {
  readonly id: PlayerId;
  readonly x: number;
  readonly y: number;
  readonly aim: number;
  readonly hp: number;
  readonly alive: boolean;
  readonly protected: boolean;
}

/** The world as the renderer should draw it this frame. */
export interface RenderFrame {
  /** Server tick this frame shows (or the newest one it is built from). */
  readonly tick: number;
  readonly players: readonly RenderPlayer[];
  readonly round: {
    readonly number: number;
    readonly phase: RoundPhase;
    /** Seconds left in the round (0 = untimed) or in the intermission. */
    readonly timeLeft: number;
    readonly winner: PlayerId;
  };
}

/**
 * The seam between the network and the renderer. Snapshots and local inputs go in; what to draw comes out.
 *
 * `PredictedView` is the game's: it predicts the local player (applies `localInput` at once with the shared
 * `movePlayer`, reconciles against `lastSeq` on `ingest`) and interpolates everyone else a little in the
 * past. `LatestSnapshotView` shows the newest snapshot as it is (the baseline, and a fallback to compare).
 */
export interface WorldView {
  /** A snapshot arrived; `receivedAt` is `performance.now()` at arrival. */
  ingest(snapshot: Snapshot, receivedAt: number): void;
  /** The local player just sent this command (prediction applies it immediately). */
  localInput(cmd: SimInput): void;
  /** What to draw at `now` (`performance.now()`), or null before the first snapshot. */
  frame(now: number): RenderFrame | null;
  /**
   * Events that are due to be shown at `now`, each returned once. An interpolating view delays them by
   * its render delay so a laser appears where its shooter is drawn.
   */
  drainEvents(now: number): readonly SimEvent[];
  /** The newest authoritative snapshot, for the HUD and the debug hook. */
  latest(): Snapshot | null;
  /** Forget everything (new room, or a resumed seat after a reconnect). */
  reset(): void;
}
