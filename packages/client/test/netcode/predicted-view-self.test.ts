import { movePlayer, type PlayerState, type SimInput } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/net/snapshot-stream.js';
import { PredictedView } from '../../src/netcode/predicted-view.js';
import { FRAME_MS, OPEN_MAP, TICK_RATE, player, snapshot } from './net-fixtures.js';

const SELF = 1;
/** Server ticks are this far out of phase with the client's input ticks, ms. */
const SERVER_PHASE = 5;
/** Ticks the server repeats a player's last input when its queue is empty (tick-engine at 30 Hz). */
const MAX_REPEATS = 3;

interface Options {
  readonly ms: number;
  readonly rtt: number;
  /** Extra one-way delay of the input with this seq; the ones behind it queue up behind it (TCP). */
  readonly stall?: { seq: number; ms: number };
  /** At this server tick the player is moved by this many units (a teleport). */
  readonly teleport?: { tick: number; dx: number };
}

interface Run {
  /** Drawn x of the local player at each 60 Hz frame. */
  readonly drawn: number[];
  /** `lastCorrection` after each snapshot, and the view. */
  readonly corrections: number[];
  readonly view: PredictedView;
}

/**
 * One client walking right against a simulated authoritative server that, like the tick engine, applies
 * one queued input per tick with `movePlayer` and repeats the last one (never firing) when the queue is
 * empty. Everything is driven by a loop in thirds of a millisecond on a fake clock (ticks and frames fall
 * exactly on it at 30 and 60 Hz): no timers.
 */
function run(o: Options): Run {
  let now = 0;
  const view = new PredictedView({ selfId: SELF, tickRate: TICK_RATE, map: OPEN_MAP, clock: () => now });
  const dt = 1 / TICK_RATE;
  let state: PlayerState = {
    ...player(SELF, 1000),
    respawnIn: 0,
    protectedFor: 0,
    cooldown: 0,
    kills: 0,
    deaths: 0,
    lastSeq: -1,
  };
  const toServer: { at: number; cmd: SimInput }[] = [];
  const toClient: { at: number; snap: Snapshot }[] = [];
  const queue: SimInput[] = [];
  let held: { cmd: SimInput; repeats: number } | null = null;
  let seq = 0;
  let serverTick = 0;
  let lastArrival = 0;
  let frame = 0;
  const drawn: number[] = [];
  const corrections: number[] = [];
  for (let u = 0; u <= o.ms * 3; u++) {
    now = u / 3;
    while (toServer[0] && toServer[0].at <= now) queue.push(toServer.shift()!.cmd);
    if (u === SERVER_PHASE * 3 + serverTick * 100) {
      const fresh = queue.shift();
      if (fresh) held = { cmd: fresh, repeats: 0 };
      else if (held && held.repeats < MAX_REPEATS) held.repeats += 1;
      else held = null;
      if (held) state = movePlayer(state, fresh ?? { ...held.cmd, fire: false }, dt, OPEN_MAP);
      serverTick += 1;
      if (o.teleport?.tick === serverTick) state = { ...state, x: state.x + o.teleport.dx };
      toClient.push({
        at: now + o.rtt / 2,
        snap: snapshot(serverTick, [player(SELF, state.x, state.y)], { lastSeq: state.lastSeq }),
      });
    }
    while (toClient[0] && toClient[0].at <= now) {
      view.ingest(toClient.shift()!.snap, now);
      corrections.push(view.stats().lastCorrection);
    }
    if (u === seq * 100) {
      const cmd: SimInput = { seq, mx: 1, my: 0, aim: 0, fire: false };
      view.localInput(cmd);
      const stall = o.stall?.seq === seq ? o.stall.ms : 0;
      lastArrival = Math.max(lastArrival, now + o.rtt / 2 + stall);
      toServer.push({ at: lastArrival, cmd });
      seq += 1;
    }
    if (u === frame * 50) {
      const me = view.frame(now)?.players.find((p) => p.id === SELF);
      if (me) drawn.push(me.x);
      frame += 1;
    }
  }
  return { drawn, corrections, view };
}

function steps(xs: readonly number[]): number[] {
  return xs.slice(1).map((x, i) => x - (xs[i] ?? 0));
}

/** Top speed over one 60 Hz frame, world units. */
const FRAME_STEP = (260 * FRAME_MS) / 1000;

describe('PredictedView: the local player', () => {
  it('has no prediction error after any snapshot with a 150 ms round trip and nothing lost', () => {
    const r = run({ ms: 3000, rtt: 150 });
    expect(r.corrections.length).toBeGreaterThan(80);
    expect(r.corrections.every((c) => c === 0)).toBe(true);
    expect(r.view.stats().corrections).toBe(0);
  });

  it('draws the player moving on every 60 Hz frame while walking, by one frame of top speed', () => {
    const r = run({ ms: 2000, rtt: 150 });
    const moved = steps(r.drawn.slice(2));
    expect(Math.min(...moved)).toBeGreaterThan(0);
    for (const d of moved) expect(Math.abs(d - FRAME_STEP)).toBeLessThan(0.1);
  });

  it('smooths the correction a late input causes and lets it decay to nothing', () => {
    const r = run({ ms: 3000, rtt: 150, stall: { seq: 30, ms: 45 } });
    const stats = r.view.stats();
    expect(stats.corrections).toBeGreaterThan(0);
    expect(stats.lastCorrection).toBeGreaterThan(1);
    expect(stats.lastCorrection).toBeLessThan(48);
    const moved = steps(r.drawn.slice(2));
    // One frame never carries more than 40 % of a tick's worth of correction on top of walking.
    for (const d of moved) expect(Math.abs(d - FRAME_STEP)).toBeLessThan(0.4 * stats.lastCorrection + 0.1);
    // A second later the error is gone: the walk is back to exact steps.
    for (const d of moved.slice(-30)) expect(Math.abs(d - FRAME_STEP)).toBeLessThan(0.1);
  });

  it('snaps a correction larger than 48 units instead of sliding', () => {
    const r = run({ ms: 2000, rtt: 150, teleport: { tick: 30, dx: 300 } });
    expect(r.view.stats().lastCorrection).toBeGreaterThan(290);
    const moved = steps(r.drawn.slice(2));
    expect(moved.filter((d) => d > 290)).toHaveLength(1);
    expect(moved.filter((d) => d > FRAME_STEP + 0.1 && d < 290)).toHaveLength(0);
  });
});
