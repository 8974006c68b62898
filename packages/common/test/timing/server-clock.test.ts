import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServerClock, type ClockSample } from '../../src/timing/server-clock.js';
import { seeded } from '../support/streams.js';

/** The estimate may slew at most this fast (ms per ms): `MAX_SLEW` in server-clock.ts. */
const MAX_SLEW = 0.05;

/**
 * A round trip on a virtual network: the request leaves at client time `sentAt`, takes `up` ms, the server
 * reads its clock (client time + `offset`), the reply takes `down` ms.
 */
function trip(sentAt: number, offset: number, up: number, down: number): ClockSample {
  return { sentAt, serverTime: sentAt + up + offset, receivedAt: sentAt + up + down };
}

/** Server 1.7e12 ms ahead of a page's performance clock, as between epoch time and a fresh page. */
const OFFSET = 1_700_000_000_000.25;

describe('ServerClock', () => {
  it('knows nothing before the first round trip, and refuses impossible ones', () => {
    const c = new ServerClock();
    expect(c.ready).toBe(false);
    expect(c.rttMs).toBeNull();
    expect(c.offsetMs).toBeNull();
    expect(c.jitterMs).toBeNull();
    expect(c.uncertaintyMs).toBeNull();
    expect(c.serverTime(0)).toBeNaN();
    expect(c.add({ sentAt: 10, serverTime: 0, receivedAt: 5 })).toBe(false);
    expect(c.add({ sentAt: 0, serverTime: Number.NaN, receivedAt: 5 })).toBe(false);
    expect(c.add({ sentAt: 0, serverTime: 0, receivedAt: Number.POSITIVE_INFINITY })).toBe(false);
    expect(c.sampleCount).toBe(0);
    expect(() => new ServerClock({ window: 0 })).toThrow(RangeError);
  });

  it('reports the median round trip, so one slow reply does not move the ping', () => {
    const c = new ServerClock();
    c.add(trip(0, OFFSET, 20, 20));
    c.add(trip(100, OFFSET, 25, 25));
    c.add(trip(200, OFFSET, 350, 350));
    expect(c.rttMs).toBe(50);
    expect(c.minRttMs).toBe(40);
  });

  it('reports jitter as the mean difference between consecutive round trips', () => {
    const c = new ServerClock();
    for (const [i, rtt] of [40, 60, 40, 60, 40].entries()) c.add(trip(i * 1000, OFFSET, rtt / 2, rtt / 2));
    expect(c.jitterMs).toBe(20);
    const one = new ServerClock();
    one.add(trip(0, OFFSET, 5, 5));
    expect(one.jitterMs).toBe(0);
  });

  it('takes the offset from the fastest round trip of the window (least queueing, least asymmetry)', () => {
    const c = new ServerClock();
    // A fast symmetric trip measures the offset exactly; a slow trip that queued on the way up does not.
    c.add(trip(0, 1000, 10, 10));
    c.add(trip(100, 1000, 250, 50));
    expect(c.offsetMs).toBe(1000);
    expect(c.uncertaintyMs).toBe(10);
  });

  it('forgets round trips beyond its window, so it follows a changed path', () => {
    const c = new ServerClock({ window: 2 });
    c.add(trip(0, 500, 0.5, 0.5));
    c.add(trip(10, 600, 2, 2));
    expect(c.offsetMs).toBe(500);
    c.add(trip(20, 600, 2, 2));
    expect(c.offsetMs).toBe(600);
    expect(c.sampleCount).toBe(2);
  });

  it('converges to the true offset under asymmetric, jittered delay', () => {
    const rand = seeded(5);
    const c = new ServerClock();
    let naive = 0;
    let now = 0;
    for (let i = 0; i < 60; i++) {
      // 30 ms each way, plus queueing: up to 120 ms on the way up, up to 10 ms on the way back.
      const up = 30 + rand() * 120;
      const down = 30 + rand() * 10;
      const s = trip(now, OFFSET, up, down);
      c.add(s);
      naive += s.serverTime - (s.sentAt + s.receivedAt) / 2 - OFFSET;
      now = s.receivedAt + 2000;
    }
    const error = Math.abs(c.serverTime(now) - (now + OFFSET));
    // Averaging every trip would be ~27 ms off ((60 - 5) / 2); the fastest trips are within a few ms.
    expect(Math.abs(naive / 60)).toBeGreaterThan(20);
    expect(error).toBeLessThan(5);
    expect(error).toBeLessThanOrEqual(c.uncertaintyMs ?? 0);
    expect(c.uncertaintyMs).toBeLessThan(40);
  });

  it('ignores a reply that queued for half a second', () => {
    const c = new ServerClock();
    let now = 0;
    for (let i = 0; i < 6; i++) {
      c.add(trip(now, OFFSET, 40, 40));
      now += 2000;
    }
    const before = c.serverTime(now);
    c.add(trip(now, OFFSET, 40, 500));
    expect(c.targetOffsetMs).toBe(OFFSET);
    expect(c.serverTime(now + 600) - before).toBe(600);
    expect(c.rttMs).toBe(80);
  });

  it('slews towards a moved target, never jumping, and steps only past a second', () => {
    const c = new ServerClock({ window: 4 });
    let now = 0;
    const sync = (offset: number) => {
      c.add(trip(now, offset, 20, 20));
      now += 40;
    };
    for (let i = 0; i < 4; i++) sync(OFFSET);
    expect(c.settled).toBe(true);
    // The server's clock is stepped 80 ms ahead; once the window holds only new trips the target follows.
    const reads: number[] = [];
    for (let i = 0; i < 4; i++) {
      sync(OFFSET + 80);
      reads.push(c.serverTime(now));
    }
    expect(c.targetOffsetMs).toBe(OFFSET + 80);
    expect(c.offsetMs! - OFFSET).toBeLessThan(80 * 0.2);
    let last = c.serverTime(now);
    for (let t = now + 16; t < now + 10_000; t += 16) {
      const s = c.serverTime(t);
      expect(s - last).toBeGreaterThanOrEqual(16 * (1 - MAX_SLEW) - 1e-3);
      expect(s - last).toBeLessThanOrEqual(16 * (1 + MAX_SLEW) + 1e-3);
      last = s;
    }
    now += 10_000;
    expect(Math.abs(c.offsetMs! - (OFFSET + 80))).toBeLessThan(0.01);
    expect(c.stepped).toBe(0);
    // Reconnected to a server whose clock is 5 s off: that is stepped at once.
    for (let i = 0; i < 4; i++) sync(OFFSET + 5080);
    expect(c.stepped).toBe(1);
    expect(Math.abs(c.offsetMs! - (OFFSET + 5080))).toBeLessThan(10);
  });

  it('follows a server clock that drifts 100 ppm, within a few ms', () => {
    const rand = seeded(9);
    const c = new ServerClock();
    const offsetAt = (t: number) => OFFSET + 1e-4 * t;
    let worst = 0;
    // Ten minutes, a round trip every 2 s: the server gains 60 ms on the client in that time.
    for (let now = 0; now < 600_000; now += 2000) {
      const up = 20 + rand() * 6;
      c.add({
        sentAt: now,
        serverTime: now + up + offsetAt(now + up),
        receivedAt: now + up + 20 + rand() * 6,
      });
      const t = now + 1000;
      if (now > 20_000) worst = Math.max(worst, Math.abs(c.serverTime(t) - (t + offsetAt(t))));
    }
    // Trip asymmetry (up to 3 ms) plus the drift since the fastest trip of a 16 s window (up to 1.6 ms).
    expect(worst).toBeLessThan(5);
  });

  it('never runs backwards once settled, and the true time is always within ± uncertaintyMs', () => {
    const arbTrip = fc.record({
      gap: fc.double({ min: 0, max: 5000, noNaN: true }),
      up: fc.double({ min: 0, max: 400, noNaN: true }),
      down: fc.double({ min: 0, max: 400, noNaN: true }),
      readAfter: fc.double({ min: 0, max: 3000, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.double({ min: -1e12, max: 1e12, noNaN: true }),
        fc.array(arbTrip, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        (offset, trips, window) => {
          const c = new ServerClock({ window });
          let now = 1000;
          let last = Number.NEGATIVE_INFINITY;
          let lastAt = 0;
          for (const t of trips) {
            const s = trip(now + t.gap, offset, t.up, t.down);
            c.add(s);
            now = s.receivedAt + t.readAfter;
            const read = c.serverTime(now);
            // Exact bound: the server read its clock inside the fastest trip held.
            const slack = 1e-6 * Math.max(1, Math.abs(offset));
            expect(Math.abs(read - (now + offset))).toBeLessThanOrEqual((c.uncertaintyMs ?? 0) + slack);
            if (c.settled && Number.isFinite(last)) {
              expect(read - last).toBeGreaterThanOrEqual((now - lastAt) * (1 - MAX_SLEW) - slack);
            }
            if (c.settled) {
              last = read;
              lastAt = now;
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('starts afresh after reset', () => {
    const c = new ServerClock();
    for (let i = 0; i < 5; i++) c.add(trip(i * 100, 1000, 10, 10));
    c.reset();
    expect(c.ready).toBe(false);
    expect(c.settled).toBe(false);
    c.add(trip(1000, -50, 5, 5));
    expect(c.offsetMs).toBe(-50);
  });
});
