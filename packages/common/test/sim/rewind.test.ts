import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REWIND_TELEPORT_MARGIN,
  Sim,
  ViewClamp,
  blendRewind,
  clampViewTick,
  rewindTargets,
  step,
  type FrameHistory,
  type GameState,
  type RewindPlayer,
  type SimEvent,
} from '../../src/index.js';
import { OPEN_MAP, gameWith, inputsOf, patchPlayer, player } from './helpers.js';

const HZ = 30;
const DT = 1 / HZ;
/** World units a player at top speed covers in one tick. */
const PER_TICK = Sim.PLAYER_SPEED * DT;

/** A history of frames `first..last` (inclusive) built by `at(tick)`. */
function history(first: number, last: number, at: (tick: number) => RewindPlayer[]): FrameHistory {
  return (tick) => (tick >= first && tick <= last ? at(tick) : undefined);
}

/** Player 2 running along +x at top speed: at `x0 + (tick - 100) * PER_TICK` on tick `tick`. */
const runner = (tick: number): RewindPlayer => ({
  id: 2,
  x: 500 + (tick - 100) * PER_TICK,
  y: 300,
  alive: true,
});
const shooterAt = (): RewindPlayer => ({ id: 1, x: 100, y: 100, alive: true });
const world = (tick: number): RewindPlayer[] => [shooterAt(), runner(tick)];

describe('clampViewTick', () => {
  it('judges a claim within the bound where the shooter looked', () => {
    expect(clampViewTick(95.5, 100, 7.5)).toEqual({ tick: 95.5, rewindTicks: 4.5, clamped: ViewClamp.NONE });
    expect(clampViewTick(100, 100, 7.5)).toEqual({ tick: 100, rewindTicks: 0, clamped: ViewClamp.NONE });
    expect(clampViewTick(92.5, 100, 7.5)).toMatchObject({ tick: 92.5, clamped: ViewClamp.NONE });
  });

  it('judges a claim older than the bound at the bound', () => {
    expect(clampViewTick(88, 100, 7.5)).toEqual({ tick: 92.5, rewindTicks: 7.5, clamped: ViewClamp.PAST });
    expect(clampViewTick(-1e9, 100, 7.5)).toMatchObject({ tick: 92.5, clamped: ViewClamp.PAST });
  });

  it('judges a claim of the future at the present', () => {
    expect(clampViewTick(100.01, 100, 7.5)).toEqual({ tick: 100, rewindTicks: 0, clamped: ViewClamp.FUTURE });
    expect(clampViewTick(1e12, 100, 7.5)).toMatchObject({ tick: 100, clamped: ViewClamp.FUTURE });
  });

  it('never rewinds past the oldest frame held, even within the bound', () => {
    expect(clampViewTick(2, 5, 7.5, 3)).toEqual({ tick: 3, rewindTicks: 2, clamped: ViewClamp.PAST });
    expect(clampViewTick(4, 5, 7.5, 3)).toMatchObject({ tick: 4, clamped: ViewClamp.NONE });
  });

  it('judges everything at the present with a bound of 0 (lag compensation off)', () => {
    expect(clampViewTick(99, 100, 0)).toEqual({ tick: 100, rewindTicks: 0, clamped: ViewClamp.PAST });
    expect(clampViewTick(100, 100, 0)).toMatchObject({ tick: 100, clamped: ViewClamp.NONE });
  });

  it('treats a missing or non-finite claim as the present, not as a clamp', () => {
    for (const claim of [undefined, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(clampViewTick(claim, 100, 7.5)).toEqual({ tick: 100, rewindTicks: 0, clamped: ViewClamp.NONE });
    }
  });

  it('always lands in [now - bound, now], whatever is claimed', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: true }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (claim, now, bound) => {
          const c = clampViewTick(claim, now, bound);
          expect(c.tick).toBeLessThanOrEqual(now);
          expect(c.tick).toBeGreaterThanOrEqual(now - bound);
          expect(c.rewindTicks).toBeCloseTo(now - c.tick, 9);
        },
      ),
    );
  });
});

describe('blendRewind', () => {
  const a: RewindPlayer = { id: 2, x: 100, y: 100, alive: true };

  it('interpolates linearly between two frames', () => {
    const b = { ...a, x: 100 + PER_TICK };
    expect(blendRewind(a, b, 0.25, DT)).toEqual({ ...a, x: 100 + PER_TICK / 4 });
  });

  it('does not slide across a respawn, a revival or a teleport: the earlier frame stands', () => {
    const far = { ...a, x: 100 + PER_TICK + REWIND_TELEPORT_MARGIN + 1 };
    expect(blendRewind(a, far, 0.9, DT)).toBe(a);
    const dead = { ...a, alive: false };
    expect(blendRewind(dead, a, 0.9, DT)).toBe(dead);
    expect(blendRewind(a, dead, 0.5, DT)).toBe(a);
  });
});

describe('rewindTargets', () => {
  const now = { tick: 101, players: world(101) };
  const past = history(50, 100, world);

  it('finds a full-speed runner where it stood 150 ms ago, between the two frames around that time', () => {
    const view = 101 - 0.15 * HZ; // 96.5
    const targets = rewindTargets(past, now, view, DT);
    expect(targets).toEqual([
      { id: 1, x: 100, y: 100 },
      { id: 2, x: runner(96).x + PER_TICK / 2, y: 300 },
    ]);
    // 4.5 ticks at 8.7 units a tick: 39 units from where it stands now, more than a player radius.
    expect(runner(101).x - (targets[1]?.x ?? 0)).toBeGreaterThan(2 * Sim.PLAYER_RADIUS);
  });

  it('uses the frame itself at a whole tick, and the present players at or after now', () => {
    expect(rewindTargets(past, now, 97, DT)[1]).toEqual({ id: 2, x: runner(97).x, y: 300 });
    expect(rewindTargets(past, now, 101, DT)[1]).toEqual({ id: 2, x: runner(101).x, y: 300 });
    // Between the newest frame and now, the present stands in for the later frame.
    expect(rewindTargets(past, now, 100.5, DT)[1]?.x).toBeCloseTo(runner(100.5).x, 9);
  });

  it('leaves out a player who is dead at the view tick, or gone now', () => {
    const deadThen = history(50, 100, (t) => [shooterAt(), { ...runner(t), alive: t < 95 || t > 97 }]);
    expect(rewindTargets(deadThen, now, 96, DT).map((p) => p.id)).toEqual([1]);
    const leftSince = { tick: 101, players: [shooterAt()] };
    expect(rewindTargets(past, leftSince, 96, DT).map((p) => p.id)).toEqual([1]);
  });

  it('leaves out a player who respawned since (a different life, not where the shooter saw it)', () => {
    const respawned = { tick: 101, players: [shooterAt(), { id: 2, x: 1800, y: 1000, alive: true }] };
    expect(rewindTargets(past, respawned, 96, DT).map((p) => p.id)).toEqual([1]);
  });

  it('takes a player who joined between the two frames from the later one, as the client draws it', () => {
    const joined = history(50, 100, (t) => (t < 97 ? [shooterAt()] : world(t)));
    expect(rewindTargets(joined, now, 96.5, DT)).toContainEqual({ id: 2, x: runner(97).x, y: 300 });
    expect(rewindTargets(joined, now, 96, DT).map((p) => p.id)).toEqual([1]);
  });

  it('falls back to the nearest frame held when one of the pair is missing', () => {
    const gap: FrameHistory = (t) => (t === 97 ? undefined : past(t));
    expect(rewindTargets(gap, now, 96.5, DT)[1]).toEqual({ id: 2, x: runner(96).x, y: 300 });
    expect(rewindTargets(() => undefined, now, 96.5, DT)).toEqual(
      now.players.map(({ id, x, y }) => ({ id, x, y })),
    );
  });
});

describe('step judging a shot against rewound targets', () => {
  function shotOf(s: GameState): Extract<SimEvent, { type: 'shot' }> | undefined {
    return s.events.find((e): e is Extract<SimEvent, { type: 'shot' }> => e.type === 'shot');
  }

  it('hits the runner where the shooter saw it and misses where it stands now, walls and shooter present', () => {
    // The runner at x = 600 + 39 now; the shooter aims straight down at x = 600, where it was 4.5 ticks ago.
    let state = gameWith([1, 2], { seed: 3, killLimit: 0, roundSeconds: 0 }, OPEN_MAP);
    state = patchPlayer(state, 1, { x: 600, y: 100, protectedFor: 0 });
    state = { ...patchPlayer(state, 2, { x: 600 + 4.5 * PER_TICK, y: 400, protectedFor: 0 }), tick: 100 };
    const seen = history(90, 100, () => [
      { id: 1, x: 600, y: 100, alive: true },
      { id: 2, x: 600, y: 400, alive: true },
    ]);
    const fire = inputsOf({ 1: { aim: Math.PI / 2, fire: true } });

    const present = step(state, fire, DT, { map: OPEN_MAP });
    expect(shotOf(present)?.hit).toBe(-1);

    const rewound = step(state, fire, DT, {
      map: OPEN_MAP,
      shotTargets: (_shooter, players) =>
        rewindTargets(seen, { tick: state.tick + 1, players }, state.tick + 1 - 4.5, DT),
    });
    expect(shotOf(rewound)).toMatchObject({ hit: 2, x1: 600, y1: 100, y2: 400 - Sim.PLAYER_RADIUS });
    expect(player(rewound, 2).hp).toBe(Sim.MAX_HEALTH - Sim.LASER_DAMAGE);
  });
});
