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
 * Today's implementation (`LatestSnapshotView`) shows the newest snapshot as it is. Client-side prediction
 * (apply `localInput` at once with the shared `movePlayer`, reconcile against `lastSeq` on `ingest`) and
 * interpolation of other players (render a little in the past between two buffered snapshots) replace it
 * behind this interface without touching the scene or the session.
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
