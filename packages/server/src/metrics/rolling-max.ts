/**
 * The largest value seen in the last `windowMs`, kept as one maximum per slice of a ring. A Prometheus
 * histogram cannot say what the worst tick was; a gauge that never forgets would report one start-up spike
 * forever, and one that resets on scrape breaks with two scrapers. A short rolling window avoids both.
 */
export class RollingMax {
  private readonly slices: Float64Array;
  private readonly stamps: Float64Array;
  private readonly sliceMs: number;

  constructor(
    windowMs: number,
    slices: number,
    private readonly now: () => number,
  ) {
    this.sliceMs = windowMs / slices;
    this.slices = new Float64Array(slices);
    this.stamps = new Float64Array(slices).fill(-Infinity);
  }

  record(value: number): void {
    const slot = Math.floor(this.now() / this.sliceMs);
    const i = slot % this.slices.length;
    if (this.stamps[i] !== slot) {
      this.stamps[i] = slot;
      this.slices[i] = value;
    } else if (value > (this.slices[i] ?? 0)) {
      this.slices[i] = value;
    }
  }

  /** Largest value recorded within the window, or 0 when nothing was. */
  value(): number {
    const oldest = Math.floor(this.now() / this.sliceMs) - this.slices.length + 1;
    let max = 0;
    for (let i = 0; i < this.slices.length; i++) {
      if ((this.stamps[i] ?? -Infinity) >= oldest) max = Math.max(max, this.slices[i] ?? 0);
    }
    return max;
  }
}
