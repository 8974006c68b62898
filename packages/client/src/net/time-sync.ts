import { ServerClock } from '@tick-arena/common';
import type { GameSocket } from './connection.js';

/** The client clock in epoch ms, monotonic within the page (unlike `Date.now()`, which can jump). */
export function clientNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Round trips right after `start()`, `WARM_UP_GAP_MS` apart, so ping and the clock estimate settle within
 * a second instead of after several sampling intervals. Four a second is the server's `time:sync` budget.
 */
const WARM_UP_SAMPLES = 4;
const WARM_UP_GAP_MS = 250;

/**
 * Samples `time:sync` (a short warm-up burst, then every `intervalMs`, 2 s by default) into the shared
 * `ServerClock`: ping, RTT jitter and the server-clock estimate for the HUD and the net graph
 * (`timeSync.clock.rttMs`, `.jitterMs`, `.serverTime(clientNow())`). A reply slower than the interval is
 * dropped: it says nothing current.
 */
export class TimeSync {
  readonly clock = new ServerClock();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sent = 0;

  constructor(
    private readonly socket: GameSocket,
    private readonly intervalMs = 2000,
  ) {}

  start(): void {
    if (this.timer !== null) return;
    this.sent = 0;
    this.tick();
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly tick = (): void => {
    this.sample();
    this.sent += 1;
    this.timer = setTimeout(this.tick, this.sent < WARM_UP_SAMPLES ? WARM_UP_GAP_MS : this.intervalMs);
  };

  private sample(): void {
    if (!this.socket.connected) return;
    const sentAt = clientNow();
    this.socket.timeout(this.intervalMs).emit('time:sync', sentAt, (err, reply) => {
      if (!err) this.clock.add({ sentAt, serverTime: reply.serverTime, receivedAt: clientNow() });
    });
  }
}
