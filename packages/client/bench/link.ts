import { nextRandom } from '@tick-arena/common';

/** One direction of a simulated path. */
export interface LinkSettings {
  /** One-way delay, ms. */
  readonly latencyMs: number;
  /** Each packet's delay varies by up to ± this, ms (order is kept: TCP cannot reorder). */
  readonly jitterMs: number;
  /** Fraction (0..1) of droppable packets (state ticks) lost. */
  readonly loss: number;
}

/**
 * TEMPORARY: an order-preserving delaying link for the netcode bench, to be replaced by common's network
 * simulator. A packet is due at `now + latency ± jitter`, but never before the one sent ahead of it (a
 * WebSocket over TCP delivers in order: a late packet holds back the ones behind it).
 */
export class DelayLink {
  private rng: number;
  private lastDue = 0;

  constructor(
    private readonly settings: LinkSettings,
    seed: number,
  ) {
    this.rng = seed | 0;
  }

  send(deliver: () => void, droppable: boolean): void {
    const s = this.settings;
    if (droppable && s.loss > 0 && this.random() < s.loss) return;
    const jitter = s.jitterMs > 0 ? (this.random() * 2 - 1) * s.jitterMs : 0;
    const now = performance.now();
    const due = Math.max(now + Math.max(0, s.latencyMs + jitter), this.lastDue);
    this.lastDue = due;
    if (due <= now) deliver();
    else setTimeout(deliver, due - now);
  }

  private random(): number {
    const [v, next] = nextRandom(this.rng);
    this.rng = next;
    return v;
  }
}
