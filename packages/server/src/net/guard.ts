import { performance } from 'node:perf_hooks';
import type { ClientToServerEvents } from '@tick-arena/common';
import { TokenBucket } from './token-bucket.js';

type EventName = keyof ClientToServerEvents;
type Budget = 'input' | 'chat' | 'room' | 'sync';

/**
 * Every event a client may send: its budget, the most arguments it takes (the ack counts as one), and
 * whether its payload is binary (only the input packet is; binary anywhere else is refused).
 */
export const EVENT_RULES: Readonly<Record<EventName, { budget: Budget; maxArgs: number; binary?: true }>> = {
  'room:create': { budget: 'room', maxArgs: 2 },
  'room:join': { budget: 'room', maxArgs: 2 },
  'room:quickplay': { budget: 'room', maxArgs: 2 },
  'room:resume': { budget: 'room', maxArgs: 2 },
  'room:leave': { budget: 'room', maxArgs: 1 },
  'room:list': { budget: 'room', maxArgs: 1 },
  'room:peek': { budget: 'room', maxArgs: 2 },
  'lobby:watch': { budget: 'room', maxArgs: 1 },
  input: { budget: 'input', maxArgs: 1, binary: true },
  chat: { budget: 'chat', maxArgs: 1 },
  'time:sync': { budget: 'sync', maxArgs: 2 },
};

/** Why a message was refused at the boundary (also the label of the rejection counter). */
export const Violation = {
  UNKNOWN_EVENT: 'unknown_event',
  BAD_ARITY: 'bad_arity',
  BINARY: 'binary',
  RATE_LIMITED: 'rate_limited',
  BAD_PAYLOAD: 'bad_payload',
} as const;
export type Violation = (typeof Violation)[keyof typeof Violation];

/**
 * Per-socket budgets and strikes. Inputs may arrive at the room's tick rate plus 25% (and a burst of one
 * second), chat at 1/s, room operations at 2/s, clock syncs at 4/s. Every refused message is a strike (an
 * over-budget one a quarter strike); strikes leak away at 2/s and more than 30 pending strikes mean abuse:
 * the caller disconnects the socket.
 */
export class SocketGuard {
  private readonly buckets: Record<Budget, TokenBucket>;
  private strikes = 0;
  private lastStrike: number;

  constructor(
    tickRate: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.buckets = {
      // A burst of one second: after a stall (ours or the network's) an honest client's queued inputs
      // arrive together, and they must not look like a flood.
      input: new TokenBucket(tickRate * 1.25, tickRate + 2, now),
      chat: new TokenBucket(1, 5, now),
      room: new TokenBucket(2, 6, now),
      sync: new TokenBucket(4, 8, now),
    };
    this.lastStrike = now();
  }

  /** The input budget follows the tick rate of the room the socket is in. */
  setTickRate(rate: number): void {
    this.buckets.input.setRate(rate * 1.25);
  }

  /** Check an incoming packet `[event, ...args]`; returns the violation, or null when it may pass. */
  check(packet: unknown[]): Violation | null {
    const [event, ...args] = packet;
    if (typeof event !== 'string' || !Object.hasOwn(EVENT_RULES, event)) return Violation.UNKNOWN_EVENT;
    const rule = EVENT_RULES[event as EventName];
    if (args.length > rule.maxArgs) return Violation.BAD_ARITY;
    if (!rule.binary && args.some(isBinary)) return Violation.BINARY;
    if (!this.buckets[rule.budget].take()) return Violation.RATE_LIMITED;
    return null;
  }

  /** Take one input from its budget (inputs arrive by the input tap, not as socket.io events). */
  takeInput(): boolean {
    return this.buckets.input.take();
  }

  /**
   * Record a strike; returns true when the socket has crossed the abuse line. Going over budget weighs a
   * quarter of a malformed message: honest clients do it briefly after a stall, floods do it constantly.
   */
  strike(weight = 1): boolean {
    const t = this.now();
    this.strikes = Math.max(0, this.strikes - ((t - this.lastStrike) / 1000) * 2) + weight;
    this.lastStrike = t;
    return this.strikes > 30;
  }
}

function isBinary(v: unknown): boolean {
  return v instanceof ArrayBuffer || ArrayBuffer.isView(v);
}
