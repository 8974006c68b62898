import { percentile } from '../timing/percentile.js';

/** Arrivals older than this (ms, receiver clock) leave the windows the floor and jitter are measured over. */
const WINDOW_MS = 2000;
/** Samples kept at most, whatever the snapshot rate (2 s at 128 Hz). */
const MAX_SAMPLES = 256;
/** Arrivals later than their expected time by more than this fraction of samples are not covered. */
const JITTER_PERCENTILE = 0.9;
/**
 * How fast the render time may run ahead of or behind the wall clock while it converges, in ms per ms:
 * at 2 % the drawn world moves at most 2 % faster or slower than real time, which nobody sees, and a 40 ms
 * delay change takes 2 s.
 */
const SLEW = 0.02;
/** A target this far away (a stalled tab, a clock step) is jumped to rather than slewed towards, ms. */
const SNAP_MS = 1000;
/** The render delay never exceeds this, ms: beyond it, the game is unplayable anyway. */
const MAX_DELAY_MS = 500;

interface Arrival {
  readonly receivedAt: number;
  /** `receivedAt - serverTime`: transit time plus the (unknown, constant) clock difference. */
  readonly offset: number;
  /** Server time since the newest snapshot before this one, or NaN (the first one, or a straggler). */
  readonly gap: number;
}

/**
 * Where on the server's timeline to draw other players at a given receiver time: `now - renderOffset`,
 * with `renderOffset = floor + delay`. This is the interpolation clock of Source's `cl_interp`, adaptive.
 *
 * - `floor` (receiver minus server clock, plus the fastest transit) is the minimum of `receivedAt -
 *   serverTime` over the last 2 s: the least-delayed snapshot marks the earliest a snapshot can arrive.
 * - `delay` is two snapshot intervals (so there is normally a pair to interpolate between, with one to
 *   spare) plus the 90th percentile of how late snapshots arrive relative to that floor (the jitter), and
 *   never less than one interval.
 * - The render offset moves towards that target at a limited rate, so the render time never jumps, never
 *   runs backwards and animation speed changes by at most `SLEW`.
 *
 * **Why the floor comes from snapshot arrivals and not from `ServerClock`.** Built on the round-trip
 * estimate, the render time would be `serverNow - (min age) - delay` with each snapshot's age
 * `receivedAt + offset - serverTime`: the offset appears in both terms and cancels, leaving exactly this
 * formula (a constant asymmetry error cancels with it). What remains of it is harm: every re-estimate (a
 * new fastest round trip, the slew towards it) would move the render time although no snapshot arrived
 * any differently, and before the first `time:sync` reply there would be nothing to draw. The one figure
 * lag compensation needs is the tick the shooter saw, and that is this clock's render time (see
 * `InterpolationSample.viewTick`), so interpolation and lag compensation already share one estimate;
 * `ServerClock` serves what must be absolute (ping, jitter, snapshot age).
 *
 * Pure bookkeeping, no timers: times go in as arguments, on one monotonic receiver clock.
 */
export class RenderClock {
  private arrivals: Arrival[] = [];
  private newestServerTime = Number.NaN;
  private renderOffset = Number.NaN;
  private lastNow = Number.NaN;
  private readonly nominalInterval: number;

  /** @param tickRate the room's tick rate: the snapshot interval assumed before one is measured. */
  constructor(tickRate: number) {
    this.nominalInterval = 1000 / tickRate;
  }

  /** True once a snapshot has been seen. */
  get ready(): boolean {
    return this.arrivals.length > 0;
  }

  /**
   * Record a snapshot's server time and its arrival on the receiver clock. A straggler (older than one seen
   * before) counts for the floor and the jitter, not for the interval.
   */
  observe(serverTime: number, receivedAt: number): void {
    const gap = serverTime > this.newestServerTime ? serverTime - this.newestServerTime : Number.NaN;
    if (!(serverTime <= this.newestServerTime)) this.newestServerTime = serverTime;
    this.arrivals.push({ receivedAt, offset: receivedAt - serverTime, gap });
    const cutoff = receivedAt - WINDOW_MS;
    let drop = Math.max(0, this.arrivals.length - MAX_SAMPLES);
    while (drop < this.arrivals.length - 1 && (this.arrivals[drop]?.receivedAt ?? 0) < cutoff) drop += 1;
    if (drop > 0) this.arrivals = this.arrivals.slice(drop);
    // The first snapshot places the clock; later ones only move the target.
    if (Number.isNaN(this.renderOffset)) {
      this.renderOffset = this.targetOffset();
      this.lastNow = receivedAt;
    }
  }

  /** Server time to draw at receiver time `now`, NaN before a snapshot. Call with non-decreasing `now`s. */
  renderTime(now: number): number {
    if (!this.ready) return Number.NaN;
    this.advance(now);
    return now - this.renderOffset;
  }

  /** The effective render delay (how far behind the freshest possible server time the world is drawn), ms. */
  get delay(): number {
    return this.ready ? this.renderOffset - this.floorOffset() : 0;
  }

  /** The delay the clock is converging to, ms. */
  get targetDelay(): number {
    const interval = this.interval();
    const wanted = 2 * interval + this.jitter();
    return Math.min(MAX_DELAY_MS, Math.max(interval, wanted));
  }

  /** Median server time between consecutive snapshots, ms (the tick period before two have arrived). */
  interval(): number {
    const gaps = this.arrivals.map((a) => a.gap).filter((g) => g > 0);
    return gaps.length === 0 ? this.nominalInterval : percentile(gaps, 0.5);
  }

  /** How late the 90th-percentile snapshot arrives relative to the fastest one in the window, ms. */
  jitter(): number {
    const floor = this.floorOffset();
    return percentile(
      this.arrivals.map((a) => a.offset - floor),
      JITTER_PERCENTILE,
    );
  }

  reset(): void {
    this.arrivals = [];
    this.newestServerTime = Number.NaN;
    this.renderOffset = Number.NaN;
    this.lastNow = Number.NaN;
  }

  private floorOffset(): number {
    let min = Infinity;
    for (const a of this.arrivals) min = Math.min(min, a.offset);
    return min;
  }

  private targetOffset(): number {
    return this.floorOffset() + this.targetDelay;
  }

  private advance(now: number): void {
    const elapsed = now - this.lastNow;
    if (!(elapsed > 0)) return;
    this.lastNow = now;
    const error = this.targetOffset() - this.renderOffset;
    if (Math.abs(error) > SNAP_MS) {
      this.renderOffset += error;
      return;
    }
    const step = SLEW * elapsed;
    this.renderOffset += Math.max(-step, Math.min(step, error));
  }
}
