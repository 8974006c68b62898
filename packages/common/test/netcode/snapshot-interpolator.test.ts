import { describe, expect, it } from 'vitest';
import { MAX_EXTRAPOLATION_MS } from '../../src/netcode/interpolation.js';
import {
  FRAME_MS,
  SERVER_EPOCH,
  SPEED,
  TICK_MS,
  movement,
  player,
  seeded,
  snapshot,
  straight,
  watch,
  type Walk,
} from '../support/streams.js';

/** Top speed over one frame, plus the render clock's 2 % slew and the 1/16 grid's rounding. */
const MAX_FRAME_STEP = ((SPEED * FRAME_MS) / 1000) * 1.02 + 0.1;

function expectSmoothWalk(xs: readonly number[]): void {
  const moved = movement(xs);
  expect(moved.length).toBeGreaterThan(100);
  expect(Math.min(...moved)).toBeGreaterThan(0);
  expect(Math.max(...moved)).toBeLessThanOrEqual(MAX_FRAME_STEP);
}

describe('SnapshotInterpolator', () => {
  it('draws a steady stream two intervals behind, moving on every frame, with no underrun', () => {
    const w = watch({ ms: 4000 });
    expectSmoothWalk(w.xs);
    const s = w.interpolator.stats();
    expect(s.underruns).toBe(0);
    expect(s.delay).toBeCloseTo(2 * TICK_MS, 1);
    expect(s.frames).toBe(w.xs.length - Math.ceil(60 / FRAME_MS));
    // Two intervals of snapshots are ahead of what is drawn, and the view tick is the render time's tick.
    expect(s.bufferDepth).toBeGreaterThanOrEqual(2);
    const last = w.xs.length - 1;
    // (Server epoch ms are large: a double holds them to about 0.0002 ms.)
    expect(w.viewTicks[last]).toBeCloseTo(((w.renderTimes[last] ?? 0) - SERVER_EPOCH) / TICK_MS, 3);
  });

  it('draws a stream with ±20 ms of arrival jitter just as smoothly', () => {
    const rand = seeded(7);
    const w = watch({ ms: 6000, jitter: () => (rand() * 2 - 1) * 20 });
    expectSmoothWalk(w.xs);
    expect(w.interpolator.stats().underruns).toBe(0);
    expect(w.interpolator.stats().delay).toBeGreaterThan(2 * TICK_MS + 15);
  });

  it('puts the stragglers of a reordering path in their place and never draws backwards', () => {
    // Independent ±30 ms per snapshot, 33 ms apart: about one in ten arrives after its successor.
    const rand = seeded(11);
    const w = watch({ ms: 8000, ordered: false, jitter: () => (rand() * 2 - 1) * 30 });
    const s = w.interpolator.stats();
    expect(s.late).toBeGreaterThan(10);
    expect(s.refused).toBe(0);
    expectSmoothWalk(w.xs);
    // The delay grew to cover the late ones: the buffer never ran dry after the first second.
    expect(w.kinds.slice(60).filter((k) => k !== 'interpolated')).toEqual([]);
  });

  it('counts a duplicate or hopelessly late snapshot as refused, without a jitter sample', () => {
    const w = watch({ ms: 2000 });
    const before = w.interpolator.stats();
    expect(w.interpolator.push(snapshot(40, straight(40)), 2000)).toBe('refused');
    expect(w.interpolator.push(snapshot(0, straight(0)), 2000)).toBe('refused');
    const after = w.interpolator.stats();
    expect(after.refused).toBe(before.refused + 2);
    expect(after.targetDelay).toBe(before.targetDelay);
  });

  it('extrapolates through short stalls, counts the underruns, and joins the real path without a jump', () => {
    const stalls = [1000, 2000, 3000].map((from) => ({ from, to: from + 180 }));
    const w = watch({ ms: 4000, stalls });
    expectSmoothWalk(w.xs);
    const s = w.interpolator.stats();
    expect(s.underruns).toBeGreaterThan(3);
    expect(s.extrapolatedFrames).toBe(s.underruns);
  });

  it('extrapolates a starved stream for at most 250 ms, then holds', () => {
    const w = watch({ ms: 3000, stopAt: 60 });
    const x58 = straight(58)[0]?.x ?? 0;
    const x59 = straight(59)[0]?.x ?? 0;
    // Continued along the last step for 250 ms, then frozen.
    for (const x of w.xs.slice(-20)) expect(x).toBeCloseTo(x59 + ((x59 - x58) * 250) / TICK_MS, 2);
    const s = w.interpolator.stats();
    expect(s.underruns).toBeGreaterThan(s.extrapolatedFrames);
    expect(s.extrapolatedFrames).toBeLessThanOrEqual(Math.ceil(MAX_EXTRAPOLATION_MS / FRAME_MS) + 1);
    expect(w.kinds.at(-1)).toBe('held');
    // The view tick stops with the extrapolation: lag compensation is never asked for a later one.
    expect(w.viewTicks.at(-1)).toBeCloseTo(59 + MAX_EXTRAPOLATION_MS / TICK_MS, 3);
    expect(s.underruns + w.kinds.filter((k) => k === 'interpolated' || k === 'early').length).toBe(s.frames);
  });

  it('raises the delay under jitter and brings it back down once the jitter stops', () => {
    const rand = seeded(3);
    const jitter = (tick: number) => (tick >= 60 && tick < 240 ? (rand() * 2 - 1) * 20 : 0);
    const { delays, renderTimes } = watch({ ms: 14000, jitter });
    const at = (ms: number) => delays[Math.round(ms / FRAME_MS)] ?? Number.NaN;
    expect(at(1900)).toBeCloseTo(2 * TICK_MS, 1);
    expect(at(7900)).toBeGreaterThan(2 * TICK_MS + 20);
    expect(at(13900)).toBeCloseTo(2 * TICK_MS, 1);
    // Changed smoothly: the drawn time ran at most 2 % fast or slow on every frame.
    const steps = renderTimes.slice(5).map((t, i) => t - (renderTimes[i + 4] ?? 0));
    expect(Math.min(...steps)).toBeGreaterThan(FRAME_MS * 0.98 - 0.001);
    expect(Math.max(...steps)).toBeLessThan(FRAME_MS * 1.02 + 0.001);
  });

  it('cuts to a respawn instead of sliding across the map, carrying the later fields', () => {
    const walk: Walk = (tick) =>
      tick < 30
        ? straight(tick)
        : tick < 45
          ? [player(2, 100, 500, { alive: false, hp: 0 })]
          : [player(2, 1800, 900)];
    const w = watch({ ms: 3000, walk });
    expect(w.xs.filter((x) => x > 400 && x < 1800)).toEqual([]);
    expect(w.xs.at(-1)).toBe(1800);
  });

  it('forgets everything on reset', () => {
    const { interpolator } = watch({ ms: 1000 });
    interpolator.reset();
    expect(interpolator.sample(2000)).toBeNull();
    expect(interpolator.latest()).toBeUndefined();
    expect(interpolator.stats()).toMatchObject({ frames: 0, underruns: 0, late: 0, refused: 0, delay: 0 });
  });
});
