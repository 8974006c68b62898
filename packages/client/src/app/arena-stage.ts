import { AimAnchor } from '../input/aim-anchor.js';
import type { RenderPlayer } from '../netcode/world-view.js';
import type { ArenaModel, ArenaSessionView, DrawnFrameSink } from '../scenes/arena-model.js';

/** The newest frame the scene drew in a room. */
export interface DrawnFrame {
  /** Frames drawn in rooms since the page loaded. */
  readonly frame: number;
  readonly time: number;
  readonly players: readonly RenderPlayer[];
}

/**
 * Keeps the scene's newest drawn frame for the test hook. It holds the frame's own (immutable) player list
 * rather than a copy: the hook copies on read, so drawing costs nothing extra.
 */
export class DrawnFrameLog implements DrawnFrameSink {
  private count = 0;
  private newest: DrawnFrame | null = null;

  record(time: number, players: readonly RenderPlayer[]): void {
    this.count += 1;
    this.newest = { frame: this.count, time, players };
  }

  clear(): void {
    this.newest = null;
  }

  get latest(): DrawnFrame | null {
    return this.newest;
  }
}

/** The live `ArenaModel`: the app sets `session` when a room is entered or left; the scene reads it. */
export class ArenaStage implements ArenaModel {
  session: ArenaSessionView | null = null;
  readonly aimAnchor = new AimAnchor();
  readonly drawn = new DrawnFrameLog();
}
