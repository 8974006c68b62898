import type { ArenaMap } from '../map/types.js';
import { Sim } from './constants.js';
import { chooseSpawn } from './spawn.js';
import { RoundPhase, type GameOptions, type GameState, type PlayerId, type PlayerState } from './types.js';

/** A fresh game with no players. */
export function createGameState(options: GameOptions): GameState {
  const roundSeconds = options.roundSeconds ?? Sim.DEFAULT_ROUND_SECONDS;
  return {
    tick: 0,
    rng: options.seed | 0,
    players: [],
    round: {
      number: 1,
      phase: RoundPhase.PLAYING,
      timeLeft: roundSeconds,
      timed: roundSeconds > 0,
      roundSeconds,
      killLimit: options.killLimit ?? Sim.DEFAULT_KILL_LIMIT,
      winner: -1,
    },
    events: [],
  };
}

/** Place a new player at a safe spawn, with spawn protection. */
export function addPlayer(state: GameState, id: PlayerId, map: ArenaMap): GameState {
  if (state.players.some((p) => p.id === id)) throw new Error(`player ${id} already exists`);
  const { point, rng } = chooseSpawn(map, state.players, id, state.rng);
  const player: PlayerState = {
    id,
    x: point.x,
    y: point.y,
    aim: 0,
    hp: Sim.MAX_HEALTH,
    alive: true,
    respawnIn: 0,
    protectedFor: Sim.SPAWN_PROTECTION_MAX,
    cooldown: 0,
    kills: 0,
    deaths: 0,
    lastSeq: -1,
  };
  const players = [...state.players, player].sort((a, b) => a.id - b.id);
  return { ...state, rng, players };
}

export function removePlayer(state: GameState, id: PlayerId): GameState {
  return { ...state, players: state.players.filter((p) => p.id !== id) };
}

export function findPlayer(state: GameState, id: PlayerId): PlayerState | undefined {
  return state.players.find((p) => p.id === id);
}
