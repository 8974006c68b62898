import { quantizePosition, type SimEvent } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import type { SnapshotPlayer } from '../../src/net/snapshot-stream.js';
import { PredictedView } from '../../src/netcode/predicted-view.js';
import { FRAME_MS, OPEN_MAP, TICK_MS, TICK_RATE, player, seeded, snapshot } from './net-fixtures.js';

const WALKER = 2;
const SPEED = 260;
/** One-way transit of a snapshot, ms. */
const TRANSIT = 60;
/** Top speed over one frame, plus the render clock's 2 % slew and the 1/16 grid's rounding. */
const MAX_FRAME_STEP = ((SPEED * FRAME_MS) / 1000) * 1.02 + 0.1;

type Walk = (tick: number) => SnapshotPlayer[];
const straight: Walk = (tick) => [player(WALKER, quantizePosition(100 + (SPEED * tick) / TICK_RATE))];

interface Stream {
  readonly ms: number;
  /** Arrival jitter, ± ms (arrivals never overtake each other, as on TCP). */
  readonly jitter?: (tick: number) => number;
  /** Arrivals inside [from, to) are held back until `to` (a stalled connection). */
  readonly stalls?: readonly { from: number; to: number }[];
  /** No snapshot is sent from this tick on. */
  readonly stopAt?: number;
  readonly walk?: Walk;
  readonly events?: (tick: number) => SimEvent[];
}

/** A spectator's view of a snapshot stream, drawn at 60 Hz; returns the walker's x per frame. */
function watch(s: Stream, view = new PredictedView({ selfId: -1, tickRate: TICK_RATE, map: OPEN_MAP })) {
  const walk = s.walk ?? straight;
  const arrivals: { at: number; tick: number }[] = [];
  let last = 0;
  for (let tick = 0; tick * TICK_MS < s.ms && tick < (s.stopAt ?? Infinity); tick++) {
    let at = tick * TICK_MS + TRANSIT + (s.jitter?.(tick) ?? 0);
    for (const st of s.stalls ?? []) if (at >= st.from && at < st.to) at = st.to;
    last = Math.max(last, at);
    arrivals.push({ at: last, tick });
  }
  const xs: number[] = [];
  const delays: number[] = [];
  const events: { at: number; e: SimEvent }[] = [];
  for (let f = 0; f * FRAME_MS <= s.ms; f++) {
    const now = f * FRAME_MS;
    while (arrivals[0] && arrivals[0].at <= now) {
      const { at, tick } = arrivals.shift()!;
      view.ingest(snapshot(tick, walk(tick), { events: s.events?.(tick) ?? [] }), at);
    }
    const p = view.frame(now)?.players.find((q) => q.id === WALKER);
    xs.push(p ? p.x : Number.NaN);
    delays.push(view.stats().delay);
    for (const e of view.drainEvents(now)) events.push({ at: now, e });
  }
  return { xs, delays, events, view };
}

/** Frame-to-frame movement after the first half second (the buffer filling). */
function movement(xs: readonly number[]): number[] {
  const settled = xs.slice(30);
  return settled.slice(1).map((x, i) => x - (settled[i] ?? 0));
}

function expectSmoothWalk(xs: readonly number[]): void {
  const moved = movement(xs);
  expect(moved.length).toBeGreaterThan(100);
  expect(Math.min(...moved)).toBeGreaterThan(0);
  expect(Math.max(...moved)).toBeLessThanOrEqual(MAX_FRAME_STEP);
}

describe('PredictedView: other players', () => {
  it('draws a steady walker moving on every frame, never faster than it walks', () => {
    const { xs, view } = watch({ ms: 4000 });
    expectSmoothWalk(xs);
    expect(view.stats().underruns).toBe(0);
    expect(view.stats().delay).toBeCloseTo(2 * TICK_MS, 1);
  });

  it('draws it just as smoothly through ±20 ms of arrival jitter', () => {
    const rand = seeded(7);
    const { xs, view } = watch({ ms: 6000, jitter: () => (rand() * 2 - 1) * 20 });
    expectSmoothWalk(xs);
    expect(view.stats().underruns).toBe(0);
  });

  it('extrapolates through short stalls, counts the underruns, and joins the real path without a jump', () => {
    const stalls = [1000, 2000, 3000].map((from) => ({ from, to: from + 180 }));
    const { xs, view } = watch({ ms: 4000, stalls });
    expectSmoothWalk(xs);
    const s = view.stats();
    expect(s.underruns).toBeGreaterThan(3);
    expect(s.extrapolatedFrames).toBe(s.underruns);
  });

  it('extrapolates for at most 250 ms when the stream stops, then holds', () => {
    const { xs, view } = watch({ ms: 3000, stopAt: 60 });
    const x58 = straight(58)[0]?.x ?? 0;
    const x59 = straight(59)[0]?.x ?? 0;
    // Continued along the last step for 250 ms, then frozen.
    for (const x of xs.slice(-20)) expect(x).toBeCloseTo(x59 + ((x59 - x58) * 250) / TICK_MS, 2);
    const s = view.stats();
    expect(s.underruns).toBeGreaterThan(s.extrapolatedFrames);
    expect(s.extrapolatedFrames).toBeLessThanOrEqual(Math.ceil(250 / FRAME_MS) + 1);
  });

  it('raises the delay under jitter and brings it back down once the jitter stops', () => {
    const rand = seeded(3);
    const jitter = (tick: number) => (tick >= 60 && tick < 240 ? (rand() * 2 - 1) * 20 : 0);
    const { delays } = watch({ ms: 14000, jitter });
    const at = (ms: number) => delays[Math.round(ms / FRAME_MS)] ?? Number.NaN;
    expect(at(1900)).toBeCloseTo(2 * TICK_MS, 1);
    expect(at(7900)).toBeGreaterThan(2 * TICK_MS + 20);
    expect(at(13900)).toBeCloseTo(2 * TICK_MS, 1);
  });

  it('cuts to a respawn instead of sliding across the map', () => {
    const walk: Walk = (tick) =>
      tick < 30
        ? straight(tick)
        : tick < 45
          ? [player(WALKER, 100, 500, { alive: false, hp: 0 })]
          : [player(WALKER, 1800, 900)];
    const { xs } = watch({ ms: 3000, walk });
    const between = xs.filter((x) => x > 400 && x < 1800);
    expect(between).toEqual([]);
    expect(xs.at(-1)).toBe(1800);
  });

  it('cuts to a teleport of a living player too', () => {
    const walk: Walk = (tick) => (tick < 30 ? [player(WALKER, 100)] : [player(WALKER, 1000)]);
    const { xs } = watch({ ms: 2000, walk });
    expect(xs.filter((x) => x > 100 && x < 1000)).toEqual([]);
  });

  it("releases events when their tick is drawn, in order, and the local player's shots at once", () => {
    const view = new PredictedView({ selfId: 9, tickRate: TICK_RATE, map: OPEN_MAP });
    const shot = (shooter: number): SimEvent => ({
      type: 'shot',
      shooter,
      x1: 0,
      y1: 0,
      x2: 1,
      y2: 1,
      hit: -1,
    });
    const events = (tick: number): SimEvent[] =>
      tick === 40 ? [{ type: 'kill', killer: 2, victim: 3 }, shot(9)] : tick === 41 ? [shot(2)] : [];
    const { events: out } = watch({ ms: 3000, events }, view);
    expect(out.map((o) => o.e)).toEqual([shot(9), { type: 'kill', killer: 2, victim: 3 }, shot(2)]);
    const arrival = 40 * TICK_MS + TRANSIT;
    const [own, kill, other] = out.map((o) => o.at);
    expect(own).toBeGreaterThanOrEqual(arrival);
    expect(own).toBeLessThan(arrival + FRAME_MS);
    // Drawn two intervals after the tick would have arrived at the fastest.
    expect(kill).toBeGreaterThanOrEqual(arrival + 2 * TICK_MS - 0.001);
    expect(kill).toBeLessThan(arrival + 2 * TICK_MS + FRAME_MS);
    expect(other! - kill!).toBeGreaterThanOrEqual(TICK_MS - FRAME_MS);
  });

  it('forgets everything on reset', () => {
    const { view } = watch({ ms: 1000 });
    view.reset();
    expect(view.frame(2000)).toBeNull();
    expect(view.latest()).toBeNull();
    expect(view.drainEvents(2000)).toEqual([]);
  });
});
