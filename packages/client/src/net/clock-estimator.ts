/** One round trip of `time:sync`: when it left, what the server's clock read, when the reply came back. */
interface ClockSample {
  rtt: number;
  offset: number;
}

/**
 * Round-trip time and server clock offset from `time:sync` samples (NTP-style). Pure bookkeeping, so it is
 * testable without a socket.
 *
 * Ping is the median of recent round trips, so one slow reply does not make the HUD jump. The offset comes
 * from the fastest recent sample: the less time a packet spent queued, the less asymmetric its trip and the
 * closer `serverTime - (sentAt + rtt / 2)` is to the true offset.
 */
export class ClockEstimator {
  private readonly samples: ClockSample[] = [];

  /** @param window samples kept. @default 8 */
  constructor(private readonly window = 8) {}

  /** Record a reply. Times in ms; `sentAt` and `receivedAt` on the client's clock. */
  add(sentAt: number, serverTime: number, receivedAt: number): void {
    const rtt = receivedAt - sentAt;
    if (!Number.isFinite(rtt) || rtt < 0 || !Number.isFinite(serverTime)) return;
    this.samples.push({ rtt, offset: serverTime - (sentAt + rtt / 2) });
    if (this.samples.length > this.window) this.samples.shift();
  }

  /** Median round trip in ms, or null before the first sample. */
  get rttMs(): number | null {
    if (this.samples.length === 0) return null;
    const sorted = this.samples.map((s) => s.rtt).sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  }

  /** Server clock minus client clock in ms, or null before the first sample. */
  get offsetMs(): number | null {
    let best: ClockSample | undefined;
    for (const s of this.samples) if (!best || s.rtt < best.rtt) best = s;
    return best ? best.offset : null;
  }

  reset(): void {
    this.samples.length = 0;
  }
}
