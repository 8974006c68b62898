import { describe, expect, it } from 'vitest';
import { Sim, step, type GameState, type PlayerId, type SimInput } from '../../src/index.js';
import { TICK_RATES, gameWith, inputsOf, patchPlayer, player, run, ticksFor } from './helpers.js';

const HZ = 30;
const DT = 1 / HZ;

/** Player 1 stands ready to shoot east at player 2, who has just spawned 300 units away (full protection). */
function spawnedTarget(): GameState {
  let state = gameWith([1, 2], { seed: 1, killLimit: 0 });
  state = patchPlayer(state, 1, { x: 600, y: 450, protectedFor: 0 });
  return patchPlayer(state, 2, { x: 900, y: 450, protectedFor: Sim.SPAWN_PROTECTION_MAX });
}

/** Ticks, counted from the spawn, in which `id` was still protected. */
function protectedTicks(states: readonly GameState[], id: PlayerId): number {
  const first = states.findIndex((s) => player(s, id).protectedFor === 0);
  return first < 0 ? states.length : first;
}

/** Player 2's inputs per tick from a script of its own: `move(tick)` says whether it holds a key. */
function moving(move: (tick: number) => boolean, extra: Partial<SimInput> = {}) {
  return (_s: GameState, tick: number) =>
    inputsOf({ 2: { seq: tick, mx: move(tick) ? 1 : 0, my: 0, aim: tick * 0.1, ...extra } });
}

describe('spawn protection', () => {
  it('blocks damage to a protected player but still reports the shot', () => {
    const next = step(spawnedTarget(), inputsOf({ 1: { aim: 0, fire: true } }), DT);
    expect(next.events.find((e) => e.type === 'shot')).toMatchObject({ hit: 2 });
    expect(next.events.filter((e) => e.type === 'damage')).toEqual([]);
    expect(player(next, 2).hp).toBe(Sim.MAX_HEALTH);
  });

  for (const hz of TICK_RATES) {
    it(`lasts SPAWN_PROTECTION_MAX seconds for a player who neither moves nor fires, at ${hz} Hz`, () => {
      // Aiming around is not moving: the mouse is never still.
      const states = run(
        spawnedTarget(),
        ticksFor(Sim.SPAWN_PROTECTION_MAX, hz) + 5,
        1 / hz,
        moving(() => false),
      );
      expect(protectedTicks(states, 2)).toBe(ticksFor(Sim.SPAWN_PROTECTION_MAX, hz) - 1);
    });

    it(`lasts SPAWN_PROTECTION_MIN seconds for a player who moves from the first tick, at ${hz} Hz`, () => {
      const states = run(
        spawnedTarget(),
        ticksFor(Sim.SPAWN_PROTECTION_MAX, hz),
        1 / hz,
        moving(() => true),
      );
      expect(protectedTicks(states, 2)).toBe(ticksFor(Sim.SPAWN_PROTECTION_MIN, hz) - 1);
    });
  }

  it('ends on the first tick a player moves once the first SPAWN_PROTECTION_MIN seconds are over', () => {
    const start = ticksFor(3, HZ);
    const states = run(
      spawnedTarget(),
      start + 10,
      DT,
      moving((t) => t >= start),
    );
    expect(protectedTicks(states, 2)).toBe(start);
    expect(player(states[start - 1] as GameState, 2).protectedFor).toBeGreaterThan(0);
  });

  it('is not ended by a step off the spawn in the first second: the player who then stands keeps it', () => {
    const states = run(
      spawnedTarget(),
      ticksFor(Sim.SPAWN_PROTECTION_MAX, HZ) + 5,
      DT,
      moving((t) => t < HZ),
    );
    expect(player(states[HZ] as GameState, 2).x).toBeGreaterThan(900);
    expect(protectedTicks(states, 2)).toBe(ticksFor(Sim.SPAWN_PROTECTION_MAX, HZ) - 1);
  });

  it('ends at once when the protected player fires, even in its first tick', () => {
    const next = step(spawnedTarget(), inputsOf({ 2: { aim: Math.PI, fire: true } }), DT);
    expect(player(next, 2).protectedFor).toBe(0);
    // Player 1 fires back on the next tick and now does damage.
    const back = step(next, inputsOf({ 1: { aim: 0, fire: true } }), DT);
    expect(player(back, 2).hp).toBe(Sim.MAX_HEALTH - Sim.LASER_DAMAGE);
  });

  it('does not end when the trigger is held during the cooldown (no shot leaves)', () => {
    const state = patchPlayer(spawnedTarget(), 2, { cooldown: 0.2 });
    const next = step(state, inputsOf({ 2: { aim: Math.PI, fire: true } }), DT);
    expect(player(next, 2).protectedFor).toBeCloseTo(Sim.SPAWN_PROTECTION_MAX - DT, 9);
  });

  it('lets the shot in the tick protection runs out do damage', () => {
    const idle = ticksFor(Sim.SPAWN_PROTECTION_MAX, HZ);
    const fire = inputsOf({ 1: { aim: 0, fire: true } });
    const early = step(run(spawnedTarget(), idle - 2, DT).at(-1) as GameState, fire, DT);
    expect(player(early, 2).hp).toBe(Sim.MAX_HEALTH);
    const onTime = step(run(spawnedTarget(), idle - 1, DT).at(-1) as GameState, fire, DT);
    expect(player(onTime, 2).protectedFor).toBe(0);
    expect(player(onTime, 2).hp).toBe(Sim.MAX_HEALTH - Sim.LASER_DAMAGE);
  });

  it('starts afresh at every respawn, with the same rules', () => {
    const dead = patchPlayer(spawnedTarget(), 2, { alive: false, hp: 0, respawnIn: DT, protectedFor: 0 });
    const states = run(
      dead,
      ticksFor(Sim.SPAWN_PROTECTION_MAX, HZ) + 2,
      DT,
      moving(() => true),
    );
    const back = states[0] as GameState;
    expect(player(back, 2)).toMatchObject({ alive: true, protectedFor: Sim.SPAWN_PROTECTION_MAX });
    // The respawn tick itself is tick 0 here: moving from it on, protection lasts SPAWN_PROTECTION_MIN.
    expect(protectedTicks(states.slice(1), 2)).toBe(ticksFor(Sim.SPAWN_PROTECTION_MIN, HZ) - 1);
  });
});
