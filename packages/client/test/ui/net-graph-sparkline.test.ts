import { describe, expect, it } from 'vitest';
import { Series, sparklinePoints, sparklineTop } from '../../src/ui/net-graph-sparkline.js';

describe('net graph sparklines', () => {
  it('keeps only the newest values, oldest first', () => {
    const s = new Series(3);
    for (const v of [1, 2, 3, 4, 5]) s.push(v);
    expect(s.toArray()).toEqual([3, 4, 5]);
  });

  it('stores a non-finite figure as 0 rather than breaking the line', () => {
    const s = new Series(4);
    s.push(Number.NaN);
    s.push(Infinity);
    expect(s.toArray()).toEqual([0, 0]);
  });

  it('scales to the largest value, but never below the floor', () => {
    expect(sparklineTop([1, 7, 3], 5)).toBe(7);
    expect(sparklineTop([0.2, 0.3], 10)).toBe(10);
  });

  it('puts the newest value at the right edge and the scale top at the top', () => {
    const pts = sparklinePoints([0, 5, 10], 5, 80, 17, 10);
    expect(pts.map((p) => p.x)).toEqual([40, 60, 80]);
    expect(pts.map((p) => p.y)).toEqual([16.5, 8.5, 0.5]);
  });

  it('clamps values outside the scale to the canvas', () => {
    const pts = sparklinePoints([-3, 30], 2, 10, 11, 10);
    expect(pts.map((p) => p.y)).toEqual([10.5, 0.5]);
  });
});
