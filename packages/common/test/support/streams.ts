import { SnapshotInterpolator } from '../../src/netcode/snapshot-interpolator.js';
import { seededRandom } from '../../src/sim/rng.js';
import type { InterpolatedPlayer, TimedSnapshot } from '../../src/netcode/types.js';

export const TICK_RATE = 30;
export const TICK_MS = 1000 / TICK_RATE;
export const FRAME_MS = 1000 / 60;
/** Server epoch ms of tick 0: far from the receiver's clock, as in real life. */
export const SERVER_EPOCH = 1_700_000_000_000;
/** One-way transit of a snapshot, ms. */
export const TRANSIT = 60;
export const SPEED = 260;
export const WALKER = 2;

/** A snapshot shape of the test's own: what interpolation needs plus a field that must ride along. */
export interface TestPlayer extends InterpolatedPlayer {
  readonly hp: number;
}
export type TestSnapshot = TimedSnapshot<TestPlayer>;

export function player(id: number, x: number, y = 500, extra: Partial<TestPlayer> = {}): TestPlayer {
  return { id, x, y, aim: 0, alive: true, hp: 100, ...extra };
}

export function snapshot(tick: number, players: readonly TestPlayer[]): TestSnapshot {
  return { tick, serverTime: SERVER_EPOCH + tick * TICK_MS, players };
}

/** mulberry32 (common's `nextRandom`): deterministic noise. */
export const seeded = seededRandom;

export type Walk = (tick: number) => TestPlayer[];
/** A walker at full speed along x, on the 1/16 grid. */
export const straight: Walk = (tick) => [
  player(WALKER, Math.round((100 + (SPEED * tick) / TICK_RATE) * 16) / 16),
];

export interface Stream {
  readonly ms: number;
  /** Extra transit of tick n's snapshot, ms (may be negative down to -TRANSIT). */
  readonly jitter?: (tick: number) => number;
  /**
   * Deliver in tick order (TCP: a delayed snapshot holds back the ones behind it) or as each arrives
   * (a reordering path). @default true
   */
  readonly ordered?: boolean;
  /** Arrivals inside [from, to) are held back until `to` (a stalled connection). */
  readonly stalls?: readonly { from: number; to: number }[];
  /** No snapshot is sent from this tick on. */
  readonly stopAt?: number;
  readonly walk?: Walk;
}

export interface Watched {
  /** The walker's drawn x per frame (NaN before the first snapshot). */
  readonly xs: number[];
  readonly delays: number[];
  readonly kinds: string[];
  readonly viewTicks: number[];
  readonly renderTimes: number[];
  readonly interpolator: SnapshotInterpolator<TestSnapshot>;
}

/** Feed a snapshot stream to an interpolator and draw it at 60 Hz on a virtual clock. */
export function watch(s: Stream, interpolator = new SnapshotInterpolator<TestSnapshot>(TICK_RATE)): Watched {
  const walk = s.walk ?? straight;
  const arrivals: { at: number; tick: number }[] = [];
  let last = 0;
  for (let tick = 0; tick * TICK_MS < s.ms && tick < (s.stopAt ?? Infinity); tick++) {
    let at = tick * TICK_MS + TRANSIT + (s.jitter?.(tick) ?? 0);
    for (const st of s.stalls ?? []) if (at >= st.from && at < st.to) at = st.to;
    if (s.ordered ?? true) at = last = Math.max(last, at);
    arrivals.push({ at, tick });
  }
  arrivals.sort((a, b) => a.at - b.at);
  const w: Watched = { xs: [], delays: [], kinds: [], viewTicks: [], renderTimes: [], interpolator };
  for (let f = 0; f * FRAME_MS <= s.ms; f++) {
    const now = f * FRAME_MS;
    while (arrivals[0] && arrivals[0].at <= now) {
      const { at, tick } = arrivals.shift()!;
      interpolator.push(snapshot(tick, walk(tick)), at);
    }
    const frame = interpolator.sample(now);
    const p = frame?.players.find((q) => q.id === WALKER);
    w.xs.push(p ? p.x : Number.NaN);
    w.delays.push(interpolator.stats().delay);
    w.kinds.push(frame?.kind ?? 'none');
    w.viewTicks.push(frame?.viewTick ?? Number.NaN);
    w.renderTimes.push(frame?.renderTime ?? Number.NaN);
  }
  return w;
}

/** Frame-to-frame movement after the first half second (the buffer filling). */
export function movement(xs: readonly number[]): number[] {
  const settled = xs.slice(30);
  return settled.slice(1).map((x, i) => x - (settled[i] ?? 0));
}
