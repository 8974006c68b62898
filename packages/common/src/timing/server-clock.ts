import { median } from './percentile.js';

/** One `time:sync` round trip, in ms. */
export interface ClockSample {
  /** Client clock when the request left. */
  readonly sentAt: number;
  /** Server clock when the server answered. */
  readonly serverTime: number;
  /** Client clock when the answer came back. */
  readonly receivedAt: number;
}

export interface ServerClockOptions {
  /**
   * Round trips kept: the offset comes from the fastest of them, ping is their median. Older ones are
   * forgotten so the estimate follows a drifting clock or a changed route.
   * @default 8
   */
  readonly window?: number;
}

/**
 * Time constant of the approach to a new target offset, ms: a 10 ms correction is 63 % done after 1 s.
 * Slow enough that one lucky sample does not yank the clock, fast enough that a warm-up burst settles
 * within a few seconds.
 */
const CONVERGE_MS = 1000;
/**
 * Fastest the estimate may slew, ms per ms: the estimated server time runs at most 5 % fast or slow while
 * it converges, so it never runs backwards and a time-based animation on it never visibly lurches.
 */
const MAX_SLEW = 0.05;
/**
 * An error larger than this is stepped, not slewed, ms: only a different server clock (a reconnect to
 * another node) or a suspended client clock can be that far off, and slewing it away would take 20 s.
 */
const SNAP_MS = 1000;

/**
 * Round trips that place the clock outright, target and all, before it starts slewing. The first replies
 * of a fresh connection are the likeliest to have queued (a server busy accepting many clients), and a
 * young estimate has no history worth keeping smooth; the client and the load tester both send this many
 * in a quick burst when they connect.
 */
const WARM_UP_SAMPLES = 4;

interface Trip {
  readonly rtt: number;
  /** `serverTime - (sentAt + receivedAt) / 2`: the offset if the trip was symmetric. */
  readonly offset: number;
}

/**
 * One continuous estimate of the server's clock and of the round trip to it, from `time:sync` round trips,
 * NTP style. Pure bookkeeping: every time goes in as an argument, so it is testable on a virtual clock and
 * the same code serves the browser client and the load tester.
 *
 * - **Offset** (server minus client clock): each round trip brackets the instant the server read its clock,
 *   so the trip says `offset = serverTime - midpoint ± rtt / 2`. The trip with the **smallest** round trip
 *   in the window spent the least time queued (queueing only ever lengthens a trip and makes it
 *   asymmetric), so its midpoint offset is the target and half its round trip bounds the error
 *   (`uncertaintyMs`).
 * - **Smoothing**: the first `WARM_UP_SAMPLES` round trips place the clock outright (`settled` is false
 *   until then). After that the estimate moves towards the target exponentially (`CONVERGE_MS`) at no
 *   more than `MAX_SLEW`, so `serverTime(now)` never jumps and never runs backwards. The one exception is
 *   an error over `SNAP_MS`, which is stepped (see there).
 * - **Ping** is the median round trip of the window, so one slow reply does not move the HUD; **jitter** is
 *   the mean difference between consecutive round trips (RFC 3550's D, averaged over the window).
 *
 * Feed it non-decreasing client times (one monotonic clock: `performance.timeOrigin + performance.now()`
 * in the client and the load tester).
 */
export class ServerClock {
  private readonly window: number;
  private trips: Trip[] = [];
  private offset = Number.NaN;
  private target = Number.NaN;
  private bestRtt = Number.NaN;
  private lastNow = Number.NaN;
  private steps = 0;
  private seen = 0;

  constructor(options: ServerClockOptions = {}) {
    const window = options.window ?? 8;
    if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`bad clock window ${window}`);
    this.window = window;
  }

  /** True once a round trip has been recorded. */
  get ready(): boolean {
    return this.trips.length > 0;
  }

  /**
   * True after the warm-up round trips: from here on the estimate only slews (never jumps, never runs
   * backwards) unless it is off by more than a second.
   */
  get settled(): boolean {
    return this.seen >= WARM_UP_SAMPLES;
  }

  /** Round trips held (at most the window). */
  get sampleCount(): number {
    return this.trips.length;
  }

  /**
   * Record a round trip. Returns false (and records nothing) for an impossible one: a non-finite time or a
   * reply that came back before the request left.
   */
  add(sample: ClockSample): boolean {
    const { sentAt, serverTime, receivedAt } = sample;
    const rtt = receivedAt - sentAt;
    if (!Number.isFinite(rtt) || rtt < 0 || !Number.isFinite(serverTime)) return false;
    // The old target held until this reply arrived; the new one applies from here on.
    this.advance(receivedAt);
    this.trips.push({ rtt, offset: serverTime - (sentAt + receivedAt) / 2 });
    if (this.trips.length > this.window) this.trips.shift();
    let best = this.trips[0] as Trip;
    for (const t of this.trips) if (t.rtt < best.rtt) best = t;
    this.target = best.offset;
    this.bestRtt = best.rtt;
    this.seen += 1;
    if (this.seen <= WARM_UP_SAMPLES) {
      this.offset = this.target;
      this.lastNow = receivedAt;
    } else if (Math.abs(this.target - this.offset) > SNAP_MS) {
      this.offset = this.target;
      this.steps += 1;
    }
    return true;
  }

  /**
   * The estimated server time at client time `now`, or NaN before the first sample. Advances the slew to
   * `now`: call with non-decreasing times (an earlier one is answered without moving the estimate).
   */
  serverTime(now: number): number {
    if (!this.ready) return Number.NaN;
    this.advance(now);
    return now + this.offset;
  }

  /** The estimate of server minus client clock, ms (as of the latest call), or null before a sample. */
  get offsetMs(): number | null {
    return this.ready ? this.offset : null;
  }

  /** Where the estimate is heading: the offset of the fastest round trip in the window, or null. */
  get targetOffsetMs(): number | null {
    return this.ready ? this.target : null;
  }

  /**
   * The estimate is within ± this of the true offset, ms, or null before a sample: half the fastest round
   * trip (the server read its clock somewhere inside it) plus what the slew has yet to cover. Exact bound
   * as long as neither clock drifted since that round trip.
   */
  get uncertaintyMs(): number | null {
    return this.ready ? this.bestRtt / 2 + Math.abs(this.target - this.offset) : null;
  }

  /** Median round trip of the window, ms, or null before a sample: the ping to show. */
  get rttMs(): number | null {
    return this.ready ? median(this.trips.map((t) => t.rtt)) : null;
  }

  /** Fastest round trip of the window, ms, or null: the path's floor, without queueing. */
  get minRttMs(): number | null {
    return this.ready ? this.bestRtt : null;
  }

  /** Mean absolute difference between consecutive round trips of the window, ms (0 for one), or null. */
  get jitterMs(): number | null {
    if (!this.ready) return null;
    let sum = 0;
    for (let i = 1; i < this.trips.length; i++) {
      sum += Math.abs((this.trips[i]?.rtt ?? 0) - (this.trips[i - 1]?.rtt ?? 0));
    }
    return this.trips.length > 1 ? sum / (this.trips.length - 1) : 0;
  }

  /** How many times the estimate was stepped rather than slewed (an error beyond `SNAP_MS`). */
  get stepped(): number {
    return this.steps;
  }

  /** Forget everything (a new connection may reach another server). */
  reset(): void {
    this.trips = [];
    this.offset = Number.NaN;
    this.target = Number.NaN;
    this.bestRtt = Number.NaN;
    this.lastNow = Number.NaN;
    this.steps = 0;
    this.seen = 0;
  }

  private advance(now: number): void {
    const elapsed = now - this.lastNow;
    if (!(elapsed > 0)) return;
    this.lastNow = now;
    const wanted = (this.target - this.offset) * (1 - Math.exp(-elapsed / CONVERGE_MS));
    const cap = MAX_SLEW * elapsed;
    this.offset += Math.max(-cap, Math.min(cap, wanted));
  }
}
