import { describe, expect, it } from 'vitest';
import {
  ARENA,
  BotBrains,
  Sim,
  nextRandom,
  step,
  quantizeAim,
  type GameState,
  type SimInput,
  type PlayerId,
} from '../../src/index.js';
import { cmd, gameWith, inputsOf, isClear, patchPlayer, player, run } from './helpers.js';

const HZ = 30;
const DT = 1 / HZ;
const HUMANS = [1, 2, 3] as const;
const BOTS = [4, 5, 6, 7] as const;

/** Inputs of `ids` from a fresh set of normal bots (each call: new minds, as a new room would have). */
function botsOf(ids: readonly PlayerId[]): (s: GameState) => Map<PlayerId, SimInput> {
  const brains = new BotBrains({ map: ARENA, tickRate: HZ, difficulty: 'normal' });
  return (s) => new Map(ids.map((id) => [id, brains.input(s, id)] as const));
}

/**
 * Scripted "human" input: a pseudo-random walk drawn from its own mulberry32 stream (seeded by id), so it is
 * reproducible yet independent of the game's RNG.
 */
function humanInput(rng: number, seq: number): { input: SimInput; rng: number } {
  const [a, r1] = nextRandom(rng);
  const [b, r2] = nextRandom(r1);
  const [c, r3] = nextRandom(r2);
  const input = { seq, mx: a * 2 - 1, my: b * 2 - 1, aim: c * 6 - 3, fire: c < 0.3 };
  return { input, rng: r3 };
}

/** Play a full match: three scripted players and four bots for `ticks` ticks; returns every state. */
function playMatch(seed: number, ticks: number): GameState[] {
  let state = gameWith([...HUMANS, ...BOTS], { seed });
  const humanRng = new Map<PlayerId, number>(HUMANS.map((id) => [id, id * 7919]));
  const states: GameState[] = [];
  const bots = botsOf(BOTS);
  for (let t = 0; t < ticks; t++) {
    const inputs = new Map<PlayerId, SimInput>();
    for (const id of HUMANS) {
      const next = humanInput(humanRng.get(id) ?? 0, t);
      humanRng.set(id, next.rng);
      inputs.set(id, next.input);
    }
    for (const [id, input] of bots(state)) inputs.set(id, input);
    state = step(state, inputs, DT);
    states.push(state);
  }
  return states;
}

/** A deep copy; game states are plain JSON-safe data. */
function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

describe('step determinism', () => {
  it('produces identical states for the same seed and inputs over 600 ticks', () => {
    const a = playMatch(42, 600);
    const b = playMatch(42, 600);
    expect(b).toEqual(a);
    // The match must have exercised the interesting paths, or equality would prove little.
    const events = a.flatMap((s) => s.events);
    expect(events.some((e) => e.type === 'shot')).toBe(true);
    expect(events.some((e) => e.type === 'damage')).toBe(true);
    const first = a[0];
    const last = a.at(-1);
    expect(last?.tick).toBe(600);
    expect(last?.players.map((p) => [p.x, p.y])).not.toEqual(first?.players.map((p) => [p.x, p.y]));
  });

  it('produces a different game for a different seed', () => {
    const a = playMatch(42, 600);
    const b = playMatch(43, 600);
    expect(b.at(-1)).not.toEqual(a.at(-1));
    expect(b.at(-1)?.rng).not.toBe(a.at(-1)?.rng);
  });

  it('replays exactly from a copy of an intermediate state, as client reconciliation does', () => {
    const ids = [...HUMANS, ...BOTS];
    const play = (s: GameState, from: number, to: number) => {
      const bots = botsOf(ids);
      for (let t = from; t < to; t++) s = step(s, bots(s), DT);
      return s;
    };
    const mid = play(gameWith(ids, { seed: 7 }), 0, 150);
    const straight = play(mid, 150, 300);
    const replayed = play(clone(mid), 150, 300);
    expect(replayed).toEqual(straight);
    expect(straight.tick).toBe(300);
  });

  it('does not mutate the state it is given', () => {
    const state = deepFreeze(patchPlayer(gameWith([1, 2]), 1, { x: 600, y: 450, protectedFor: 0 }));
    const before = clone(state);
    const next = step(state, inputsOf({ 1: { mx: 1, fire: true }, 2: { my: 1 } }), DT);
    expect(state).toEqual(before);
    expect(next).not.toBe(state);
    expect(next.tick).toBe(state.tick + 1);
  });

  it('does not depend on the order in which players were added', () => {
    const forward = gameWith([1, 2, 3], { seed: 5 });
    let reversed = gameWith([3, 2, 1], { seed: 5 });
    // Spawns depend on who is already there, so give both games the same starting positions.
    for (const p of forward.players) reversed = patchPlayer(reversed, p.id, { x: p.x, y: p.y });
    reversed = { ...reversed, rng: forward.rng };
    expect(reversed.players.map((p) => p.id)).toEqual([1, 2, 3]);
    expect(run(reversed, 200, DT, botsOf([1, 2, 3]))).toEqual(run(forward, 200, DT, botsOf([1, 2, 3])));
  });
});

describe('step basics', () => {
  it('leaves a player without an input standing still, and keeps its last acknowledged seq', () => {
    const state = gameWith([1, 2]);
    const next = step(step(state, inputsOf({ 1: { seq: 9, mx: 1 } }), DT), new Map(), DT);
    expect(player(next, 2).x).toBe(player(state, 2).x);
    expect(player(next, 2).y).toBe(player(state, 2).y);
    expect(player(next, 2).lastSeq).toBe(-1);
    expect(player(next, 1).lastSeq).toBe(9);
  });

  it('records the seq and aim of the input it applied', () => {
    const state = gameWith([1]);
    const next = step(state, new Map([[1, cmd({ seq: 41, aim: 1.25 })]]), DT);
    expect(player(next, 1).lastSeq).toBe(41);
    expect(player(next, 1).aim).toBe(quantizeAim(1.25));
  });

  it('keeps the previous aim when the aim is not a finite number', () => {
    const state = patchPlayer(gameWith([1]), 1, { aim: 0.5 });
    const next = step(state, inputsOf({ 1: { aim: Number.NaN } }), DT);
    expect(player(next, 1).aim).toBe(0.5);
  });

  it('only reports the events of the step that made the state', () => {
    const state = patchPlayer(gameWith([1]), 1, { x: 600, y: 450 });
    const fired = step(state, inputsOf({ 1: { fire: true } }), DT);
    expect(fired.events.map((e) => e.type)).toEqual(['shot']);
    expect(step(fired, new Map(), DT).events).toEqual([]);
  });

  it('spawns new players clear of walls, at distinct spawn points, with spawn protection', () => {
    const state = gameWith([1, 2, 3, 4, 5, 6, 7, 8], { seed: 99 });
    for (const p of state.players) {
      expect(ARENA.spawns).toContainEqual({ x: p.x, y: p.y });
      expect(isClear(ARENA, p.x, p.y)).toBe(true);
      expect(p.protectedFor).toBe(Sim.SPAWN_PROTECTION_MAX);
      expect(p.hp).toBe(Sim.MAX_HEALTH);
    }
    expect(new Set(state.players.map((p) => `${p.x},${p.y}`)).size).toBe(8);
  });
});
