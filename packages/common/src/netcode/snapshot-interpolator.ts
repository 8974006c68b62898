import { sampleAt, type InterpolationSample } from './interpolation.js';
import { RenderClock } from './render-clock.js';
import { SnapshotBuffer } from './snapshot-buffer.js';
import type { InterpolatedPlayer, PlayerOf, TimedSnapshot } from './types.js';

/** What became of an arriving snapshot. */
export type SnapshotArrival =
  /** Newer than everything held: news (reconcile, show its events). */
  | 'newest'
  /** Older than the newest, put into its place: it only refines interpolation. */
  | 'late'
  /** A tick already held, or older than everything held: ignored. */
  | 'refused';

/** A sample and the server time it was taken at. */
export interface InterpolatedFrame<P extends InterpolatedPlayer> extends InterpolationSample<P> {
  readonly renderTime: number;
}

/** Read-only figures for a net graph or a benchmark. */
export interface InterpolatorStats {
  /** Current render delay behind the freshest server time, ms. */
  readonly delay: number;
  /** The delay the render clock is converging to, ms (two intervals plus jitter). */
  readonly targetDelay: number;
  /** Snapshots buffered ahead of the render time at the last sample. */
  readonly bufferDepth: number;
  /** Samples taken (frames drawn). */
  readonly frames: number;
  /** Frames drawn past the newest snapshot (the buffer ran dry), extrapolated or held. */
  readonly underruns: number;
  /** Of those, frames where motion was continued rather than held. */
  readonly extrapolatedFrames: number;
  /** Snapshots that arrived after a later one and were put in their place. */
  readonly late: number;
  /** Snapshots ignored: duplicates, or older than everything held. */
  readonly refused: number;
}

/**
 * The interpolation buffer, whole: a `SnapshotBuffer`, the adaptive `RenderClock` and `sampleAt`, with the
 * counters a net graph shows. Feed it every decoded snapshot with its arrival time and ask it once per
 * frame what to draw. Pure: times go in as arguments, so a bot or a benchmark drives it on a virtual clock
 * exactly as a browser drives it on `performance.now()`. Generic over the snapshot shape (anything with a
 * tick, a server time and players with id, position, aim and alive).
 */
export class SnapshotInterpolator<S extends TimedSnapshot> {
  private readonly buffer: SnapshotBuffer<S>;
  private readonly clock: RenderClock;
  private frames = 0;
  private underruns = 0;
  private extrapolatedFrames = 0;
  private bufferDepth = 0;
  private late = 0;
  private refused = 0;

  /**
   * @param tickRate the room's tick rate (the snapshot interval assumed before one is measured)
   * @param capacity snapshots kept. @default one second's worth, at least 32: more than the largest delay
   */
  constructor(tickRate: number, capacity = Math.max(32, Math.ceil(tickRate))) {
    this.buffer = new SnapshotBuffer<S>(capacity);
    this.clock = new RenderClock(tickRate);
  }

  /** A snapshot arrived at receiver time `receivedAt`. */
  push(snapshot: S, receivedAt: number): SnapshotArrival {
    let arrival: SnapshotArrival = 'refused';
    if (this.buffer.push(snapshot, receivedAt)) arrival = 'newest';
    else if (this.buffer.insertLate(snapshot, receivedAt)) arrival = 'late';
    if (arrival === 'refused') {
      this.refused += 1;
      return arrival;
    }
    if (arrival === 'late') this.late += 1;
    // A late one is a jitter sample too: the delay must grow to cover it.
    this.clock.observe(snapshot.serverTime, receivedAt);
    return arrival;
  }

  /** The server time drawn at `now`, NaN before a snapshot. Non-decreasing `now`s. */
  renderTime(now: number): number {
    return this.clock.renderTime(now);
  }

  /** What to draw at receiver time `now` (one call per frame: it counts frames); null before a snapshot. */
  sample(now: number): InterpolatedFrame<PlayerOf<S>> | null {
    const renderTime = this.clock.renderTime(now);
    const entries = this.buffer.entries();
    const sample = sampleAt(entries, renderTime);
    if (!sample) return null;
    this.frames += 1;
    if (sample.kind === 'extrapolated' || sample.kind === 'held') this.underruns += 1;
    if (sample.kind === 'extrapolated') this.extrapolatedFrames += 1;
    let depth = 0;
    for (const e of entries) if (e.snapshot.serverTime > renderTime) depth += 1;
    this.bufferDepth = depth;
    return { ...sample, renderTime };
  }

  /** The newest snapshot held. */
  latest(): S | undefined {
    return this.buffer.latest()?.snapshot;
  }

  stats(): InterpolatorStats {
    return {
      delay: this.clock.delay,
      targetDelay: this.clock.targetDelay,
      bufferDepth: this.bufferDepth,
      frames: this.frames,
      underruns: this.underruns,
      extrapolatedFrames: this.extrapolatedFrames,
      late: this.late,
      refused: this.refused,
    };
  }

  /** Forget everything (a new room, or a resumed seat). */
  reset(): void {
    this.buffer.clear();
    this.clock.reset();
    this.frames = 0;
    this.underruns = 0;
    this.extrapolatedFrames = 0;
    this.bufferDepth = 0;
    this.late = 0;
    this.refused = 0;
  }
}
