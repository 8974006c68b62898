import {
  ARENA,
  Sim,
  Quanta,
  addPlayer,
  createGameState,
  step,
  type ArenaMap,
  type GameOptions,
  type GameState,
  type SimInput,
  type PlayerId,
  type PlayerState,
  type Rect,
  type StepContext,
} from '../../src/index.js';

/** A game with the given players added at their chosen spawns. */
export function gameWith(
  ids: readonly PlayerId[],
  options: GameOptions = { seed: 1 },
  map: ArenaMap = ARENA,
): GameState {
  let state = createGameState(options);
  for (const id of ids) state = addPlayer(state, id, map);
  return state;
}

/** Overwrite fields of one player, the way a test places someone somewhere specific. */
export function patchPlayer(state: GameState, id: PlayerId, patch: Partial<PlayerState>): GameState {
  if (!state.players.some((p) => p.id === id)) throw new Error(`no player ${id}`);
  return { ...state, players: state.players.map((p) => (p.id === id ? { ...p, ...patch } : p)) };
}

export function player(state: GameState, id: PlayerId): PlayerState {
  const p = state.players.find((q) => q.id === id);
  if (!p) throw new Error(`no player ${id}`);
  return p;
}

/** An input command with neutral defaults. */
export function cmd(partial: Partial<SimInput> = {}): SimInput {
  return { seq: 0, mx: 0, my: 0, aim: 0, fire: false, ...partial };
}

export function inputsOf(entries: Record<number, Partial<SimInput>>): Map<PlayerId, SimInput> {
  return new Map(Object.entries(entries).map(([id, c]) => [Number(id), cmd(c)]));
}

/** Step `n` ticks with the same inputs each tick (the seq advances), returning every intermediate state. */
export function run(
  state: GameState,
  n: number,
  dt: number,
  inputs: (s: GameState, tick: number) => Map<PlayerId, SimInput> = () => new Map(),
  ctx?: StepContext,
): GameState[] {
  const states: GameState[] = [];
  let s = state;
  for (let i = 0; i < n; i++) {
    s = step(s, inputs(s, i), dt, ctx);
    states.push(s);
  }
  return states;
}

/** Distance from a point to the closest point of a rectangle (0 when inside). */
export function distanceToRect(x: number, y: number, r: Rect): number {
  const cx = Math.max(r.x, Math.min(x, r.x + r.w));
  const cy = Math.max(r.y, Math.min(y, r.y + r.h));
  return Math.hypot(x - cx, y - cy);
}

/** Positions are quantised to 1/POSITION_QUANTUM, which can move a point by up to half a quantum per axis. */
export const QUANTUM_SLACK = 1 / Quanta.POSITION;

/** True when a player circle at (x, y) overlaps no wall and lies inside the map. */
export function isClear(map: ArenaMap, x: number, y: number): boolean {
  const r = Sim.PLAYER_RADIUS - QUANTUM_SLACK;
  const inBounds = x >= r && y >= r && x <= map.width - r && y <= map.height - r;
  return inBounds && map.walls.every((w) => distanceToRect(x, y, w) >= r);
}

/** A map with no walls, big enough that nothing reaches its edge. */
export const OPEN_MAP: ArenaMap = {
  id: 'open',
  width: 100_000,
  height: 100_000,
  walls: [],
  spawns: [{ x: 50_000, y: 50_000 }],
};

/** Smallest whole number of ticks that lasts at least `seconds`. */
export function ticksFor(seconds: number, hz: number): number {
  return Math.ceil(seconds * hz - 1e-9);
}

export const TICK_RATES = [10, 20, 30, 60, 128] as const;
