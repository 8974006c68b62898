import { describe, expect, it } from 'vitest';
import {
  ARENA,
  RoundPhase,
  Sim,
  createGameState,
  step,
  quantizeAim,
  type GameState,
} from '../../src/index.js';
import { TICK_RATES, gameWith, inputsOf, patchPlayer, player, run, ticksFor } from './helpers.js';

const HZ = 30;
const DT = 1 / HZ;

/** Players 1 and 2 in open space, 2 one hit from death, under the given round rules. */
function oneShotFromVictory(options: { killLimit?: number; roundSeconds?: number }): GameState {
  let state = gameWith([1, 2, 3], { seed: 11, ...options });
  state = patchPlayer(state, 1, { x: 600, y: 450, protectedFor: 0 });
  return patchPlayer(state, 2, { x: 900, y: 450, protectedFor: 0, hp: Sim.LASER_DAMAGE });
}

const fire = inputsOf({ 1: { aim: 0, fire: true } });

describe('round end by kill limit', () => {
  it('ends the round when a player reaches the kill limit', () => {
    const state = oneShotFromVictory({ killLimit: 1 });
    expect(state.round).toMatchObject({ number: 1, phase: RoundPhase.PLAYING, killLimit: 1 });
    const ended = step(state, fire, DT);
    expect(ended.round).toMatchObject({
      number: 1,
      phase: RoundPhase.ENDED,
      winner: 1,
      timeLeft: Sim.INTERMISSION,
    });
    expect(ended.events.map((e) => e.type)).toEqual(['shot', 'damage', 'kill', 'round-end']);
    expect(ended.events.at(-1)).toEqual({ type: 'round-end', winner: 1, round: 1 });
  });

  it('does not end the round before the kill limit is reached', () => {
    const state = oneShotFromVictory({ killLimit: 2 });
    const next = step(state, fire, DT);
    expect(player(next, 1).kills).toBe(1);
    expect(next.round.phase).toBe(RoundPhase.PLAYING);
  });

  it('never ends a round by kills when the kill limit is 0', () => {
    const state = patchPlayer(oneShotFromVictory({ killLimit: 0, roundSeconds: 0 }), 1, { kills: 500 });
    const next = step(state, fire, DT);
    expect(player(next, 1).kills).toBe(501);
    expect(next.round.phase).toBe(RoundPhase.PLAYING);
  });

  it('freezes the game during the intermission but still acknowledges inputs', () => {
    const ended = step(oneShotFromVictory({ killLimit: 1 }), fire, DT);
    const frozen = run(ended, 30, DT, (_s, t) =>
      inputsOf({ 1: { seq: t, mx: 1, aim: 1, fire: true }, 3: { seq: t, my: 1, fire: true } }),
    );
    for (const s of frozen) {
      expect(s.round.phase).toBe(RoundPhase.ENDED);
      expect(s.events).toEqual([]);
    }
    const last = frozen.at(-1) as GameState;
    for (const id of [1, 3]) {
      expect(player(last, id).x).toBe(player(ended, id).x);
      expect(player(last, id).y).toBe(player(ended, id).y);
      expect(player(last, id).lastSeq).toBe(29);
    }
    expect(player(last, 1).aim).toBe(quantizeAim(1));
    expect(player(last, 2).alive).toBe(false);
  });

  for (const hz of TICK_RATES) {
    it(`starts a new round with scores reset after INTERMISSION seconds at ${hz} Hz`, () => {
      const ended = step(oneShotFromVictory({ killLimit: 1, roundSeconds: 120 }), fire, 1 / hz);
      const after = run(ended, hz * (Sim.INTERMISSION + 1), 1 / hz);
      const startIndex = after.findIndex((s) => s.round.phase === RoundPhase.PLAYING);
      expect(startIndex + 1).toBe(ticksFor(Sim.INTERMISSION, hz));
      const fresh = after[startIndex] as GameState;
      expect(fresh.round).toMatchObject({
        number: 2,
        phase: RoundPhase.PLAYING,
        timeLeft: 120,
        killLimit: 1,
      });
      expect(fresh.events.filter((e) => e.type === 'spawn').map((e) => e.type === 'spawn' && e.id)).toEqual([
        1, 2, 3,
      ]);
      expect(fresh.events.at(-1)).toEqual({ type: 'round-start', round: 2 });
      for (const p of fresh.players) {
        expect(p).toMatchObject({
          kills: 0,
          deaths: 0,
          alive: true,
          hp: Sim.MAX_HEALTH,
          protectedFor: Sim.SPAWN_PROTECTION_MAX,
          cooldown: 0,
        });
        expect(ARENA.spawns).toContainEqual({ x: p.x, y: p.y });
      }
      expect(new Set(fresh.players.map((p) => `${p.x},${p.y}`)).size).toBe(3);
    });
  }

  it('plays on in the new round', () => {
    const ended = step(oneShotFromVictory({ killLimit: 1 }), fire, DT);
    const fresh = run(ended, ticksFor(Sim.INTERMISSION, HZ), DT).at(-1) as GameState;
    expect(fresh.round.phase).toBe(RoundPhase.PLAYING);
    const moved = step(fresh, inputsOf({ 3: { mx: 1 } }), DT);
    expect(player(moved, 3).x).not.toBe(player(fresh, 3).x);
  });
});

describe('round end by timer', () => {
  for (const hz of TICK_RATES) {
    it(`ends a timed round after roundSeconds at ${hz} Hz`, () => {
      const state = gameWith([1, 2], { seed: 4, roundSeconds: 2, killLimit: 0 });
      expect(state.round).toMatchObject({ timed: true, timeLeft: 2 });
      const states = run(state, hz * 3, 1 / hz);
      const endIndex = states.findIndex((s) => s.round.phase === RoundPhase.ENDED);
      expect(endIndex + 1).toBe(ticksFor(2, hz));
      const ended = states[endIndex] as GameState;
      expect(ended.events).toEqual([{ type: 'round-end', winner: 1, round: 1 }]);
      expect(ended.round.timeLeft).toBe(Sim.INTERMISSION);
      // The round timer counts down in between.
      expect(states[0]?.round.timeLeft).toBeCloseTo(2 - 1 / hz, 9);
    });
  }

  it('names the top scorer, fewest deaths breaking ties, as the winner', () => {
    let state = gameWith([1, 2, 3], { seed: 4, roundSeconds: 1, killLimit: 0 });
    state = patchPlayer(state, 1, { kills: 3, deaths: 2 });
    state = patchPlayer(state, 2, { kills: 4, deaths: 5 });
    state = patchPlayer(state, 3, { kills: 4, deaths: 1 });
    const ended = run(state, 2 * HZ, DT).find((s) => s.round.phase === RoundPhase.ENDED);
    expect(ended?.round.winner).toBe(3);
  });

  it('never ends an untimed round by time', () => {
    const state = createGameState({ seed: 1, roundSeconds: 0, killLimit: 0 });
    expect(state.round.timed).toBe(false);
    const states = run(gameWith([1], { seed: 1, roundSeconds: 0, killLimit: 0 }), 600, 1 / 10);
    expect(states.every((s) => s.round.phase === RoundPhase.PLAYING)).toBe(true);
  });

  it('uses the default round length and kill limit when none is given', () => {
    expect(createGameState({ seed: 1 }).round).toMatchObject({
      number: 1,
      phase: RoundPhase.PLAYING,
      timed: true,
      timeLeft: Sim.DEFAULT_ROUND_SECONDS,
      killLimit: Sim.DEFAULT_KILL_LIMIT,
      winner: -1,
    });
  });
});
