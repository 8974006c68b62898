import type { ArenaMap, PlayerId, SimEvent } from '@tick-arena/common';
import type { Listener } from '../audio/cue-sounds.js';
import type { Cue } from '../feedback/cues.js';
import type { AimAnchor } from '../input/aim-anchor.js';
import type { RenderFrame, RenderPlayer } from '../netcode/world-view.js';

/** What the arena scene needs from a room being played or watched. Read-only: the scene only draws. */
export interface ArenaSessionView {
  /** The map the room is played on. */
  readonly map: ArenaMap;
  /** The local player's id, or -1 when spectating. */
  readonly selfId: PlayerId;
  /** Display name for a player id (roster), '' when unknown. */
  nameOf(id: PlayerId): string;
  frame(now: number): RenderFrame | null;
  drainEvents(now: number): readonly SimEvent[];
  /** Where the scene hands what the player should hear and read (sounds, the death card). */
  readonly feedback: FeedbackSink;
}

/** Takes the feedback of each drawn frame, for what lives outside the canvas. */
export interface FeedbackSink {
  /** The cues of the frame drawn at `now` (`performance.now()`), heard from `listener`. */
  cues(cues: readonly Cue[], listener: Listener, now: number): void;
  /** Where the camera looked in that frame, for the test hook. */
  camera(view: CameraView): void;
}

/** The camera of one drawn frame. */
export interface CameraView {
  /** World point at the middle of the screen (before the shake). */
  readonly x: number;
  readonly y: number;
  /** CSS px per world unit. */
  readonly zoom: number;
  /** The damage shake applied, CSS px (0 when still). */
  readonly shakePx: number;
}

/** Everything the arena scene reads. `session` is null in the menu, where the scene shows an idle arena. */
export interface ArenaModel {
  readonly session: ArenaSessionView | null;
  /** Written by the scene: where the local player is drawn, for mouse aiming. */
  readonly aimAnchor: AimAnchor;
  /** Written by the scene: what it drew in each frame of a room (read by the test hook). */
  readonly drawn: DrawnFrameSink;
}

/** Takes what the scene drew, once per frame. */
export interface DrawnFrameSink {
  /** A room's frame drawn at `time` (`performance.now()`), with these players where they were drawn. */
  record(time: number, players: readonly RenderPlayer[]): void;
  /** Nothing of a room is drawn (the menu). */
  clear(): void;
}
