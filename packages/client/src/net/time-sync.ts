import { ClockEstimator } from './clock-estimator.js';
import type { GameSocket } from './connection.js';

/** The client clock in epoch ms, monotonic within the page (unlike `Date.now()`, which can jump). */
export function clientNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Samples `time:sync` every `intervalMs` (2 s by default) for the HUD's ping and, later, for the
 * interpolation clock. A reply slower than the interval is dropped: it says nothing current.
 */
export class TimeSync {
  readonly clock = new ClockEstimator();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly socket: GameSocket,
    private readonly intervalMs = 2000,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private sample(): void {
    if (!this.socket.connected) return;
    const sentAt = clientNow();
    this.socket.timeout(this.intervalMs).emit('time:sync', sentAt, (err, reply) => {
      if (!err) this.clock.add(sentAt, reply.serverTime, clientNow());
    });
  }
}
