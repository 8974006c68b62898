import type { ArenaMap } from '../map/types.js';
import { Sim } from './constants.js';
import { rayWalls } from './geometry.js';
import { traceShot } from './laser.js';
import { movePlayer } from './movement.js';
import { hash01 } from './rng.js';
import { quantizeAim, quantizeAxis } from './quanta.js';
import type { GameState, PlayerId, PlayerState, SimInput } from './types.js';

/** Seconds between a bot's changes of mind (waypoint, strafe direction). */
const THINK_SECONDS = 1.5;

/** How well a room's bots play. A new room's bots are `easy` (`DEFAULT_BOT_DIFFICULTY`). */
export const BotDifficulty = { EASY: 'easy', NORMAL: 'normal', HARD: 'hard' } as const;
export type BotDifficulty = (typeof BotDifficulty)[keyof typeof BotDifficulty];
/** Every difficulty, easiest first (the order a form offers them in). */
export const BOT_DIFFICULTIES = [BotDifficulty.EASY, BotDifficulty.NORMAL, BotDifficulty.HARD] as const;
/** New rooms (the create form's default, quick play) get easy bots: a newcomer's first minute is fair. */
export const DEFAULT_BOT_DIFFICULTY: BotDifficulty = BotDifficulty.EASY;

/** What a difficulty changes. Everything else (movement, sight, fire rate) is the same for every bot. */
export interface BotSkill {
  /** Seconds an enemy must stay in sight before the bot first fires at it (a new target restarts it). */
  readonly reactionSeconds: number;
  /** Largest aim error either side of the target, radians; uniform, drawn afresh every tick. */
  readonly aimErrorRadians: number;
  /**
   * Whether a player under spawn protection is a target at all. Easy bots look past a just-spawned player
   * (no aiming, and no firing while their beam would reach one), so a newcomer gets to look around; the
   * others track it, so they fire the moment its protection ends.
   */
  readonly targetsProtected: boolean;
}

/**
 * The difficulties, measured (`packages/common/test/sim/bot-difficulty.test.ts` prints them): the seconds
 * until a human who stands still at a spawn among three bots is first hit grow from hard to easy. An aim
 * error of e radians hits a player's 16-unit radius at distance d about (16 / d) / e of the time: at
 * 500 units 0.032 rad, so easy (±0.16) hits about one shot in five, hard (±0.04) most.
 */
export const BOT_SKILLS: Readonly<Record<BotDifficulty, BotSkill>> = {
  easy: { reactionSeconds: 0.9, aimErrorRadians: 0.16, targetsProtected: false },
  normal: { reactionSeconds: 0.45, aimErrorRadians: 0.08, targetsProtected: true },
  hard: { reactionSeconds: 0.2, aimErrorRadians: 0.04, targetsProtected: true },
};

/**
 * What a bot remembers between ticks: the enemy it is tracking and since when, for its reaction delay.
 * Plain data held by the caller (the room), so `botThink` stays a pure function of its arguments.
 */
export interface BotMind {
  /** The enemy being tracked, or -1. */
  readonly target: PlayerId;
  /** The tick at which that enemy came into sight (this sighting). */
  readonly seenAt: number;
}

/** A bot that has seen nobody yet. */
export const FRESH_MIND: BotMind = { target: -1, seenAt: 0 };

export interface BotOptions {
  readonly map: ArenaMap;
  readonly tickRate: number;
  /** @default DEFAULT_BOT_DIFFICULTY */
  readonly difficulty?: BotDifficulty;
}

/**
 * A bot's input for the next tick and what it remembers afterwards: wander between spawn points; when an
 * enemy is in sight, keep tracking it (or take the nearest), strafe, aim at it with the difficulty's error,
 * and fire once it has been in sight for the reaction time. Pure and deterministic: every choice comes from
 * a hash of the tick, the bot's id and the game's seeded RNG state (read, never advanced), so the same game
 * plays out the same way, and a different seed differently. The input's `seq` is the tick.
 */
export function botThink(
  state: GameState,
  id: PlayerId,
  mind: BotMind,
  opts: BotOptions,
): { input: SimInput; mind: BotMind } {
  const seq = state.tick;
  const me = state.players.find((p) => p.id === id);
  if (!me?.alive) return { input: { seq, mx: 0, my: 0, aim: me?.aim ?? 0, fire: false }, mind: FRESH_MIND };
  const skill = BOT_SKILLS[opts.difficulty ?? DEFAULT_BOT_DIFFICULTY];
  const { map, tickRate } = opts;
  // The game RNG moves on at every spawn, so a differently seeded game makes different choices.
  const salt = state.tick ^ state.rng;
  const epoch = Math.floor(state.tick / Math.max(1, Math.round(THINK_SECONDS * tickRate)));
  const target = chooseTarget(state.players, me, mind.target, skill, map);
  const next: BotMind = !target
    ? FRESH_MIND
    : target.id === mind.target
      ? mind
      : { target: target.id, seenAt: state.tick };

  const wp = map.spawns[Math.floor(hash01(epoch, id) * map.spawns.length)] ?? { x: me.x, y: me.y };
  let mx = wp.x - me.x;
  let my = wp.y - me.y;
  let aim = Math.atan2(my, mx);
  let fire = false;
  if (target) {
    const toTarget = Math.atan2(target.y - me.y, target.x - me.x);
    aim = toTarget + (hash01(salt, id * 31 + 7) * 2 - 1) * skill.aimErrorRadians;
    fire = state.tick - next.seenAt >= Math.round(skill.reactionSeconds * tickRate);
    const side = hash01(epoch, id + 977) < 0.5 ? 1 : -1;
    mx = Math.cos(toTarget + (side * Math.PI) / 2);
    my = Math.sin(toTarget + (side * Math.PI) / 2);
  }
  const len = Math.hypot(mx, my);
  const input: SimInput =
    len < 1e-6
      ? { seq, mx: 0, my: 0, aim: quantizeAim(aim), fire }
      : { seq, mx: quantizeAxis(mx / len), my: quantizeAxis(my / len), aim: quantizeAim(aim), fire };
  if (fire && !skill.targetsProtected && beamReachesProtected(state.players, me, input, opts)) {
    return { input: { ...input, fire: false }, mind: next };
  }
  return { input, mind: next };
}

/**
 * Whether this input's shot could hit a spawn-protected player: traced as `step` will trace it (from where the
 * move takes the bot, along the input's aim, judged against the present, as bots claim no view tick) but
 * against the protected players alone, since anyone standing in front of them may move away this tick. So an
 * easy bot never hits a protected player who stands still, not even with a shot meant for someone else.
 */
function beamReachesProtected(
  players: readonly PlayerState[],
  me: PlayerState,
  input: SimInput,
  opts: BotOptions,
): boolean {
  const guarded = players.filter((p) => p.id !== me.id && p.alive && p.protectedFor > 0);
  if (guarded.length === 0) return false;
  const from = movePlayer(me, input, 1 / opts.tickRate, opts.map);
  return traceShot(opts.map, me.id, from.x, from.y, from.aim, guarded).hit !== -1;
}

/**
 * The bots of one room and their minds: `input` thinks for one bot and remembers the result. The room calls
 * it once per bot per tick, inside the tick, so its history is replayable like everything else.
 */
export class BotBrains {
  private readonly minds = new Map<PlayerId, BotMind>();

  constructor(private readonly opts: BotOptions) {}

  input(state: GameState, id: PlayerId): SimInput {
    const { input, mind } = botThink(state, id, this.minds.get(id) ?? FRESH_MIND, this.opts);
    this.minds.set(id, mind);
    return input;
  }

  /** A bot left its seat. */
  forget(id: PlayerId): void {
    this.minds.delete(id);
  }
}

/**
 * The enemy to shoot at: the one already tracked while it stays eligible (a bot does not flick between two
 * enemies and restart its reaction each time), else the nearest eligible one. Eligible: alive, within 90% of
 * the laser's range, no wall in between, and not spawn-protected unless the skill targets protected players.
 */
function chooseTarget(
  players: readonly PlayerState[],
  me: PlayerState,
  tracked: PlayerId,
  skill: BotSkill,
  map: ArenaMap,
): PlayerState | undefined {
  const range = Sim.LASER_RANGE * 0.9;
  const inSight = (p: PlayerState, d: number) => {
    const wall = rayWalls(me.x, me.y, (p.x - me.x) / d, (p.y - me.y) / d, map.walls, d);
    return wall >= d - Sim.PLAYER_RADIUS;
  };
  let best: PlayerState | undefined;
  let bestD = range;
  for (const p of players) {
    if (p.id === me.id || !p.alive || (!skill.targetsProtected && p.protectedFor > 0)) continue;
    const d = Math.hypot(p.x - me.x, p.y - me.y);
    if (d >= range || d === 0 || !inSight(p, d)) continue;
    if (p.id === tracked) return p;
    if (d < bestD) {
      best = p;
      bestD = d;
    }
  }
  return best;
}

/** Wrap an angle into [-PI, PI], well inside the input schema's bound. */
export function normaliseAngle(a: number): number {
  return Math.atan2(Math.sin(a), Math.cos(a));
}
