import { ARENA } from '../map/arena.js';
import type { ArenaMap } from '../map/types.js';
import { Sim } from './constants.js';
import { traceShot, type ShotTarget } from './laser.js';
import { movePlayer } from './movement.js';
import { quantizeAim } from './quanta.js';
import { chooseSpawn } from './spawn.js';
import {
  RoundPhase,
  type GameState,
  type PlayerId,
  type PlayerState,
  type RoundState,
  type SimEvent,
  type SimInput,
  type TickInputs,
} from './types.js';

/** What `step` needs besides state and inputs. Both fields have defaults, so `step(s, i, dt)` just works. */
export interface StepContext {
  /** @default ARENA */
  map?: ArenaMap;
  /**
   * Where the shooter saw the other players when it fired: the server's lag compensation returns rewound
   * positions here. By default targets are judged where they stand this tick.
   */
  shotTargets?: (shooter: PlayerId, now: readonly PlayerState[]) => Iterable<ShotTarget>;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Timers count down by repeated subtraction of `dt`, which is rarely exact in binary (0.35 minus 0.05 seven
 * times leaves about 1.4e-17), so a timer this close to zero has run out. Without it a 0.35 s cooldown lasted
 * 8 ticks at 20 Hz instead of 7, and the intermission 181 ticks at 30 Hz instead of 180.
 */
const TIMER_EPSILON = 1e-9;

/** A timer after `dt` more seconds, never below 0. */
function countDown(t: number, dt: number): number {
  const left = t - dt;
  return left > TIMER_EPSILON ? left : 0;
}

/**
 * Protection left once `SPAWN_PROTECTION_MIN` seconds have passed since the spawn: the protection timer
 * starts at `SPAWN_PROTECTION_MAX` and counts down, so how long ago the spawn was needs no field of its own.
 */
const PROTECTION_LEFT_AFTER_GRACE = Sim.SPAWN_PROTECTION_MAX - Sim.SPAWN_PROTECTION_MIN;

/**
 * Whether this input ends spawn protection by moving: movement intent (a key held, even into a wall; aiming
 * is not movement), once the first `SPAWN_PROTECTION_MIN` seconds are over. `protectedFor` is the timer
 * after this tick's count-down, so at 30 Hz a player moving from its spawn loses protection on the 45th tick,
 * exactly 1.5 s, as it did when protection was a flat 1.5 s.
 */
function movesAfterGrace(input: SimInput, protectedFor: number): boolean {
  return (
    (Math.abs(input.mx) > 0 || Math.abs(input.my) > 0) &&
    protectedFor <= PROTECTION_LEFT_AFTER_GRACE + TIMER_EPSILON
  );
}

/**
 * Advance the game by one fixed tick of `dt` seconds. Pure and deterministic: the result depends only on
 * the arguments (randomness comes from `state.rng`), so the server and a client replaying the same inputs
 * agree exactly.
 */
export function step(state: GameState, inputs: TickInputs, dt: number, ctx: StepContext = {}): GameState {
  const map = ctx.map ?? ARENA;
  const events: SimEvent[] = [];
  let rng = state.rng;
  const players: Mutable<PlayerState>[] = state.players.map((p) => ({ ...p }));
  const round: Mutable<RoundState> = { ...state.round };

  if (round.phase === RoundPhase.ENDED) {
    // Intermission: nobody moves or shoots; inputs are still acknowledged so prediction stays in step.
    for (const p of players) {
      const input = inputs.get(p.id);
      if (input) {
        p.aim = quantizeAim(input.aim);
        p.lastSeq = input.seq;
      }
    }
    round.timeLeft = countDown(round.timeLeft, dt);
    if (round.timeLeft <= 0) rng = startRound(round, players, map, rng, events);
    return { tick: state.tick + 1, rng, players, round, events };
  }

  // 1. Movement and timers.
  for (let i = 0; i < players.length; i++) {
    let p = players[i] as Mutable<PlayerState>;
    const input = inputs.get(p.id);
    // movePlayer returns a new object (never its argument): this step's own copy, safe to mutate below.
    if (input) p = players[i] = movePlayer(p, input, dt, map);
    p.cooldown = countDown(p.cooldown, dt);
    p.protectedFor = countDown(p.protectedFor, dt);
    if (input && p.alive && p.protectedFor > 0 && movesAfterGrace(input, p.protectedFor)) p.protectedFor = 0;
    if (!p.alive) {
      p.respawnIn = countDown(p.respawnIn, dt);
      if (p.respawnIn <= 0) {
        const spawn = chooseSpawn(map, players, p.id, rng);
        rng = spawn.rng;
        Object.assign(p, {
          x: spawn.point.x,
          y: spawn.point.y,
          hp: Sim.MAX_HEALTH,
          alive: true,
          respawnIn: 0,
          protectedFor: Sim.SPAWN_PROTECTION_MAX,
          cooldown: 0,
        });
        events.push({ type: 'spawn', id: p.id, x: p.x, y: p.y });
      }
    }
  }

  // 2. Shots, in id order so simultaneous shots resolve the same way everywhere.
  const byId = new Map(players.map((p) => [p.id, p]));
  for (const shooter of players) {
    const input = inputs.get(shooter.id);
    if (!input?.fire || !shooter.alive || shooter.cooldown > 0) continue;
    shooter.cooldown = Sim.LASER_COOLDOWN;
    shooter.protectedFor = 0; // firing gives up spawn protection
    const candidates = ctx.shotTargets ? ctx.shotTargets(shooter.id, players) : players;
    const targets = [...candidates].filter((t) => byId.get(t.id)?.alive === true);
    const shot = traceShot(map, shooter.id, shooter.x, shooter.y, shooter.aim, targets);
    events.push({
      type: 'shot',
      shooter: shooter.id,
      x1: shooter.x,
      y1: shooter.y,
      x2: Math.round(shot.x2),
      y2: Math.round(shot.y2),
      hit: shot.hit,
    });
    const victim = byId.get(shot.hit);
    if (!victim || victim.protectedFor > 0) continue;
    victim.hp = Math.max(0, victim.hp - Sim.LASER_DAMAGE);
    events.push({ type: 'damage', target: victim.id, by: shooter.id, amount: Sim.LASER_DAMAGE });
    if (victim.hp === 0) {
      victim.alive = false;
      victim.respawnIn = Sim.RESPAWN_DELAY;
      victim.deaths += 1;
      shooter.kills += 1;
      events.push({ type: 'kill', killer: shooter.id, victim: victim.id });
    }
  }

  // 3. Round end by kill limit or timer.
  if (round.timed) round.timeLeft = countDown(round.timeLeft, dt);
  const leader = topScorer(players);
  const killLimitReached = round.killLimit > 0 && leader !== undefined && leader.kills >= round.killLimit;
  if (killLimitReached || (round.timed && round.timeLeft <= 0)) {
    round.phase = RoundPhase.ENDED;
    round.winner = leader?.id ?? -1;
    round.timeLeft = Sim.INTERMISSION;
    events.push({ type: 'round-end', winner: round.winner, round: round.number });
  }

  return { tick: state.tick + 1, rng, players, round, events };
}

/** Highest kills, fewer deaths breaking ties, then lowest id. */
export function topScorer(players: readonly PlayerState[]): PlayerState | undefined {
  let best: PlayerState | undefined;
  for (const p of players) {
    if (!best || p.kills > best.kills || (p.kills === best.kills && p.deaths < best.deaths)) best = p;
  }
  return best;
}

function startRound(
  round: Mutable<RoundState>,
  players: Mutable<PlayerState>[],
  map: ArenaMap,
  rng: number,
  events: SimEvent[],
): number {
  round.number += 1;
  round.phase = RoundPhase.PLAYING;
  round.timeLeft = round.roundSeconds;
  for (const p of players) {
    Object.assign(p, { alive: false, kills: 0, deaths: 0 });
  }
  for (const p of players) {
    const spawn = chooseSpawn(map, players, p.id, rng);
    rng = spawn.rng;
    Object.assign(p, {
      x: spawn.point.x,
      y: spawn.point.y,
      hp: Sim.MAX_HEALTH,
      alive: true,
      respawnIn: 0,
      protectedFor: Sim.SPAWN_PROTECTION_MAX,
      cooldown: 0,
    });
    events.push({ type: 'spawn', id: p.id, x: p.x, y: p.y });
  }
  events.push({ type: 'round-start', round: round.number });
  return rng;
}
