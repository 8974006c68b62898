/**
 * A token bucket: `rate` tokens per second, at most `burst` saved up. Hand-written because it is eight
 * lines and sits on the per-message hot path; the usual libraries are built around HTTP requests or Redis.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private rate: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Change the refill rate (an input budget follows the tick rate of the room the player is in). */
  setRate(rate: number): void {
    this.refill();
    this.rate = rate;
  }

  take(n = 1): boolean {
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }
}
