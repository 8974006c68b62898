/** Snapshot rate, FPS, extrapolated frames, bytes/s and the largest error are measured over this window, ms. */
export const RATE_WINDOW_MS = 1000;
/** Corrections are counted over this window (and scaled to a minute until it has filled), ms. */
export const CORRECTION_WINDOW_MS = 60_000;
/** RFC 3550's jitter gain: each new transit difference moves the estimate 1/16 of the way. */
const JITTER_GAIN = 1 / 16;
/** Traffic totals are sampled at most this often, ms (plenty for a 1 s rate, few samples at 240 fps). */
const TRAFFIC_SAMPLE_MS = 50;

/** The world view's running counters (`PredictedViewStats`), read once per drawn frame. */
export interface ViewCounters {
  /** Render delay of other players behind the freshest server time, ms. */
  readonly delay: number;
  /** Snapshots buffered ahead of the render time. */
  readonly bufferDepth: number;
  /** Frames drawn past the newest snapshot, extrapolated or held (running count). */
  readonly underruns: number;
  /** Of those, frames where motion was continued (running count). */
  readonly extrapolatedFrames: number;
  /** Snapshots whose authoritative state disagreed with the prediction (running count). */
  readonly corrections: number;
  /** Size of the newest such disagreement, world units. */
  readonly lastCorrection: number;
}

/** Bytes the socket moved since the page loaded (`TrafficMeter`). */
export interface ByteTotals {
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** What the net graph shows (and `window.__tickArena.netStats()` returns). */
export interface NetFigures {
  /** Round trip to the server (`time:sync`), ms; null before the first reply. */
  readonly rttMs: number | null;
  /** RFC 3550 interarrival jitter of snapshots, ms: how irregularly they arrive compared with how they were sent. */
  readonly jitterMs: number;
  /** Snapshots received in the last second. */
  readonly snapshotRate: number;
  /** How far in the past other players are drawn, ms. */
  readonly delayMs: number;
  /** Snapshots buffered ahead of the render time. */
  readonly bufferDepth: number;
  /** Frames of the last second drawn past the newest snapshot with motion continued, %. */
  readonly extrapolatedPct: number;
  /** Frames of the last second drawn past the newest snapshot at all (extrapolated or held), %. */
  readonly underrunPct: number;
  /** Prediction corrections per minute (over the last minute). */
  readonly correctionsPerMin: number;
  /** Largest prediction correction of the last second, world units (pixels at 1:1 zoom); 0 when none. */
  readonly errorPx: number;
  /** Bytes per second received and sent, all socket traffic. */
  readonly bytesInPerSec: number;
  readonly bytesOutPerSec: number;
  /** Frames drawn in the last second. */
  readonly fps: number;
}

interface Stamped {
  t: number;
  v: number;
}

/** Values stamped with a time, kept while younger than a window. */
class TimeWindow {
  private items: Stamped[] = [];
  private head = 0;

  constructor(private readonly ms: number) {}

  add(t: number, v: number): void {
    this.items.push({ t, v });
  }

  /** Forget what is `ms` or older at `now`. */
  prune(now: number): void {
    while (this.head < this.items.length && (this.items[this.head]?.t ?? 0) <= now - this.ms) this.head += 1;
    // Compact now and then rather than shifting on every call.
    if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  count(now: number): number {
    this.prune(now);
    return this.items.length - this.head;
  }

  sum(now: number): number {
    this.prune(now);
    let s = 0;
    for (let i = this.head; i < this.items.length; i++) s += this.items[i]?.v ?? 0;
    return s;
  }

  /** Largest value stamped after `since` (0 when none). */
  maxSince(now: number, since: number): number {
    this.prune(now);
    let m = 0;
    for (let i = this.head; i < this.items.length; i++) {
      const item = this.items[i];
      if (item && item.t > since) m = Math.max(m, item.v);
    }
    return m;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/**
 * The net graph's figures, from what the client already measures: snapshot arrivals, the world view's
 * counters (read each drawn frame), the socket's byte totals and the clock sync's RTT. Pure bookkeeping:
 * every time is an argument (`performance.now()` in the game), so it is tested on a made-up clock.
 *
 * Counters the view keeps as running totals become per-window rates here by differencing frame to frame;
 * a total that goes down (the view was reset after a reconnect) counts from zero again.
 */
export class NetStatsCollector {
  private readonly arrivals = new TimeWindow(RATE_WINDOW_MS);
  /** One entry per frame: 1 when it was extrapolated. */
  private readonly extrapolated = new TimeWindow(RATE_WINDOW_MS);
  /** One entry per frame: 1 when it was drawn past the newest snapshot. */
  private readonly underran = new TimeWindow(RATE_WINDOW_MS);
  /** One entry per frame on which corrections happened: v = how many. */
  private readonly corrections = new TimeWindow(CORRECTION_WINDOW_MS);
  /** Correction sizes, world units. */
  private readonly errors = new TimeWindow(RATE_WINDOW_MS);
  private traffic: { t: number; bytesIn: number; bytesOut: number }[] = [];
  private view: ViewCounters | null = null;
  private prevArrival: { serverTime: number; receivedAt: number } | null = null;
  private jitter = 0;
  private startedAt = Number.NaN;

  /** A snapshot stamped `serverTime` (server clock) arrived at `receivedAt` (client clock), both ms. */
  snapshot(serverTime: number, receivedAt: number): void {
    this.start(receivedAt);
    this.arrivals.add(receivedAt, 1);
    const prev = this.prevArrival;
    // RFC 3550 6.4.1: D = (Rj - Ri) - (Sj - Si); J += (|D| - J) / 16. Only forward in server time: a
    // repeated or older snapshot says nothing about spacing.
    if (prev && serverTime > prev.serverTime) {
      const d = receivedAt - prev.receivedAt - (serverTime - prev.serverTime);
      this.jitter += (Math.abs(d) - this.jitter) * JITTER_GAIN;
    }
    if (!prev || serverTime > prev.serverTime) this.prevArrival = { serverTime, receivedAt };
  }

  /** A frame was drawn at `now`; `view` holds the world view's counters after drawing it. */
  frame(now: number, view: ViewCounters, bytes: ByteTotals): void {
    this.start(now);
    const prev = this.view;
    const since = (total: number, before: number | undefined): number =>
      before === undefined || total < before ? total : total - before;
    const underruns = since(view.underruns, prev?.underruns);
    const extrapolated = since(view.extrapolatedFrames, prev?.extrapolatedFrames);
    const corrected = since(view.corrections, prev?.corrections);
    this.underran.add(now, underruns > 0 ? 1 : 0);
    this.extrapolated.add(now, extrapolated > 0 ? 1 : 0);
    if (corrected > 0) {
      this.corrections.add(now, corrected);
      this.errors.add(now, view.lastCorrection);
    }
    this.view = view;
    this.sampleTraffic(now, bytes);
  }

  /** The figures at `now`; `rttMs` from the clock sync (null before its first reply). */
  figures(now: number, rttMs: number | null): NetFigures {
    const frames = this.underran.count(now);
    const pct = (n: number): number => (frames === 0 ? 0 : (100 * n) / frames);
    const traffic = this.trafficRates(now);
    const elapsed = Number.isNaN(this.startedAt) ? 0 : now - this.startedAt;
    // Until a whole window has passed, a rate is what was counted over the time there was.
    const perSecond = (n: number): number => (n * 1000) / Math.min(RATE_WINDOW_MS, Math.max(elapsed, 1));
    const correctionSpan = Math.min(CORRECTION_WINDOW_MS, Math.max(elapsed, RATE_WINDOW_MS));
    return {
      rttMs,
      jitterMs: this.jitter,
      snapshotRate: perSecond(this.arrivals.count(now)),
      delayMs: this.view?.delay ?? 0,
      bufferDepth: this.view?.bufferDepth ?? 0,
      extrapolatedPct: pct(this.extrapolated.sum(now)),
      underrunPct: pct(this.underran.sum(now)),
      correctionsPerMin: (this.corrections.sum(now) * 60_000) / correctionSpan,
      errorPx: this.errors.maxSince(now, now - RATE_WINDOW_MS),
      bytesInPerSec: traffic.bytesIn,
      bytesOutPerSec: traffic.bytesOut,
      fps: perSecond(frames),
    };
  }

  /** Forget everything (a new room). */
  reset(): void {
    this.arrivals.clear();
    this.extrapolated.clear();
    this.underran.clear();
    this.corrections.clear();
    this.errors.clear();
    this.traffic = [];
    this.view = null;
    this.prevArrival = null;
    this.jitter = 0;
    this.startedAt = Number.NaN;
  }

  private start(now: number): void {
    if (Number.isNaN(this.startedAt)) this.startedAt = now;
  }

  private sampleTraffic(now: number, bytes: ByteTotals): void {
    const last = this.traffic[this.traffic.length - 1];
    if (last && now - last.t < TRAFFIC_SAMPLE_MS) return;
    this.traffic.push({ t: now, bytesIn: bytes.bytesIn, bytesOut: bytes.bytesOut });
    // Keep one sample at or before the window's start, so the rate spans a whole window.
    let drop = 0;
    while (drop + 1 < this.traffic.length && (this.traffic[drop + 1]?.t ?? 0) <= now - RATE_WINDOW_MS)
      drop += 1;
    if (drop > 0) this.traffic = this.traffic.slice(drop);
  }

  /** Bytes per second between the oldest and newest traffic samples (about one window). */
  private trafficRates(now: number): ByteTotals {
    const first = this.traffic[0];
    const last = this.traffic[this.traffic.length - 1];
    // Samples stop when frames stop (a hidden tab): stale totals are not a current rate.
    if (!first || !last || last.t <= first.t || now - last.t > RATE_WINDOW_MS)
      return { bytesIn: 0, bytesOut: 0 };
    const seconds = (last.t - first.t) / 1000;
    return {
      bytesIn: (last.bytesIn - first.bytesIn) / seconds,
      bytesOut: (last.bytesOut - first.bytesOut) / seconds,
    };
  }
}
