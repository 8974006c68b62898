import { describe, expect, it } from 'vitest';
import { ClockEstimator } from '../../src/net/clock-estimator.js';

describe('ClockEstimator', () => {
  it('knows nothing before the first sample', () => {
    const c = new ClockEstimator();
    expect(c.rttMs).toBeNull();
    expect(c.offsetMs).toBeNull();
  });

  it('reports the median round trip, so one slow reply does not move it', () => {
    const c = new ClockEstimator();
    c.add(0, 0, 40);
    c.add(100, 0, 150);
    c.add(200, 0, 900);
    expect(c.rttMs).toBe(50);
  });

  it('takes the offset from the fastest sample (least queueing, least asymmetry)', () => {
    const c = new ClockEstimator();
    // Server clock is 1000 ms ahead. A fast symmetric trip measures it exactly; a slow one does not.
    c.add(0, 1000 + 10, 20);
    c.add(100, 1100 + 250, 400);
    expect(c.offsetMs).toBe(1000);
  });

  it('ignores impossible samples and forgets old ones beyond its window', () => {
    const c = new ClockEstimator(2);
    c.add(10, 0, 5);
    c.add(0, 0, Number.NaN);
    expect(c.rttMs).toBeNull();
    c.add(0, 0, 10);
    c.add(0, 0, 20);
    c.add(0, 0, 30);
    expect(c.rttMs).toBe(25);
  });
});
