import type { GameState } from '@tick-arena/common';

/** One simulated tick as the room remembers it: the state after the tick and when it was computed. */
export interface Frame {
  readonly tick: number;
  /** Server time of the tick in epoch ms, on a 0.1 ms grid (what snapshots carry). */
  readonly serverTime: number;
  /** State after the tick; `state.events` are the events the tick produced. */
  readonly state: GameState;
}

/** The ring keeps at least this much history at any tick rate (lag compensation and delta baselines). */
export const FRAME_RING_SECONDS = 1.25;

/**
 * The most recent frames of a room, by tick. The replicator deltas each client's snapshot against the frame
 * that client acknowledged (a baseline older than the ring gets a full snapshot), and lag compensation
 * rewinds the other players through the same frames to judge a shot (at most `MAX_REWIND_MS`, which the
 * config keeps within `FRAME_RING_SECONDS`). Frames are immutable (`step` returns new states), so keeping one
 * is keeping a reference.
 */
export class FrameRing {
  private readonly slots: (Frame | undefined)[];
  private newestTick = -1;

  constructor(tickRate: number, seconds = FRAME_RING_SECONDS) {
    this.slots = new Array<Frame | undefined>(Math.max(2, Math.ceil(tickRate * seconds)));
  }

  get capacity(): number {
    return this.slots.length;
  }

  push(frame: Frame): void {
    if (frame.tick <= this.newestTick)
      throw new RangeError(`frame ${frame.tick} is not newer than ${this.newestTick}`);
    this.slots[frame.tick % this.slots.length] = frame;
    this.newestTick = frame.tick;
  }

  /** The newest frame, if any. */
  newest(): Frame | undefined {
    return this.newestTick < 0 ? undefined : this.at(this.newestTick);
  }

  /** Oldest tick still held (or -1 when empty). */
  get oldestTick(): number {
    if (this.newestTick < 0) return -1;
    for (let t = Math.max(0, this.newestTick - this.slots.length + 1); t <= this.newestTick; t++) {
      if (this.at(t)) return t;
    }
    return this.newestTick;
  }

  /** The frame of `tick`, or undefined when it is not (or no longer) held. */
  at(tick: number): Frame | undefined {
    if (tick < 0 || tick > this.newestTick || tick <= this.newestTick - this.slots.length) return undefined;
    const f = this.slots[tick % this.slots.length];
    return f?.tick === tick ? f : undefined;
  }
}
