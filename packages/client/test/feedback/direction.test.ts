import { describe, expect, it } from 'vitest';
import { arcPoints, bearing, Indicator, indicatorAlpha } from '../../src/feedback/direction.js';

const origin = { x: 100, y: 100 };

describe('damage direction', () => {
  it('measures bearings on screen: right is 0, down is +PI/2 (y grows downwards)', () => {
    expect(bearing(origin, { x: 200, y: 100 })).toBe(0);
    expect(bearing(origin, { x: 100, y: 250 })).toBeCloseTo(Math.PI / 2);
    expect(bearing(origin, { x: 100, y: 0 })).toBeCloseTo(-Math.PI / 2);
    expect(bearing(origin, { x: 0, y: 100 })).toBeCloseTo(Math.PI);
    expect(bearing(origin, { x: 200, y: 200 })).toBeCloseTo(Math.PI / 4);
  });

  it('has no direction when the attacker is where we are', () => {
    expect(bearing(origin, { x: 100, y: 100 })).toBeNull();
  });

  it('centres the arc on the bearing, at the given radius', () => {
    const up = -Math.PI / 2;
    const points = arcPoints(origin, up, 50, 10);
    expect(points).toHaveLength(11);
    for (const p of points) expect(Math.hypot(p.x - origin.x, p.y - origin.y)).toBeCloseTo(50);
    // The middle point is straight up; the ends are symmetric about it.
    expect(points[5]?.x).toBeCloseTo(100);
    expect(points[5]?.y).toBeCloseTo(50);
    expect((points[0]?.x ?? 0) - 100).toBeCloseTo(100 - (points[10]?.x ?? 0));
    const spread = Math.atan2((points[10]?.y ?? 0) - 100, (points[10]?.x ?? 0) - 100) - up;
    expect(spread).toBeCloseTo(Indicator.HALF_SPREAD);
  });

  it('holds the arc at full strength, then fades it out by the end', () => {
    expect(indicatorAlpha(0)).toBe(1);
    expect(indicatorAlpha(Indicator.MS * 0.2)).toBe(1);
    expect(indicatorAlpha(Indicator.MS * 0.625)).toBeCloseTo(0.5);
    expect(indicatorAlpha(Indicator.MS)).toBe(0);
    expect(indicatorAlpha(-1)).toBe(0);
  });
});
