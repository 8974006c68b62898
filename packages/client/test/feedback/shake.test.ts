import { describe, expect, it } from 'vitest';
import { CameraFeel, Flash, flashFor, Shake, shakeAmplitude } from '../../src/feedback/shake.js';

describe('damage shake and flash', () => {
  it('shakes harder for more damage, up to a cap', () => {
    expect(shakeAmplitude(34, false)).toBeCloseTo(34 * Shake.PX_PER_DAMAGE);
    expect(shakeAmplitude(10_000, false)).toBe(Shake.MAX_PX);
    expect(shakeAmplitude(0, false)).toBe(0);
  });

  it('never shakes with reduced motion, and flashes more gently instead', () => {
    expect(shakeAmplitude(34, true)).toBe(0);
    const gentle = flashFor(true);
    const normal = flashFor(false);
    expect(gentle.peak).toBeLessThan(normal.peak);
    expect(gentle.ms).toBeGreaterThan(normal.ms);
  });

  it('moves the camera for a short while after a hit, then holds still', () => {
    const feel = new CameraFeel();
    feel.hurt(34, false, 1000);
    expect(feel.amplitude(1000)).toBeCloseTo(34 * Shake.PX_PER_DAMAGE);
    const moved = [1010, 1040, 1080].map((t) => feel.offset(t));
    expect(moved.some((o) => Math.hypot(o.x, o.y) > 1)).toBe(true);
    // Deterministic: the same time gives the same offset.
    expect(feel.offset(1040)).toEqual(moved[1]);
    expect(feel.offset(1000 + Shake.MS)).toEqual({ x: 0, y: 0 });
    expect(feel.flashLevel(1000)).toBeCloseTo(Flash.PEAK);
    expect(feel.flashLevel(1000 + Flash.MS)).toBe(0);
  });

  it('does not move the camera at all under reduced motion, but still flashes', () => {
    const feel = new CameraFeel();
    feel.hurt(34, true, 0);
    for (let t = 0; t < Shake.MS; t += 16) expect(feel.offset(t)).toEqual({ x: 0, y: 0 });
    expect(feel.flashLevel(0)).toBeCloseTo(Flash.GENTLE_PEAK);
  });

  it('lets a weak hit not cut short a strong shake', () => {
    const feel = new CameraFeel();
    feel.hurt(40, false, 0);
    const strong = feel.amplitude(20);
    feel.hurt(1, false, 20);
    expect(feel.amplitude(20)).toBeCloseTo(strong);
  });
});
