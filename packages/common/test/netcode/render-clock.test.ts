import { describe, expect, it } from 'vitest';
import { RenderClock } from '../../src/netcode/render-clock.js';
import { percentile } from '../../src/timing/percentile.js';
import { SERVER_EPOCH, TICK_MS, TICK_RATE, seeded } from '../support/streams.js';

/** Feed snapshots from tick `from` to `to` arriving 50 ms (+ jitter) after their server time. */
function feed(clock: RenderClock, from: number, to: number, jitter: number, rand = seeded(1)): number {
  let lastArrival = 0;
  for (let tick = from; tick < to; tick++) {
    const nominal = tick * TICK_MS + 50;
    lastArrival = Math.max(lastArrival, nominal + (rand() * 2 - 1) * jitter);
    clock.observe(SERVER_EPOCH + tick * TICK_MS, lastArrival);
    clock.renderTime(lastArrival);
  }
  return lastArrival;
}

describe('RenderClock', () => {
  it('knows nothing before the first snapshot', () => {
    const clock = new RenderClock(TICK_RATE);
    expect(clock.ready).toBe(false);
    expect(clock.renderTime(100)).toBeNaN();
    expect(clock.delay).toBe(0);
    expect(clock.interval()).toBeCloseTo(TICK_MS, 9);
  });

  it('renders two snapshot intervals behind a steady stream', () => {
    const clock = new RenderClock(TICK_RATE);
    const at = feed(clock, 0, 90, 0);
    expect(clock.delay).toBeCloseTo(2 * TICK_MS, 2);
    expect(clock.renderTime(at)).toBeCloseTo(SERVER_EPOCH + 89 * TICK_MS - 2 * TICK_MS, 2);
  });

  it('raises the delay under jitter and lowers it again once the jitter stops', () => {
    const clock = new RenderClock(TICK_RATE);
    feed(clock, 0, 60, 0);
    const calm = clock.delay;
    feed(clock, 60, 240, 20);
    const jittery = clock.delay;
    feed(clock, 240, 420, 0);
    expect(jittery).toBeGreaterThan(calm + 20);
    expect(clock.delay).toBeCloseTo(calm, 3);
  });

  it('measures the interval of a stream that skips ticks, unfooled by a straggler', () => {
    const clock = new RenderClock(TICK_RATE);
    // Every second tick is sent (snapshotEvery 2); tick 10 arrives after tick 12.
    for (let tick = 0; tick < 40; tick += 2) {
      if (tick === 10) continue;
      clock.observe(SERVER_EPOCH + tick * TICK_MS, tick * TICK_MS + 50);
      if (tick === 12) clock.observe(SERVER_EPOCH + 10 * TICK_MS, tick * TICK_MS + 51);
    }
    expect(clock.interval()).toBeCloseTo(2 * TICK_MS, 3);
    // The straggler came 2 intervals + 1 ms late: one sample in twenty, under the 90th percentile.
    expect(clock.jitter()).toBe(0);
  });

  it('never lets the render time run backwards or faster than 1.02x while it converges', () => {
    const clock = new RenderClock(TICK_RATE);
    clock.observe(SERVER_EPOCH, 50);
    let prev = clock.renderTime(50);
    for (let now = 51; now < 3000; now++) {
      // A much later path from now on: the target moves back by 200 ms.
      if (now % 33 === 0) clock.observe(SERVER_EPOCH + now - 33, now + 200);
      const t = clock.renderTime(now);
      expect(t - prev).toBeGreaterThan(0.97);
      expect(t - prev).toBeLessThan(1.03);
      prev = t;
    }
  });

  it('jumps rather than slews when the target is more than a second away (a stalled tab)', () => {
    const clock = new RenderClock(TICK_RATE);
    const before = clock.renderTime(feed(clock, 0, 30, 0));
    // The receiver's clock stood still for 3 s (a suspended laptop) while the server's ran on.
    let now = 0;
    for (let tick = 120; tick < 200; tick++) {
      now = tick * TICK_MS + 50 - 3000;
      clock.observe(SERVER_EPOCH + tick * TICK_MS, now);
    }
    const after = clock.renderTime(now);
    expect(after).toBeCloseTo(SERVER_EPOCH + 197 * TICK_MS, 2);
    expect(after - before).toBeGreaterThan(3000);
  });

  it('takes the 90th percentile by nearest rank', () => {
    expect(percentile([5, 1, 4, 2, 3, 6, 7, 8, 9, 10], 0.9)).toBe(9);
    expect(percentile([], 0.9)).toBe(0);
  });
});
