import { describe, expect, it } from 'vitest';
import { ARENA, Sim, step, traceShot, type GameState, type SimEvent } from '../../src/index.js';
import { OPEN_MAP, TICK_RATES, gameWith, inputsOf, patchPlayer, player, run, ticksFor } from './helpers.js';

const HZ = 30;
const DT = 1 / HZ;

/** Player 1 at `shooter`, player 2 at `target`, neither protected. */
function duel(shooter: { x: number; y: number }, target: { x: number; y: number }, seed = 1): GameState {
  let state = gameWith([1, 2], { seed, killLimit: 0, roundSeconds: 0 });
  state = patchPlayer(state, 1, { ...shooter, protectedFor: 0 });
  return patchPlayer(state, 2, { ...target, protectedFor: 0 });
}

function ofType<T extends SimEvent['type']>(events: readonly SimEvent[], type: T) {
  return events.filter((e): e is Extract<SimEvent, { type: T }> => e.type === type);
}

describe('laser hits', () => {
  it('hits a player it is aimed at in open space', () => {
    const state = duel({ x: 600, y: 450 }, { x: 900, y: 450 });
    const next = step(state, inputsOf({ 1: { aim: 0, fire: true } }), DT);
    expect(player(next, 2).hp).toBe(Sim.MAX_HEALTH - Sim.LASER_DAMAGE);
    const [shot] = ofType(next.events, 'shot');
    expect(shot).toMatchObject({
      shooter: 1,
      hit: 2,
      x1: 600,
      y1: 450,
      x2: 900 - Sim.PLAYER_RADIUS,
      y2: 450,
    });
    expect(ofType(next.events, 'damage')).toEqual([
      { type: 'damage', target: 2, by: 1, amount: Sim.LASER_DAMAGE },
    ]);
  });

  it('hits a player at an angle', () => {
    const state = duel({ x: 600, y: 450 }, { x: 800, y: 250 });
    const next = step(state, inputsOf({ 1: { aim: -Math.PI / 4, fire: true } }), DT);
    expect(ofType(next.events, 'shot')[0]?.hit).toBe(2);
    expect(player(next, 2).hp).toBe(Sim.MAX_HEALTH - Sim.LASER_DAMAGE);
  });

  it('misses a player it is not aimed at', () => {
    const state = duel({ x: 600, y: 450 }, { x: 900, y: 450 });
    const next = step(state, inputsOf({ 1: { aim: Math.PI / 2, fire: true } }), DT);
    expect(ofType(next.events, 'shot')[0]?.hit).toBe(-1);
    expect(ofType(next.events, 'damage')).toEqual([]);
    expect(player(next, 2).hp).toBe(Sim.MAX_HEALTH);
  });

  it('misses when the centre block stands between shooter and target', () => {
    const state = duel({ x: 800, y: 600 }, { x: 1200, y: 600 });
    const next = step(state, inputsOf({ 1: { aim: 0, fire: true } }), DT);
    const [shot] = ofType(next.events, 'shot');
    expect(shot).toMatchObject({ hit: -1, x2: 900, y2: 600 });
    expect(player(next, 2).hp).toBe(Sim.MAX_HEALTH);
    // The same shot with no walls does hit, so the wall is what stopped it.
    const open = step(state, inputsOf({ 1: { aim: 0, fire: true } }), DT, { map: OPEN_MAP });
    expect(ofType(open.events, 'shot')[0]?.hit).toBe(2);
  });

  it('stops at its range', () => {
    const far = duel({ x: 60, y: 450 }, { x: 60 + Sim.LASER_RANGE + Sim.PLAYER_RADIUS + 10, y: 450 });
    const farShot = step(far, inputsOf({ 1: { aim: 0, fire: true } }), DT);
    expect(ofType(farShot.events, 'shot')[0]).toMatchObject({ hit: -1, x2: 60 + Sim.LASER_RANGE });
    const near = duel({ x: 60, y: 450 }, { x: 60 + Sim.LASER_RANGE - 50, y: 450 });
    expect(ofType(step(near, inputsOf({ 1: { aim: 0, fire: true } }), DT).events, 'shot')[0]?.hit).toBe(2);
  });

  it('hits the nearest of two players in line', () => {
    let state = gameWith([1, 2, 3], { seed: 1, killLimit: 0 });
    state = patchPlayer(state, 1, { x: 600, y: 450, protectedFor: 0 });
    state = patchPlayer(state, 2, { x: 850, y: 450, protectedFor: 0 });
    state = patchPlayer(state, 3, { x: 750, y: 455, protectedFor: 0 });
    const next = step(state, inputsOf({ 1: { aim: 0, fire: true } }), DT);
    expect(ofType(next.events, 'shot')[0]?.hit).toBe(3);
    expect(player(next, 3).hp).toBe(Sim.MAX_HEALTH - Sim.LASER_DAMAGE);
    expect(player(next, 2).hp).toBe(Sim.MAX_HEALTH);
  });

  it('never hits the shooter itself', () => {
    const result = traceShot(ARENA, 1, 600, 450, 0, [{ id: 1, x: 600, y: 450 }]);
    expect(result.hit).toBe(-1);
  });

  it('judges the shot against the rewound positions lag compensation supplies', () => {
    // The target has since moved out of the line of fire, but the shooter saw it at (900, 450).
    const state = duel({ x: 600, y: 450 }, { x: 900, y: 500 });
    const fire = inputsOf({ 1: { aim: 0, fire: true } });
    expect(ofType(step(state, fire, DT).events, 'shot')[0]?.hit).toBe(-1);
    const next = step(state, fire, DT, {
      shotTargets: (_shooter, now) => now.map((p) => (p.id === 2 ? { id: 2, x: 900, y: 450 } : p)),
    });
    expect(ofType(next.events, 'shot')[0]?.hit).toBe(2);
    expect(player(next, 2).hp).toBe(Sim.MAX_HEALTH - Sim.LASER_DAMAGE);
  });

  it('does not let a dead player shoot', () => {
    const state = patchPlayer(duel({ x: 600, y: 450 }, { x: 900, y: 450 }), 1, {
      alive: false,
      hp: 0,
      respawnIn: 2,
    });
    const next = step(state, inputsOf({ 1: { aim: 0, fire: true } }), DT);
    expect(next.events).toEqual([]);
  });
});

describe('laser cooldown', () => {
  for (const hz of TICK_RATES) {
    it(`fires once every LASER_COOLDOWN seconds when the trigger is held at ${hz} Hz`, () => {
      const state = duel({ x: 600, y: 450 }, { x: 600, y: 900 });
      const states = run(state, hz * 3, 1 / hz, (_s, t) =>
        inputsOf({ 1: { seq: t, aim: Math.PI, fire: true } }),
      );
      const shotTicks = states.flatMap((s, i) => (s.events.some((e) => e.type === 'shot') ? [i] : []));
      expect(shotTicks[0]).toBe(0);
      // The cooldown is whole ticks: the first tick at which at least LASER_COOLDOWN seconds have passed.
      const gap = ticksFor(Sim.LASER_COOLDOWN, hz);
      for (let i = 1; i < shotTicks.length; i++) expect(shotTicks[i]! - shotTicks[i - 1]!).toBe(gap);
      expect(shotTicks.length).toBe(Math.floor((hz * 3 - 1) / gap) + 1);
    });
  }

  it('lets each player fire on its own cooldown', () => {
    const state = duel({ x: 600, y: 450 }, { x: 600, y: 900 });
    const states = run(state, 30, DT, (_s, t) =>
      inputsOf({ 1: { aim: Math.PI, fire: true }, 2: { aim: Math.PI, fire: t >= 5 } }),
    );
    const shooters = states.map((s) => ofType(s.events, 'shot').map((e) => e.shooter));
    expect(shooters[0]).toEqual([1]);
    expect(shooters[5]).toEqual([2]);
    expect(shooters[11]).toEqual([1]);
  });
});

describe('death and respawn', () => {
  /** Player 1 fires at player 2 every tick until the kill; returns the states up to and including it. */
  function killTarget(hz: number) {
    const state = duel({ x: 600, y: 450 }, { x: 900, y: 450 });
    const states: GameState[] = [];
    let s = state;
    while (player(s, 2).alive && states.length < hz * 5) {
      s = step(s, inputsOf({ 1: { aim: 0, fire: true } }), 1 / hz);
      states.push(s);
    }
    return states;
  }

  it('kills a player after three hits and counts the kill and the death', () => {
    const states = killTarget(HZ);
    const damage = states.flatMap((s) => ofType(s.events, 'damage'));
    expect(damage).toHaveLength(Math.ceil(Sim.MAX_HEALTH / Sim.LASER_DAMAGE));
    expect(damage).toHaveLength(3);
    const hps = states.filter((s) => s.events.some((e) => e.type === 'damage')).map((s) => player(s, 2).hp);
    expect(hps).toEqual([66, 32, 0]);
    const last = states.at(-1) as GameState;
    expect(ofType(last.events, 'kill')).toEqual([{ type: 'kill', killer: 1, victim: 2 }]);
    expect(player(last, 2)).toMatchObject({ alive: false, hp: 0, deaths: 1, respawnIn: Sim.RESPAWN_DELAY });
    expect(player(last, 1)).toMatchObject({ kills: 1, deaths: 0 });
    // Exactly one kill: the first two hits did not kill.
    expect(states.flatMap((s) => ofType(s.events, 'kill'))).toHaveLength(1);
  });

  for (const hz of TICK_RATES) {
    it(`respawns a dead player after RESPAWN_DELAY with full health and protection at ${hz} Hz`, () => {
      const dead = killTarget(hz).at(-1) as GameState;
      const x = player(dead, 2).x;
      // The dead player keeps sending input: it must not move.
      const after = run(dead, hz * 4, 1 / hz, () => inputsOf({ 2: { mx: 1, aim: Math.PI } }));
      const respawnTick = after.findIndex((s) => player(s, 2).alive);
      expect(respawnTick + 1).toBe(ticksFor(Sim.RESPAWN_DELAY, hz));
      for (const s of after.slice(0, respawnTick)) {
        expect(player(s, 2).x).toBe(x);
        expect(s.events).toEqual([]);
      }
      const back = after[respawnTick] as GameState;
      const p = player(back, 2);
      expect(p).toMatchObject({
        alive: true,
        hp: Sim.MAX_HEALTH,
        protectedFor: Sim.SPAWN_PROTECTION_MAX,
        deaths: 1,
      });
      expect(ARENA.spawns).toContainEqual({ x: p.x, y: p.y });
      expect(ofType(back.events, 'spawn')).toEqual([{ type: 'spawn', id: 2, x: p.x, y: p.y }]);
    });
  }

  it('ignores a dead player as a target, so the beam passes through', () => {
    let state = gameWith([1, 2, 3], { seed: 1, killLimit: 0 });
    state = patchPlayer(state, 1, { x: 600, y: 450, protectedFor: 0 });
    state = patchPlayer(state, 2, { x: 700, y: 450, alive: false, hp: 0, respawnIn: 2 });
    state = patchPlayer(state, 3, { x: 900, y: 450, protectedFor: 0 });
    const next = step(state, inputsOf({ 1: { aim: 0, fire: true } }), DT);
    expect(ofType(next.events, 'shot')[0]?.hit).toBe(3);
  });
});
