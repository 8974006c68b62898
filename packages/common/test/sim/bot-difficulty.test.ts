import { describe, expect, it } from 'vitest';
import {
  ARENA,
  BOT_DIFFICULTIES,
  BOT_SKILLS,
  BotBrains,
  Sim,
  addPlayer,
  createGameState,
  step,
  type BotDifficulty,
  type GameState,
  type PlayerId,
  type SimEvent,
} from '../../src/index.js';
import { OPEN_MAP, patchPlayer, player } from './helpers.js';

const HZ = 30;
const DT = 1 / HZ;
const HUMAN = 1;
const SEEDS = 40;
/** A run with no hit in this long counts as this long (a censored sample; medians are robust to it). */
const GIVE_UP_SECONDS = 60;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/**
 * A default room as a newcomer finds it: one human who stands still at its spawn (no input at all), three
 * bots. Returns the seconds until the human is first hit and first killed.
 */
function newcomerAmongBots(seed: number, difficulty: BotDifficulty): { hit: number; death: number } {
  let state = createGameState({ seed, killLimit: 0, roundSeconds: 0 });
  const bots = [2, 3, 4];
  for (const id of [HUMAN, ...bots]) state = addPlayer(state, id, ARENA);
  const brains = new BotBrains({ map: ARENA, tickRate: HZ, difficulty });
  let hit = GIVE_UP_SECONDS;
  let death = GIVE_UP_SECONDS;
  while (state.tick < GIVE_UP_SECONDS * HZ && death === GIVE_UP_SECONDS) {
    state = step(state, new Map(bots.map((id) => [id, brains.input(state, id)] as const)), DT);
    for (const e of state.events) {
      if (e.type === 'damage' && e.target === HUMAN) hit = Math.min(hit, state.tick / HZ);
      if (e.type === 'kill' && e.victim === HUMAN) death = Math.min(death, state.tick / HZ);
    }
  }
  return { hit, death };
}

/** On a wall-less map: player 1 stands at the spawn, bot 2 `gap` units east of it. */
function standoff(difficulty: BotDifficulty, protectedFor: number, gap = 300) {
  const c = OPEN_MAP.spawns[0] ?? { x: 0, y: 0 };
  let state = createGameState({ seed: 3, killLimit: 0, roundSeconds: 0 });
  state = addPlayer(addPlayer(state, 1, OPEN_MAP), 2, OPEN_MAP);
  state = patchPlayer(state, 1, { x: c.x, y: c.y, protectedFor });
  state = patchPlayer(state, 2, { x: c.x + gap, y: c.y, protectedFor: 0 });
  return { state, brains: new BotBrains({ map: OPEN_MAP, tickRate: HZ, difficulty }) };
}

/** Step on the open map with inputs for `bots` only (everyone else stands still), returning every state. */
function play(state: GameState, brains: BotBrains, bots: readonly PlayerId[], ticks: number): GameState[] {
  const out: GameState[] = [];
  for (let i = 0; i < ticks; i++) {
    const inputs = new Map(bots.map((id) => [id, brains.input(state, id)] as const));
    state = step(state, inputs, DT, { map: OPEN_MAP });
    out.push(state);
  }
  return out;
}

const shotsBy = (states: readonly GameState[], id: PlayerId) =>
  states.flatMap((s) =>
    s.events
      .filter((e): e is Extract<SimEvent, { type: 'shot' }> => e.type === 'shot' && e.shooter === id)
      .map((e) => ({ ...e, tick: s.tick })),
  );

describe('bot difficulty', () => {
  it('leaves a newcomer who stands still unhit longer the easier the bots (medians over 40 seeds)', () => {
    const rows = BOT_DIFFICULTIES.map((d) => {
      const runs = Array.from({ length: SEEDS }, (_, i) => newcomerAmongBots(i + 1, d));
      return { d, hit: median(runs.map((r) => r.hit)), death: median(runs.map((r) => r.death)) };
    });
    console.log(
      `newcomer standing still among 3 bots, ${SEEDS} seeds, median seconds:\n` +
        rows
          .map((r) => `  ${r.d.padEnd(6)} first hit ${r.hit.toFixed(1)}  killed ${r.death.toFixed(1)}`)
          .join('\n'),
    );
    const [easy, normal, hard] = rows;
    expect(easy?.hit).toBeGreaterThan(normal?.hit ?? Infinity);
    expect(normal?.hit).toBeGreaterThan(hard?.hit ?? Infinity);
    // Nobody is hit while a newcomer's spawn protection lasts.
    expect(hard?.hit).toBeGreaterThanOrEqual(Sim.SPAWN_PROTECTION_MAX);
  });

  it('keeps an easy bot from firing at a protected player, then fires after its reaction time', () => {
    const { state, brains } = standoff('easy', Sim.SPAWN_PROTECTION_MAX);
    const states = play(state, brains, [2], (Sim.SPAWN_PROTECTION_MAX + 2) * HZ);
    const exposed = states.findIndex((s) => player(s, 1).protectedFor === 0) + 1;
    expect(exposed).toBe(Sim.SPAWN_PROTECTION_MAX * HZ);
    const shots = shotsBy(states, 2);
    expect(shots.filter((s) => s.tick <= exposed)).toEqual([]);
    // It sees the player from the tick protection ends and fires once its reaction time has passed.
    expect(shots[0]?.tick).toBe(exposed + Math.round(BOT_SKILLS.easy.reactionSeconds * HZ) + 1);
  });

  for (const d of ['normal', 'hard'] as const) {
    it(`lets a ${d} bot fire at a protected player (the shots do nothing)`, () => {
      const { state, brains } = standoff(d, Sim.SPAWN_PROTECTION_MAX);
      const states = play(state, brains, [2], 2 * HZ);
      expect(shotsBy(states, 2).some((s) => s.hit === 1)).toBe(true);
      expect(player(states.at(-1) as GameState, 1).hp).toBe(Sim.MAX_HEALTH);
    });
  }

  it('keeps an easy bot from hitting a standing protected player even with a shot meant for another', () => {
    // Player 1 (protected) stands between bot 2 and player 3 (unprotected, standing): bot 2 sees only 3.
    const start = standoff('easy', Sim.SPAWN_PROTECTION_MAX, -300);
    const brains = start.brains;
    let state = addPlayer(start.state, 3, OPEN_MAP);
    const c = player(state, 1);
    state = patchPlayer(state, 3, { x: c.x + 300, y: c.y, protectedFor: 0 });
    const states = play(state, brains, [2], Sim.SPAWN_PROTECTION_MAX * HZ - 1);
    const shots = shotsBy(states, 2);
    expect(shots.filter((s) => s.hit === 1)).toEqual([]);
    // Strafing takes it out of line, and then it fires at player 3.
    expect(shots.some((s) => s.hit === 3)).toBe(true);
  });

  for (const d of BOT_DIFFICULTIES) {
    it(`waits its reaction time before the first shot, and aims within its error, on ${d}`, () => {
      const start = standoff(d, 0, 400);
      // A target that cannot die, so it stays where the bot aims for the whole run.
      const state = patchPlayer(start.state, 1, { hp: 1e9 });
      const states = [state, ...play(state, start.brains, [2], 20 * HZ)];
      const shots = shotsBy(states, 2);
      expect(shots[0]?.tick).toBe(Math.round(BOT_SKILLS[d].reactionSeconds * HZ) + 1);
      // Each beam against the bearing the bot aimed along: from where it stood when it decided (the tick
      // before; it strafes during the step) to the target, which stands still.
      const errors = shots.map((s) => {
        const before = states[s.tick - 1] as GameState;
        const me = player(before, 2);
        const target = player(before, 1);
        const bearing = Math.atan2(target.y - me.y, target.x - me.x);
        const beam = Math.atan2(s.y2 - s.y1, s.x2 - s.x1);
        return Math.abs(Math.atan2(Math.sin(beam - bearing), Math.cos(beam - bearing)));
      });
      expect(errors.length).toBeGreaterThan(40);
      // Slack: the aim grid (2 pi / 2048) and whole-unit beam ends.
      expect(Math.max(...errors)).toBeLessThanOrEqual(BOT_SKILLS[d].aimErrorRadians + 0.005);
      expect(Math.max(...errors)).toBeGreaterThan(BOT_SKILLS[d].aimErrorRadians * 0.7);
    });
  }
});
