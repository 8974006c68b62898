import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NetsimLink, type LinkConditions } from '../../src/index.js';

const TICK_MS = 1000 / 30;

/** Send `count` packets `spacingMs` apart and step the clock 1 ms at a time; arrival time of each packet. */
function run(
  conditions: LinkConditions,
  count: number,
  spacingMs: number,
  opts: { droppable?: boolean; seed?: number; bytes?: number } = {},
): { sentAt: number[]; arrivedAt: Map<number, number>; link: NetsimLink<number> } {
  const link = new NetsimLink<number>(conditions, opts.seed ?? 7);
  const sentAt: number[] = [];
  const arrivedAt = new Map<number, number>();
  const end = count * spacingMs + conditions.latencyMs + conditions.jitterMs + 60_000;
  let next = 0;
  for (let now = 0; now <= end; now += 0.25) {
    while (next < count && next * spacingMs <= now) {
      sentAt.push(now);
      link.send(next, opts.bytes ?? 100, now, { droppable: opts.droppable ?? false });
      next += 1;
    }
    for (const p of link.due(now)) arrivedAt.set(p, now);
    if (next >= count && link.inFlight === 0) break;
  }
  return { sentAt, arrivedAt, link };
}

describe('NetsimLink', () => {
  it('delivers every packet exactly its latency later when there is no jitter', () => {
    const link = new NetsimLink<string>({ latencyMs: 75, jitterMs: 0, loss: 0 }, 1);
    link.send('a', 10, 100);
    link.send('b', 10, 110);
    expect(link.due(174.9)).toEqual([]);
    expect(link.nextArrival()).toBe(175);
    expect(link.due(175)).toEqual(['a']);
    expect(link.due(184)).toEqual([]);
    expect(link.due(185)).toEqual(['b']);
    expect(link.inFlight).toBe(0);
    expect(link.nextArrival()).toBeNull();
  });

  it('hands over a packet at once with zero latency', () => {
    const link = new NetsimLink<string>({ latencyMs: 0, jitterMs: 0, loss: 0 }, 1);
    link.send('now', 10, 5);
    expect(link.due(5)).toEqual(['now']);
  });

  it('spreads one-way delays over latency ± jitter when packets are far apart', () => {
    // 100 ms apart: no packet can catch up with the previous one, so each shows its own delay.
    const { sentAt, arrivedAt } = run({ latencyMs: 75, jitterMs: 20, loss: 0 }, 2000, 100);
    const delays = sentAt.map((t, i) => (arrivedAt.get(i) as number) - t);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    // Arrivals are observed on a 0.25 ms grid.
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(55);
    expect(Math.max(...delays)).toBeLessThanOrEqual(95.25);
    expect(Math.min(...delays)).toBeLessThan(57);
    expect(Math.max(...delays)).toBeGreaterThan(93);
    expect(mean).toBeGreaterThan(73);
    expect(mean).toBeLessThan(77);
  });

  it('keeps order under jitter: a packet waits for the one before it (head-of-line)', () => {
    // 2 ms apart with ±30 ms of jitter: without TCP's ordering most would overtake each other.
    const { sentAt, arrivedAt } = run({ latencyMs: 50, jitterMs: 30, loss: 0 }, 500, 2);
    expect(arrivedAt.size).toBe(500);
    const delays = sentAt.map((t, i) => (arrivedAt.get(i) as number) - t);
    for (let i = 1; i < 500; i++) {
      expect(arrivedAt.get(i) as number).toBeGreaterThanOrEqual(arrivedAt.get(i - 1) as number);
    }
    // Waiting behind a slower packet never makes one later than the slowest possible delay...
    expect(Math.max(...delays)).toBeLessThanOrEqual(80.25);
    // ...but it bunches the delays up towards it: the mean is well above the 50 ms of the draws alone.
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(65);
  });

  it('loses droppable packets at the loss rate and never anything else', () => {
    const lossy = run({ latencyMs: 10, jitterMs: 5, loss: 0.05 }, 20_000, TICK_MS, { droppable: true });
    const lostShare = lossy.link.stats.lost / 20_000;
    expect(lostShare).toBeGreaterThan(0.045);
    expect(lostShare).toBeLessThan(0.055);
    expect(lossy.arrivedAt.size + lossy.link.stats.lost).toBe(20_000);
    expect(lossy.link.stats.delivered).toBe(lossy.arrivedAt.size);

    const reliable = run({ latencyMs: 10, jitterMs: 5, loss: 1 }, 1000, TICK_MS, { droppable: false });
    expect(reliable.arrivedAt.size).toBe(1000);
    expect(reliable.link.stats.lost).toBe(0);
  });

  it('is deterministic for a seed, and a different seed draws differently', () => {
    const c: LinkConditions = { latencyMs: 75, jitterMs: 20, loss: 0.1 };
    const a = run(c, 300, TICK_MS, { droppable: true, seed: 42 });
    const b = run(c, 300, TICK_MS, { droppable: true, seed: 42 });
    const other = run(c, 300, TICK_MS, { droppable: true, seed: 43 });
    expect([...b.arrivedAt]).toEqual([...a.arrivedAt]);
    expect([...other.arrivedAt]).not.toEqual([...a.arrivedAt]);
  });

  it('serialises packets at the bandwidth cap and delays reliable ones behind it', () => {
    // 10 KB/s: a 1000-byte packet takes 100 ms on the wire.
    const link = new NetsimLink<number>({ latencyMs: 20, jitterMs: 0, loss: 0, bandwidth: 10_000 }, 1);
    for (let i = 0; i < 3; i++) expect(link.send(i, 1000, 0)).toBe('queued');
    expect(link.due(119)).toEqual([]);
    expect(link.due(120)).toEqual([0]);
    expect(link.due(220)).toEqual([1]);
    expect(link.due(320)).toEqual([2]);
  });

  it('drops a droppable packet that finds the capped link busy, as a volatile emit is skipped', () => {
    const link = new NetsimLink<string>({ latencyMs: 0, jitterMs: 0, loss: 0, bandwidth: 10_000 }, 1);
    expect(link.send('tick 1', 500, 0, { droppable: true })).toBe('queued');
    // Still serialising the first until 50 ms.
    expect(link.send('tick 2', 500, 30, { droppable: true })).toBe('congested');
    expect(link.send('chat', 500, 30)).toBe('queued');
    expect(link.send('tick 3', 500, 101, { droppable: true })).toBe('queued');
    expect(link.stats.congested).toBe(1);
    expect(link.due(1000)).toEqual(['tick 1', 'chat', 'tick 3']);
  });

  it('forgets what is in flight on clear', () => {
    const link = new NetsimLink<number>({ latencyMs: 50, jitterMs: 0, loss: 0 }, 1);
    link.send(1, 1, 0);
    link.clear();
    expect(link.inFlight).toBe(0);
    expect(link.due(1000)).toEqual([]);
    // A packet after the clear is not held behind the forgotten one.
    link.send(2, 1, 1000);
    expect(link.due(1050)).toEqual([2]);
  });

  it('delivers every reliable packet once, in send order, whatever the conditions', () => {
    fc.assert(
      fc.property(
        fc.record({
          latencyMs: fc.integer({ min: 0, max: 300 }),
          jitterMs: fc.integer({ min: 0, max: 200 }),
          loss: fc.double({ min: 0, max: 1, noNaN: true }),
          bandwidth: fc.option(fc.integer({ min: 1000, max: 1_000_000 }), { nil: undefined }),
        }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.boolean()), { maxLength: 60 }),
        fc.integer(),
        (conditions, sends, seed) => {
          const link = new NetsimLink<number>(conditions, seed);
          let now = 0;
          const queued: number[] = [];
          const got: number[] = [];
          sends.forEach(([gap, droppable], i) => {
            now += gap;
            got.push(...link.due(now));
            const verdict = link.send(i, 200, now, { droppable });
            if (!droppable) expect(verdict).toBe('queued');
            if (verdict === 'queued') queued.push(i);
          });
          got.push(...link.due(now + 1e7));
          expect(got).toEqual(queued);
        },
      ),
    );
  });
});
