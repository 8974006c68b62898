import { ARENA, createGameState, type GameState, type SimInput } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { FrameRing } from '../../src/loop/frame-ring.js';
import { INPUT_REPEAT_SECONDS, TickEngine } from '../../src/loop/tick-engine.js';

const RATE = 30;

function engine(): TickEngine {
  let t = 1_000_000;
  return new TickEngine({
    state: createGameState({ seed: 7, roundSeconds: 0, killLimit: 0 }),
    tickRate: RATE,
    map: ARENA,
    clock: () => (t += 1000 / RATE),
  });
}

const walk = (seq: number, fire = false): SimInput => ({ seq, mx: 1, my: 0, aim: 0, fire });
const ids = (s: GameState) => s.players.map((p) => p.id);
const none = () => undefined;

describe('TickEngine', () => {
  it('changes nothing between ticks: a join is only a queued command until the next tick', () => {
    const e = engine();
    e.queue({ kind: 'join', id: 1 });
    expect(ids(e.state)).toEqual([]);
    e.tick(none);
    expect(ids(e.state)).toEqual([1]);
  });

  it('applies commands in the defined order whatever order they were queued in', () => {
    const e = engine();
    e.queue({ kind: 'join', id: 1 });
    e.queue({ kind: 'join', id: 2 });
    e.tick(none);
    // Queued "leave 3" before "join 3": join runs first, so 3 is gone after the tick.
    e.queue({ kind: 'leave', id: 3 });
    e.queue({ kind: 'join', id: 3 });
    // A bot swap runs after leaves, a seat expiry after the swap.
    e.queue({ kind: 'seat-expiry', id: 2 });
    e.queue({ kind: 'bot-swap', add: 4, remove: 1 });
    e.tick(none);
    expect(ids(e.state)).toEqual([4]);
  });

  it('drops the input of a player who leaves in the same tick', () => {
    const e = engine();
    e.queue({ kind: 'join', id: 1 });
    e.tick(none);
    e.queue({ kind: 'leave', id: 1 });
    expect(() => e.tick(() => walk(0))).not.toThrow();
    expect(ids(e.state)).toEqual([]);
  });

  it('stands in for a missing input for 100 ms (movement and aim, never the trigger), then stops', () => {
    const e = engine();
    e.queue({ kind: 'join', id: 1 });
    e.tick(none);
    e.tick(() => walk(5, true));
    const fired = e.state.events.filter((ev) => ev.type === 'shot').length;
    expect(fired).toBe(1);
    const repeats = Math.round(RATE * INPUT_REPEAT_SECONDS);
    const xs: number[] = [e.state.players[0]!.x];
    const seqs: number[] = [];
    for (let i = 0; i < repeats + 2; i++) {
      e.tick(none);
      xs.push(e.state.players[0]!.x);
      seqs.push(e.state.players[0]!.lastSeq);
      expect(e.state.events.some((ev) => ev.type === 'shot')).toBe(false);
    }
    const moved = xs.slice(1).map((x, i) => x - xs[i]!);
    // `repeats` more steps of movement, each booked as the next (missing) command, then standing still.
    expect(moved.slice(0, repeats).every((d) => d > 0)).toBe(true);
    expect(moved.slice(repeats)).toEqual([0, 0]);
    expect(seqs).toEqual([...Array.from({ length: repeats }, (_, i) => 6 + i), 5 + repeats, 5 + repeats]);
  });

  it('settles a late input against its stand-in: the same movement is not simulated twice', () => {
    // Reference: every command on time.
    const onTime = engine();
    onTime.queue({ kind: 'join', id: 1 });
    onTime.tick(none);
    for (let seq = 1; seq <= 6; seq++) onTime.tick(() => walk(seq));
    // Command 3 is late by one tick: a stand-in runs in its tick, then 3 and the rest arrive.
    const late = engine();
    late.queue({ kind: 'join', id: 1 });
    late.tick(none);
    const arrivals: (number | undefined)[] = [1, 2, undefined, 3, 4, 5, 6];
    const booked: number[] = [];
    for (const seq of arrivals) {
      late.tick(() => (seq === undefined ? undefined : walk(seq)));
      booked.push(late.state.players[0]!.lastSeq);
    }
    // The stand-in is booked as command 3; command 3 itself then moves nothing; the snapshot's lastSeq never
    // goes back, and the position after "command 6" is the on-time one: a client predicting 1..6 is exact.
    expect(booked).toEqual([1, 2, 3, 3, 4, 5, 6]);
    expect(late.state.players[0]!.x).toBe(onTime.state.players[0]!.x);
    expect(late.state.players[0]!.y).toBe(onTime.state.players[0]!.y);
  });

  it('applies a late input whose movement differs from its stand-in, so nothing the player did is lost', () => {
    const e = engine();
    e.queue({ kind: 'join', id: 1 });
    e.tick(none);
    e.tick(() => walk(1));
    e.tick(none); // stand-in for 2: keeps walking right
    const afterStandIn = e.state.players[0]!;
    e.tick(() => ({ seq: 2, mx: 0, my: 1, aim: 0, fire: false })); // the real 2 went down
    const p = e.state.players[0]!;
    expect(p.y).toBeGreaterThan(afterStandIn.y);
    expect(p.lastSeq).toBe(2);
  });

  it('forgets the held input on resume: the new connection starts its own stream', () => {
    const e = engine();
    e.queue({ kind: 'join', id: 1 });
    e.tick(none);
    e.tick(() => walk(1));
    e.queue({ kind: 'resume', id: 1 });
    // Inputs are drained before commands, so the resume takes effect from the following tick.
    e.tick(none);
    const before = e.state.players[0]!.x;
    e.tick(none);
    expect(e.state.players[0]!.x).toBe(before);
  });

  it('records every tick in the frame ring with a server time on the 0.1 ms grid', () => {
    const e = engine();
    for (let i = 0; i < 5; i++) e.tick(none);
    const f = e.ring.newest();
    expect(f?.tick).toBe(5);
    expect(f?.state).toBe(e.state);
    expect(Number.isInteger(Math.round(f!.serverTime * 10))).toBe(true);
    expect(Math.abs(f!.serverTime * 10 - Math.round(f!.serverTime * 10))).toBeLessThan(1e-6);
    expect(e.ring.at(3)?.tick).toBe(3);
  });
});

describe('FrameRing', () => {
  const frame = (tick: number) => ({ tick, serverTime: tick, state: createGameState({ seed: 1 }) });

  it('holds at least 1 s of frames at every tick rate', () => {
    for (const rate of [10, 30, 60, 128]) expect(new FrameRing(rate).capacity).toBeGreaterThanOrEqual(rate);
  });

  it('forgets frames older than its capacity and refuses to go back in time', () => {
    const ring = new FrameRing(10);
    for (let t = 1; t <= 40; t++) ring.push(frame(t));
    expect(ring.at(40)?.tick).toBe(40);
    expect(ring.at(40 - ring.capacity)).toBeUndefined();
    expect(ring.oldestTick).toBe(40 - ring.capacity + 1);
    expect(ring.at(41)).toBeUndefined();
    expect(() => ring.push(frame(40))).toThrow(RangeError);
  });
});
