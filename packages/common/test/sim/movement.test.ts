import { describe, expect, it } from 'vitest';
import {
  ARENA,
  Sim,
  movePlayer,
  nextRandom,
  step,
  type ArenaMap,
  type PlayerState,
} from '../../src/index.js';
import {
  OPEN_MAP,
  QUANTUM_SLACK,
  TICK_RATES,
  cmd,
  distanceToRect,
  gameWith,
  inputsOf,
  isClear,
  patchPlayer,
  player,
  run,
} from './helpers.js';

const R = Sim.PLAYER_RADIUS;

function at(x: number, y: number): PlayerState {
  return { ...player(gameWith([1]), 1), x, y };
}

/** Drive player 1 from (x, y) with a constant (mx, my) for `ticks` ticks; returns every position. */
function drive(x: number, y: number, mx: number, my: number, ticks: number, hz = 30, map: ArenaMap = ARENA) {
  const state = patchPlayer(gameWith([1], { seed: 1 }, map), 1, { x, y });
  return run(state, ticks, 1 / hz, () => inputsOf({ 1: { mx, my } }), { map }).map((s) => player(s, 1));
}

describe('wall collision', () => {
  const cases = [
    { name: 'the centre block from the left', x: 850, y: 600, mx: 1, my: 0, end: { x: 900 - R, y: 600 } },
    { name: 'the centre block from the right', x: 1150, y: 600, mx: -1, my: 0, end: { x: 1100 + R, y: 600 } },
    { name: 'the centre block from above', x: 1000, y: 450, mx: 0, my: 1, end: { x: 1000, y: 520 - R } },
    {
      name: 'the inner corner of an L-shaped cover',
      x: 320,
      y: 300,
      mx: -1,
      my: -1,
      end: { x: 250 + R, y: 230 + R },
    },
    { name: 'the top-left corner of the map', x: 120, y: 120, mx: -1, my: -1, end: { x: 24 + R, y: 24 + R } },
    {
      name: 'the bottom-right corner of the map',
      x: 1880,
      y: 1080,
      mx: 1,
      my: 1,
      end: { x: 1976 - R, y: 1176 - R },
    },
  ];

  for (const c of cases) {
    it(`stops a player driven into ${c.name} without ever overlapping a wall`, () => {
      const path = drive(c.x, c.y, c.mx, c.my, 300);
      for (const p of path) expect(isClear(ARENA, p.x, p.y), `at (${p.x}, ${p.y})`).toBe(true);
      const last = path.at(-1);
      expect(last?.x).toBeCloseTo(c.end.x, 1);
      expect(last?.y).toBeCloseTo(c.end.y, 1);
    });
  }

  it('keeps a player driven diagonally at a pillar corner outside the pillar', () => {
    const path = drive(500, 240, 1, 1, 300);
    for (const p of path)
      expect(distanceToRect(p.x, p.y, { x: 560, y: 300, w: 80, h: 80 })).toBeGreaterThan(R - 0.01);
  });

  it('slides a player along a wall it pushes against at an angle', () => {
    const path = drive(860, 560, 1, 1, 6);
    const last = path.at(-1);
    expect(last?.x).toBeCloseTo(900 - R, 2);
    // Only the component into the wall is lost: the player keeps its speed along the wall.
    expect(last?.y).toBeCloseTo(560 + (6 * Sim.PLAYER_SPEED) / 30 / Math.SQRT2, 1);
  });

  for (const hz of TICK_RATES) {
    it(`never puts a wandering player inside a wall or outside the map at ${hz} Hz`, () => {
      let state = patchPlayer(gameWith([1], { seed: 3 }), 1, { x: 700, y: 600 });
      let rng: number = hz;
      let mx = 0;
      let my = 0;
      for (let t = 0; t < 3000; t++) {
        // Change direction every ~half second so the player both crosses the hall and leans on walls.
        if (t % Math.ceil(hz / 2) === 0) {
          const [a, next] = nextRandom(rng);
          rng = next;
          mx = Math.cos(a * 2 * Math.PI) * 1.5;
          my = Math.sin(a * 2 * Math.PI) * 1.5;
        }
        state = step(state, inputsOf({ 1: { seq: t, mx, my } }), 1 / hz);
        const p = player(state, 1);
        expect(isClear(ARENA, p.x, p.y), `tick ${t} at (${p.x}, ${p.y})`).toBe(true);
      }
    });
  }
});

describe('tunnelling', () => {
  const thin: ArenaMap = {
    id: 'thin-wall',
    width: 1000,
    height: 400,
    walls: [{ x: 500, y: 0, w: 1, h: 400 }],
    spawns: [{ x: 100, y: 200 }],
  };

  it('cannot pass through a 1-unit wall at 10 Hz', () => {
    const path = drive(460, 200, 1, 0, 50, 10, thin);
    // One tick at 10 Hz covers 26 units, far more than the wall is thick.
    expect((Sim.PLAYER_SPEED * 1) / 10).toBeGreaterThan(20);
    for (const p of path) expect(p.x).toBeLessThanOrEqual(500 - R + QUANTUM_SLACK);
    expect(path.at(-1)?.x).toBeCloseTo(500 - R, 2);
  });

  it('cannot pass through a 1-unit wall diagonally at 10 Hz', () => {
    const path = drive(460, 100, 1, 0.2, 50, 10, thin);
    for (const p of path) expect(p.x).toBeLessThanOrEqual(500 - R + QUANTUM_SLACK);
  });

  it("cannot pass through the arena's thin cover at 10 Hz", () => {
    // The L-shaped cover's bars are 30 units thick.
    const path = drive(300, 150, 0, 1, 50, 10);
    for (const p of path) expect(p.y).toBeLessThanOrEqual(200 - R + QUANTUM_SLACK);
    expect(path.at(-1)?.y).toBeCloseTo(200 - R, 2);
  });
});

describe('speed limit', () => {
  const crafted = [
    { name: 'a full diagonal', mx: 1, my: 1 },
    { name: 'a negative diagonal', mx: -1, my: -1 },
    { name: 'a mixed diagonal', mx: 1, my: -1 },
    { name: 'components just above one', mx: 1.0000001, my: -1.0000001 },
    { name: 'huge components', mx: 1e9, my: -1e9 },
    { name: 'the largest finite components', mx: Number.MAX_VALUE, my: Number.MAX_VALUE },
    { name: 'a NaN component', mx: Number.NaN, my: 1 },
    { name: 'infinite components', mx: Number.POSITIVE_INFINITY, my: Number.NEGATIVE_INFINITY },
    { name: 'an infinite and a huge component', mx: Number.POSITIVE_INFINITY, my: 1e300 },
    { name: 'a tiny component next to a full one', mx: 1, my: 1e-320 },
  ];

  for (const hz of TICK_RATES) {
    const dt = 1 / hz;
    const limit = Sim.PLAYER_SPEED * dt + QUANTUM_SLACK;
    it(`never moves a player further than PLAYER_SPEED * dt in one tick at ${hz} Hz`, () => {
      for (const c of crafted) {
        const from = at(700, 600);
        const to = movePlayer(from, cmd(c), dt, ARENA);
        const moved = Math.hypot(to.x - from.x, to.y - from.y);
        expect(moved, c.name).toBeLessThanOrEqual(limit);
        expect(Number.isFinite(to.x) && Number.isFinite(to.y), c.name).toBe(true);
      }
    });
  }

  it('moves at full speed on a diagonal, not at sqrt(2) times it', () => {
    const from = at(700, 600);
    const to = movePlayer(from, cmd({ mx: 1, my: 1 }), 1 / 30, ARENA);
    expect(Math.hypot(to.x - from.x, to.y - from.y)).toBeCloseTo(Sim.PLAYER_SPEED / 30, 1);
  });

  it('moves at a fraction of full speed for a short movement vector', () => {
    const from = at(700, 600);
    const to = movePlayer(from, cmd({ mx: 0.5, my: 0 }), 1 / 30, ARENA);
    expect(to.x - from.x).toBeCloseTo(Sim.PLAYER_SPEED / 60, 1);
  });

  it('treats a non-finite movement component as zero', () => {
    const from = at(700, 600);
    expect(movePlayer(from, cmd({ mx: Number.NaN, my: 0 }), 1 / 30, ARENA)).toMatchObject({ x: 700, y: 600 });
    const to = movePlayer(from, cmd({ mx: Number.NEGATIVE_INFINITY, my: 1 }), 1 / 30, ARENA);
    expect(to.x).toBe(700);
    expect(to.y).toBeCloseTo(600 + Sim.PLAYER_SPEED / 30, 1);
  });

  it('never exceeds the speed limit over a long run of crafted inputs', () => {
    const dt = 1 / 30;
    let state = gameWith([1], { seed: 1 }, OPEN_MAP);
    const bad = [
      { mx: 1, my: 1 },
      { mx: 1e12, my: 3 },
      { mx: -1.5, my: 0.9 },
      { mx: Number.NaN, my: -1 },
    ];
    for (let t = 0; t < 400; t++) {
      const before = player(state, 1);
      state = step(state, inputsOf({ 1: { seq: t, ...bad[t % bad.length] } }), dt, { map: OPEN_MAP });
      const after = player(state, 1);
      expect(Math.hypot(after.x - before.x, after.y - before.y)).toBeLessThanOrEqual(
        Sim.PLAYER_SPEED * dt + QUANTUM_SLACK,
      );
    }
  });

  it('gains at most a sliver of speed when sliding round a wall corner', () => {
    // Pushing a circle out of a rounded corner projects it outwards, which can lengthen one tick's move
    // by a fraction of a percent; it must never amount to a real speed boost.
    const pillar = { x: 560, y: 300, w: 80, h: 80 };
    for (const hz of TICK_RATES) {
      const dt = 1 / hz;
      for (let a = 180; a <= 270; a += 3) {
        const th = (a * Math.PI) / 180;
        const from = at(
          Math.round((pillar.x + Math.cos(th) * (R + 0.01)) * 100) / 100,
          Math.round((pillar.y + Math.sin(th) * (R + 0.01)) * 100) / 100,
        );
        for (let b = 0; b < 360; b += 5) {
          const ph = (b * Math.PI) / 180;
          const to = movePlayer(from, cmd({ mx: Math.cos(ph), my: Math.sin(ph) }), dt, ARENA);
          const moved = Math.hypot(to.x - from.x, to.y - from.y);
          expect(moved).toBeLessThanOrEqual(Sim.PLAYER_SPEED * dt * 1.02 + QUANTUM_SLACK);
          expect(distanceToRect(to.x, to.y, pillar)).toBeGreaterThan(R - QUANTUM_SLACK);
        }
      }
    }
  });

  it('does not move a dead player', () => {
    const from = { ...at(700, 600), alive: false };
    const to = movePlayer(from, cmd({ seq: 3, mx: 1, my: 1 }), 1 / 30, ARENA);
    expect(to).toMatchObject({ x: 700, y: 600, lastSeq: 3 });
  });
});

describe('movePlayer', () => {
  it('returns a new player and leaves its argument as it was, alive or dead', () => {
    // step() mutates what movePlayer returns (timers, shots): it must never be the state it was given.
    for (const alive of [true, false]) {
      const p: PlayerState = { ...at(500, 500), alive };
      const before = { ...p };
      const moved = movePlayer(p, { seq: 7, mx: 1, my: 0, aim: 1, fire: false }, 1 / 30, OPEN_MAP);
      expect(moved).not.toBe(p);
      expect(p).toEqual(before);
      expect(moved.lastSeq).toBe(7);
    }
  });

  it('leaves the previous state of a step untouched', () => {
    const s0 = patchPlayer(gameWith([1, 2], { seed: 3 }), 1, { x: 400, y: 400 });
    const copy = structuredClone(s0);
    step(s0, inputsOf({ 1: { mx: 1, my: 1, fire: true }, 2: { mx: -1, my: 0 } }), 1 / 30);
    expect(s0).toEqual(copy);
  });
});
