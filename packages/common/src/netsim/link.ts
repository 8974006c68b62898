import { nextRandom } from '../sim/rng.js';

/**
 * What one direction of a simulated connection does to the packets sent through it. The model is a
 * WebSocket over TCP, which is what the game really runs on:
 *
 * - every packet is delayed by `latencyMs`, give or take up to `jitterMs` (uniform, like
 *   `tc qdisc ... netem delay 75ms 20ms`), never below zero;
 * - order is kept: TCP delivers a byte stream, so a packet whose own delay would have it arrive before the
 *   previous one waits for it (head-of-line blocking). Jitter therefore bunches packets up, it never
 *   reorders them;
 * - only packets sent as `droppable` are lost (state ticks, which the server sends `volatile`: a newer one
 *   supersedes a lost one and the next delta is against what the client acknowledged). Everything else is
 *   delayed, never lost, because TCP retransmits it;
 * - with a `bandwidth`, packets are serialised one after another at that many bytes per second; a
 *   droppable packet that finds the link still busy with earlier ones is dropped, as socket.io drops a
 *   volatile emit while the transport is not writable, so a cap below the stream's rate costs ticks rather
 *   than growing a queue without bound.
 */
export interface LinkConditions {
  /** One-way delay, ms. */
  readonly latencyMs: number;
  /** Each packet's delay is drawn uniformly from `latencyMs ± jitterMs`, ms. @default 0 */
  readonly jitterMs: number;
  /** Probability (0..1) that a droppable packet is lost. @default 0 */
  readonly loss: number;
  /** Bytes per second the link carries; `undefined` for no cap. */
  readonly bandwidth?: number | undefined;
}

/** Why `send` did not queue a packet (it will never be delivered). */
export type LinkVerdict = 'queued' | 'lost' | 'congested';

/** Counters of one direction since it was created. */
export interface LinkStats {
  /** Packets handed to `send`. */
  sent: number;
  /** Packets returned by `due`. */
  delivered: number;
  /** Droppable packets lost at random (`loss`). */
  lost: number;
  /** Droppable packets dropped because the bandwidth cap was still busy. */
  congested: number;
  /** Bytes handed to `send`. */
  bytes: number;
}

interface InFlight<T> {
  readonly packet: T;
  readonly at: number;
}

/** Send options of one packet. */
export interface SendOptions {
  /** The packet may be lost (a state tick); anything else is only ever delayed. @default false */
  readonly droppable?: boolean;
}

/**
 * One direction of a simulated network link: pure and deterministic. Times are arguments (any monotonic
 * ms clock, the same for every call), randomness comes from a seeded generator (`sim/rng.ts`), so the same
 * seed and the same calls deliver the same packets at the same times. Nothing here reads a clock or sets a
 * timer; `TimedLink` drives one with `setTimeout`.
 */
export class NetsimLink<T> {
  private readonly queue: InFlight<T>[] = [];
  /** Index of the queue's head (the queue is consumed from the front without shifting the array). */
  private head = 0;
  /** Delivery time of the newest queued packet: no later packet may arrive before it (TCP keeps order). */
  private lastArrival = Number.NEGATIVE_INFINITY;
  /** When the bandwidth cap has finished serialising what was sent so far. */
  private linkFreeAt = Number.NEGATIVE_INFINITY;
  private rng: number;
  readonly stats: LinkStats = { sent: 0, delivered: 0, lost: 0, congested: 0, bytes: 0 };

  constructor(
    readonly conditions: LinkConditions,
    seed: number,
  ) {
    this.rng = seed | 0;
  }

  /**
   * Send `packet` (`bytes` long, for the bandwidth cap) at time `now`. Returns what became of it: queued
   * for delivery, or lost for good (droppable packets only).
   */
  send(packet: T, bytes: number, now: number, options: SendOptions = {}): LinkVerdict {
    const c = this.conditions;
    this.stats.sent += 1;
    this.stats.bytes += bytes;
    let departs = now;
    if (c.bandwidth !== undefined) {
      if (options.droppable && this.linkFreeAt > now) {
        this.stats.congested += 1;
        return 'congested';
      }
      departs = Math.max(now, this.linkFreeAt) + (bytes * 1000) / c.bandwidth;
      this.linkFreeAt = departs;
    }
    // One draw for the delay of every packet, one more for the loss of a droppable one: the sequence of
    // draws depends only on what was sent, so a test replays exactly.
    const jitter = c.jitterMs > 0 ? (this.random() * 2 - 1) * c.jitterMs : 0;
    if (options.droppable && c.loss > 0 && this.random() < c.loss) {
      this.stats.lost += 1;
      return 'lost';
    }
    const at = Math.max(departs + Math.max(0, c.latencyMs + jitter), this.lastArrival);
    this.lastArrival = at;
    this.queue.push({ packet, at });
    return 'queued';
  }

  /** The packets that have arrived by `now`, oldest first (and no longer held). */
  due(now: number): T[] {
    const out: T[] = [];
    while (this.head < this.queue.length) {
      const next = this.queue[this.head] as InFlight<T>;
      if (next.at > now) break;
      out.push(next.packet);
      this.head += 1;
    }
    this.stats.delivered += out.length;
    // Compact once the consumed prefix dominates, so a long-lived link does not grow.
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return out;
  }

  /** When the next packet arrives, or null when none is in flight. */
  nextArrival(): number | null {
    return this.head < this.queue.length ? (this.queue[this.head] as InFlight<T>).at : null;
  }

  /** Packets in flight. */
  get inFlight(): number {
    return this.queue.length - this.head;
  }

  /** Forget every packet in flight (the connection closed). Counters and the random sequence go on. */
  clear(): void {
    this.queue.length = 0;
    this.head = 0;
    this.lastArrival = Number.NEGATIVE_INFINITY;
    this.linkFreeAt = Number.NEGATIVE_INFINITY;
  }

  private random(): number {
    const [value, next] = nextRandom(this.rng);
    this.rng = next;
    return value;
  }
}
