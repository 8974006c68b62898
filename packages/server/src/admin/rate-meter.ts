/**
 * An amount per second over the last `windowSeconds` whole seconds, in fixed one-second buckets: adding is
 * O(1) and allocation-free (it runs for every packet sent), reading sums a handful of numbers. The clock
 * is passed in, in ms, so tests drive it by hand. The second in progress is not counted: a rate read just
 * after a second starts would otherwise dip.
 */
export class RateMeter {
  /** One bucket per second of the window, plus the second in progress. */
  private readonly buckets: Float64Array;
  /** The second (floor(ms / 1000)) the newest bucket belongs to; -1 before the first call. */
  private current = -1;
  /** The first second seen: before a whole window has passed, the rate is over the seconds there were. */
  private first = -1;

  constructor(private readonly windowSeconds = 5) {
    this.buckets = new Float64Array(windowSeconds + 1);
  }

  add(amount: number, nowMs: number): void {
    const second = this.advance(nowMs);
    const i = second % this.buckets.length;
    this.buckets[i] = (this.buckets[i] ?? 0) + amount;
  }

  /** Per second, over the last whole seconds (at most `windowSeconds`); 0 before one whole second. */
  rate(nowMs: number): number {
    const second = this.advance(nowMs);
    const whole = Math.min(this.windowSeconds, second - this.first);
    if (whole <= 0) return 0;
    let sum = 0;
    for (let s = second - whole; s < second; s++) sum += this.buckets[s % this.buckets.length] ?? 0;
    return sum / whole;
  }

  /** Move to the second of `nowMs`, emptying the buckets of the seconds skipped. Returns that second. */
  private advance(nowMs: number): number {
    const second = Math.floor(nowMs / 1000);
    if (this.current < 0) {
      this.current = second;
      this.first = second;
      return second;
    }
    if (second <= this.current) return this.current;
    const stale = Math.min(second - this.current, this.buckets.length);
    for (let k = 1; k <= stale; k++) this.buckets[(this.current + k) % this.buckets.length] = 0;
    this.current = second;
    return second;
  }
}
