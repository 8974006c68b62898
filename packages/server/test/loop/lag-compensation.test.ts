import {
  Sim,
  ViewClamp,
  addPlayer,
  createGameState,
  type ArenaMap,
  type GameState,
  type SimEvent,
  type SimInput,
} from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { TickEngine, type ShotJudgement } from '../../src/loop/tick-engine.js';

const RATE = 30;
/** Ticks per ms at 30 Hz. */
const TICKS_PER_MS = RATE / 1000;

/** No walls: the only thing a beam can meet is a player. */
const OPEN: ArenaMap = {
  id: 'open',
  width: 8000,
  height: 8000,
  walls: [],
  spawns: [{ x: 4000, y: 4000 }],
};

const SHOOTER = 1;
const RUNNER = 2;

/**
 * The shooter stands at (4000, 4000); the runner starts at (3800, 4300) and runs along +x at top speed, one
 * input per tick. Neither is spawn-protected.
 */
function duel(maxRewindMs?: number): { engine: TickEngine; judged: ShotJudgement[] } {
  let state: GameState = createGameState({ seed: 1, killLimit: 0, roundSeconds: 0 });
  state = addPlayer(addPlayer(state, SHOOTER, OPEN), RUNNER, OPEN);
  const place = new Map([
    [SHOOTER, { x: 4000, y: 4000 }],
    [RUNNER, { x: 3800, y: 4300 }],
  ]);
  state = {
    ...state,
    players: state.players.map((p) => ({ ...p, ...place.get(p.id), protectedFor: 0 })),
  };
  const judged: ShotJudgement[] = [];
  let t = 1_000_000;
  const engine = new TickEngine({
    state,
    tickRate: RATE,
    map: OPEN,
    clock: () => (t += 1000 / RATE),
    maxRewindMs,
    onShot: (j) => judged.push(j),
  });
  for (let i = 0; i < 40; i++) engine.tick(run(i));
  return { engine, judged };
}

function run(seq: number) {
  return (id: number): SimInput | undefined =>
    id === RUNNER ? { seq, mx: 1, my: 0, aim: 0, fire: false } : undefined;
}

/** Where the runner stood at fractional tick `tick`, interpolated between the two frames around it. */
function runnerAt(engine: TickEngine, tick: number): { x: number; y: number } {
  const at = (t: number) => {
    const p = engine.ring.at(t)?.state.players.find((q) => q.id === RUNNER);
    if (!p) throw new Error(`no frame ${t}`);
    return p;
  };
  const a = at(Math.floor(tick));
  const b = at(Math.ceil(tick));
  const f = tick - Math.floor(tick);
  return { x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f };
}

/** Fire at `aimAt` claiming to see the world at `viewTick`; the shot event of that tick. */
function fire(engine: TickEngine, aimAt: { x: number; y: number }, viewTick: number) {
  const aim = Math.atan2(aimAt.y - 4000, aimAt.x - 4000);
  const frame = engine.tick((id) =>
    id === SHOOTER ? { seq: 1, mx: 0, my: 0, aim, fire: true, viewTick } : run(1000)(id),
  );
  const shot = frame.state.events.find((e): e is Extract<SimEvent, { type: 'shot' }> => e.type === 'shot');
  if (!shot) throw new Error('no shot');
  const runner = frame.state.players.find((p) => p.id === RUNNER);
  return { shot, runner, tick: frame.tick };
}

describe('lag compensation in the tick engine', () => {
  it('hits a target running at full speed where the shooter saw it 150 ms ago', () => {
    const { engine, judged } = duel();
    const now = engine.state.tick + 1;
    const view = now - 150 * TICKS_PER_MS;
    const seen = runnerAt(engine, view);
    const { shot, runner } = fire(engine, seen, view);
    expect(shot.hit).toBe(RUNNER);
    expect(runner?.hp).toBe(Sim.MAX_HEALTH - Sim.LASER_DAMAGE);
    // The runner is 39 units further on now: judged against the present, the same shot would have missed.
    expect(Math.abs((runner?.x ?? 0) - seen.x)).toBeGreaterThan(2 * Sim.PLAYER_RADIUS);
    expect(judged).toEqual([{ shooter: SHOOTER, rewindMs: 150, clamped: ViewClamp.NONE }]);
  });

  it('misses the same shot with lag compensation off (MAX_REWIND_MS=0)', () => {
    const { engine, judged } = duel(0);
    const now = engine.state.tick + 1;
    const view = now - 150 * TICKS_PER_MS;
    expect(fire(engine, runnerAt(engine, view), view).shot.hit).toBe(-1);
    expect(judged).toEqual([]);
  });

  it('judges a view 400 ms old at the 250 ms bound', () => {
    const claimed = duel();
    const now = claimed.engine.state.tick + 1;
    const view = now - 400 * TICKS_PER_MS;
    // Aimed where the runner was 400 ms ago: it is not there at the bound.
    expect(fire(claimed.engine, runnerAt(claimed.engine, view), view).shot.hit).toBe(-1);
    expect(claimed.judged).toEqual([{ shooter: SHOOTER, rewindMs: 250, clamped: ViewClamp.PAST }]);

    // Aimed where it was at the bound, claiming 400 ms: a hit.
    const bound = duel();
    const atBound = runnerAt(bound.engine, now - 250 * TICKS_PER_MS);
    expect(fire(bound.engine, atBound, view).shot.hit).toBe(RUNNER);
  });

  it('judges a shot claiming a future tick at the present', () => {
    const { engine, judged } = duel();
    const now = engine.state.tick + 1;
    // Where the runner will be after this tick's movement (it runs in open space at top speed).
    const last = runnerAt(engine, now - 1);
    const previous = runnerAt(engine, now - 2);
    const present = { x: 2 * last.x - previous.x, y: last.y };
    const { shot, runner } = fire(engine, present, now + 30);
    expect(runner?.x).toBeCloseTo(present.x, 0);
    expect(shot.hit).toBe(RUNNER);
    expect(judged).toEqual([{ shooter: SHOOTER, rewindMs: 0, clamped: ViewClamp.FUTURE }]);
  });

  it('judges a shot without a view tick (a bot) at the present, and leaves it out of the figures', () => {
    const { engine, judged } = duel();
    const now = engine.state.tick + 1;
    const last = runnerAt(engine, now - 1);
    const previous = runnerAt(engine, now - 2);
    const frame = engine.tick((id) =>
      id === SHOOTER
        ? { seq: 1, mx: 0, my: 0, aim: Math.atan2(300, 2 * last.x - previous.x - 4000), fire: true }
        : run(1000)(id),
    );
    expect(frame.state.events).toContainEqual(expect.objectContaining({ type: 'shot', hit: RUNNER }));
    expect(judged).toEqual([]);
  });

  it('refuses a bound the frame ring cannot cover', () => {
    const state = createGameState({ seed: 1 });
    const make = (maxRewindMs: number) =>
      new TickEngine({ state, tickRate: RATE, map: OPEN, clock: () => 0, maxRewindMs });
    expect(() => make(1500)).toThrow(RangeError);
    expect(() => make(-1)).toThrow(RangeError);
    expect(() => make(1000)).not.toThrow();
  });
});
