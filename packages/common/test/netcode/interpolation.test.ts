import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_EXTRAPOLATION_MS,
  blendPlayer,
  isDiscontinuous,
  lerpAngle,
  sampleAt,
} from '../../src/netcode/interpolation.js';
import type { BufferedSnapshot } from '../../src/netcode/snapshot-buffer.js';
import { SERVER_EPOCH, TICK_MS, player, snapshot, type TestSnapshot } from '../support/streams.js';

const held = (s: TestSnapshot): BufferedSnapshot<TestSnapshot> => ({ snapshot: s, receivedAt: 0 });
const at = (tick: number) => SERVER_EPOCH + tick * TICK_MS;

describe('lerpAngle', () => {
  it('turns the short way round across ±PI', () => {
    expect(lerpAngle(3, -3, 0.5)).toBeCloseTo(-Math.PI, 9);
    expect(lerpAngle(-3, 3, 0.25)).toBeCloseTo(-3 - (2 * Math.PI - 6) / 4, 9);
  });

  it('stays in [-PI, PI) and meets both ends', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        (a, b, t) => {
          const r = lerpAngle(a, b, t);
          expect(r).toBeGreaterThanOrEqual(-Math.PI);
          expect(r).toBeLessThan(Math.PI);
          const same = (x: number, y: number) => Math.abs(Math.sin((x - y) / 2)) < 1e-9;
          expect(same(lerpAngle(a, b, 0), a)).toBe(true);
          expect(same(lerpAngle(a, b, 1), b)).toBe(true);
        },
      ),
    );
  });
});

describe('blendPlayer', () => {
  it('moves along the segment and keeps the other fields of the nearer end', () => {
    const a = player(1, 100, 100, { hp: 80 });
    const b = player(1, 110, 100, { hp: 60 });
    expect(blendPlayer(a, b, 0.5, TICK_MS)).toEqual({ ...a, x: 105 });
    expect(blendPlayer(a, b, 1.5, TICK_MS)).toEqual({ ...b, x: 115 });
  });

  it('cuts instead of sliding when the pair cannot be walked or the player died', () => {
    const a = player(1, 100, 100);
    const far = player(1, 900, 100);
    expect(isDiscontinuous(a, far, TICK_MS)).toBe(true);
    expect(blendPlayer(a, far, 0.9, TICK_MS)).toBe(a);
    expect(blendPlayer(a, far, 1, TICK_MS)).toBe(far);
    const dead = player(1, 100, 100, { alive: false });
    expect(isDiscontinuous(dead, a, TICK_MS)).toBe(true);
    expect(blendPlayer(dead, player(1, 104, 100, { alive: false }), 0.5, TICK_MS).x).toBe(100);
  });
});

describe('sampleAt', () => {
  const entries = [10, 11, 12].map((t) => held(snapshot(t, [player(1, t * 10)])));

  it('has nothing to show without snapshots', () => {
    expect(sampleAt([], 0)).toBeNull();
  });

  it('shows the oldest before the first snapshot, and interpolates inside the buffer', () => {
    expect(sampleAt(entries, at(9))).toMatchObject({ kind: 'early', viewTick: 10 });
    const s = sampleAt(entries, at(10.25));
    expect(s?.kind).toBe('interpolated');
    expect(s?.players[0]?.x).toBeCloseTo(102.5, 3);
    expect(s?.viewTick).toBeCloseTo(10.25, 3);
  });

  it('extrapolates past the newest for at most MAX_EXTRAPOLATION_MS, then holds', () => {
    const ahead = sampleAt(entries, at(12) + 100);
    expect(ahead?.kind).toBe('extrapolated');
    expect(ahead?.players[0]?.x).toBeCloseTo(120 + (10 * 100) / TICK_MS, 3);
    const long = sampleAt(entries, at(12) + 1000);
    expect(long?.kind).toBe('held');
    expect(long?.players[0]?.x).toBeCloseTo(120 + (10 * MAX_EXTRAPOLATION_MS) / TICK_MS, 3);
    expect(long?.viewTick).toBeCloseTo(12 + MAX_EXTRAPOLATION_MS / TICK_MS, 3);
    // With one snapshot there is no motion to continue.
    expect(sampleAt(entries.slice(0, 1), at(11))).toMatchObject({ kind: 'held', viewTick: 10 });
  });

  it('takes the player set from the later snapshot of the pair', () => {
    const pair = [held(snapshot(1, [player(1, 0), player(2, 0)])), held(snapshot(2, [player(1, 4)]))];
    expect(sampleAt(pair, at(1.5))?.players.map((p) => p.id)).toEqual([1]);
  });
});
