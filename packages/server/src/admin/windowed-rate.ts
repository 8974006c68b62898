/**
 * An amount per second over roughly the last `windowSeconds`, built so that counting costs nothing but an
 * addition: `add` runs for every packet sent and reads no clock (`performance.now()` cost five times the
 * rest of the per-packet work in a micro-benchmark). The clock comes from `sample`, which the caller
 * already has at hand (a room's tick start): the first sample of each second keeps (time, running total)
 * in a ring, and the rate is the difference between the newest and the oldest kept sample over the time
 * between them, so samples taken a little after a second starts are exact anyway.
 */
export class WindowedRate {
  private total = 0;
  private readonly times: Float64Array;
  private readonly totals: Float64Array;
  /** Samples kept so far (at most the ring's length). */
  private kept = 0;
  /** Ring index of the next sample. */
  private next = 0;
  private lastSecond = -Infinity;

  constructor(windowSeconds = 5) {
    this.times = new Float64Array(windowSeconds + 1);
    this.totals = new Float64Array(windowSeconds + 1);
  }

  add(amount: number): void {
    this.total += amount;
  }

  /** Called often (every tick); keeps one sample per second of `nowMs`. */
  sample(nowMs: number): void {
    const second = Math.floor(nowMs / 1000);
    if (second <= this.lastSecond) return;
    this.lastSecond = second;
    this.times[this.next] = nowMs;
    this.totals[this.next] = this.total;
    this.next = (this.next + 1) % this.times.length;
    this.kept = Math.min(this.kept + 1, this.times.length);
  }

  /** Per second between the oldest and the newest kept sample; 0 until two seconds have been sampled. */
  rate(): number {
    if (this.kept < 2) return 0;
    const n = this.times.length;
    const newest = (this.next - 1 + n) % n;
    const oldest = this.kept < n ? 0 : this.next;
    const seconds = ((this.times[newest] ?? 0) - (this.times[oldest] ?? 0)) / 1000;
    return seconds > 0 ? ((this.totals[newest] ?? 0) - (this.totals[oldest] ?? 0)) / seconds : 0;
  }
}
