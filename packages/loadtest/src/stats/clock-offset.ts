/** One `time:sync` round trip: client send and receive times, and the server's clock in between. */
export interface ClockSample {
  sentAt: number;
  receivedAt: number;
  serverTime: number;
}

/**
 * Estimates `server clock - client clock` from ping samples, NTP style: assume the server read its clock
 * half-way through the round trip, and trust the sample with the smallest round trip, whose error is
 * bounded by half of that round trip. Queueing delay on a busy server only ever lengthens a round trip,
 * so the minimum filters it out.
 */
export class ClockOffsetEstimator {
  private readonly samples: ClockSample[] = [];

  /** @param keep most recent samples to choose from @default 8 */
  constructor(private readonly keep = 8) {}

  add(sample: ClockSample): void {
    if (!(sample.receivedAt >= sample.sentAt) || !Number.isFinite(sample.serverTime)) return;
    this.samples.push(sample);
    if (this.samples.length > this.keep) this.samples.shift();
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  private best(): ClockSample | undefined {
    let best: ClockSample | undefined;
    for (const s of this.samples) {
      if (!best || s.receivedAt - s.sentAt < best.receivedAt - best.sentAt) best = s;
    }
    return best;
  }

  /** Server minus client clock in ms, or `null` before the first sample. */
  offset(): number | null {
    const b = this.best();
    return b ? b.serverTime - (b.sentAt + b.receivedAt) / 2 : null;
  }

  /** Round trip of the sample the offset comes from; the offset is good to within half of it. */
  rtt(): number | null {
    const b = this.best();
    return b ? b.receivedAt - b.sentAt : null;
  }
}
