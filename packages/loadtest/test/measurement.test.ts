import { decodeInput, encodeInput, quantizeAim, quantizeAxis } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { scriptedIntent } from '../src/bot/behaviour.js';
import { ratesBetween, type WorkerCounters } from '../src/coordinator/client-rates.js';
import { sloViolations } from '../src/coordinator/find-capacity.js';
import { RoomPlanner } from '../src/coordinator/room-planner.js';
import { emptyHealth, testerFigures, worsen } from '../src/coordinator/tester-verdict.js';
import type { CapacityOptions } from '../src/options.js';
import type { BotCounters } from '../src/worker/protocol.js';
import { sampleFigures } from './support/sample-figures.js';

const bot = (
  id: number,
  snapshots: number,
  bytesIn: number,
  joined = true,
  extra: Partial<BotCounters> = {},
): BotCounters => ({
  id,
  joined,
  snapshots,
  missed: 0,
  bytesIn,
  bytesOut: bytesIn / 10,
  nominalRate: 30,
  snapshotBytes: snapshots * 50,
  fullSnapshots: 0,
  decodeErrors: 0,
  desyncs: 0,
  missingBaselines: 0,
  ...extra,
});
const counters = (at: number, bots: BotCounters[]): WorkerCounters => ({
  at,
  bots: new Map(bots.map((b) => [b.id, b])),
});

describe('ratesBetween', () => {
  it('gives the mean per-client rate, the worst client and traffic over each worker’s own elapsed time', () => {
    const early = new Map([
      [0, counters(1000, [bot(1, 0, 0), bot(2, 0, 0)])],
      [1, counters(1500, [bot(3, 10, 1000)])],
    ]);
    const late = new Map([
      [0, counters(3000, [bot(1, 60, 40_000), bot(2, 56, 40_000)])],
      [1, counters(3500, [bot(3, 70, 41_000)])],
    ]);
    const r = ratesBetween(early, late);
    expect(r.clients).toBe(3);
    expect(r.meanRate).toBeCloseTo((30 + 28 + 30) / 3);
    expect(r.worstRate).toBe(28);
    expect(r.meanRatio).toBeCloseTo(88 / 90);
    expect(r.downPerClient).toBeCloseTo(20_000);
    expect(r.downTotal).toBeCloseTo(60_000);
  });

  it('leaves out bots that joined or left during the interval from the rate', () => {
    const early = new Map([[0, counters(0, [bot(1, 0, 0), bot(2, 0, 0, false)])]]);
    const late = new Map([[0, counters(1000, [bot(1, 30, 100), bot(2, 10, 100), bot(3, 5, 100)])]]);
    const r = ratesBetween(early, late);
    expect(r.clients).toBe(1);
    expect(r.meanRate).toBe(30);
    expect(r.downTotal).toBe(300);
  });

  it('reports nothing rather than zero when no client can be measured', () => {
    const r = ratesBetween(new Map(), new Map());
    expect(r.meanRate).toBeNull();
    expect(r.bytesPerSnapshot).toBeNull();
  });

  it('gives the mean payload per snapshot of the measured clients', () => {
    const early = new Map([[0, counters(0, [bot(1, 10, 0, true, { snapshotBytes: 1000 }), bot(2, 0, 0)])]]);
    const late = new Map([
      [
        0,
        counters(1000, [
          bot(1, 40, 0, true, { snapshotBytes: 4000 }),
          bot(2, 30, 0, true, { snapshotBytes: 1500 }),
        ]),
      ],
    ]);
    // (3000 + 1500) bytes over (30 + 30) snapshots.
    expect(ratesBetween(early, late).bytesPerSnapshot).toBeCloseTo(75);
  });

  it('sums the decoders’ counters of every bot over the interval, joined or not', () => {
    const early = new Map([[0, counters(0, [bot(1, 0, 0, true, { fullSnapshots: 1, decodeErrors: 2 })])]]);
    const late = new Map([
      [
        0,
        counters(1000, [
          bot(1, 30, 0, true, { fullSnapshots: 2, decodeErrors: 2, desyncs: 1 }),
          bot(2, 5, 0, false, { fullSnapshots: 1, decodeErrors: 1, missingBaselines: 3 }),
        ]),
      ],
    ]);
    const r = ratesBetween(early, late);
    expect(r).toMatchObject({ fullSnapshots: 2, decodeErrors: 1, desyncs: 1, missingBaselines: 3 });
  });
});

describe('scriptedIntent', () => {
  it('is deterministic and stays inside the input schema bounds', () => {
    for (let seq = 0; seq < 600; seq++) {
      const a = scriptedIntent(42, seq, 30);
      expect(scriptedIntent(42, seq, 30)).toEqual(a);
      expect(Math.abs(a.mx)).toBeLessThanOrEqual(1);
      expect(Math.abs(a.my)).toBeLessThanOrEqual(1);
      expect(a.aim).toBeGreaterThanOrEqual(-Math.PI);
      expect(a.aim).toBeLessThan(Math.PI);
    }
  });

  it('puts axes and aim on the simulation’s grids, so the input packet carries them exactly', () => {
    for (let seq = 0; seq < 600; seq++) {
      const a = scriptedIntent(9, seq, 60);
      expect(quantizeAxis(a.mx)).toBe(a.mx);
      expect(quantizeAxis(a.my)).toBe(a.my);
      expect(quantizeAim(a.aim)).toBe(a.aim);
      const packet = { seq, ...a, ack: seq & 0xffff, resync: false, view: -1 };
      expect(decodeInput(encodeInput(packet))).toEqual({ ok: true, value: packet });
    }
  });

  it('moves, pauses, turns and fires over twenty seconds like a person', () => {
    const inputs = Array.from({ length: 600 }, (_, seq) => scriptedIntent(7, seq, 30));
    expect(new Set(inputs.map((i) => `${i.mx},${i.my}`)).size).toBeGreaterThan(3);
    expect(new Set(inputs.map((i) => i.aim)).size).toBeGreaterThan(100);
    const firing = inputs.filter((i) => i.fire).length;
    expect(firing).toBeGreaterThan(10);
    expect(firing).toBeLessThan(400);
  });
});

describe('RoomPlanner', () => {
  it('fills rooms in order, one creator each, the rest join once the code is known', () => {
    const p = new RoomPlanner(
      { kind: 'create', rooms: undefined, roomSize: 2, tickRate: 30, snapshotEvery: undefined },
      2,
    );
    expect([0, 1, 2, 3, 4].map((i) => p.roomIndexOf(i))).toEqual([0, 0, 1, 1, 2]);
    expect([0, 1, 2].map((r) => p.workerOf(r))).toEqual([0, 1, 0]);
    expect(p.entry(0)).toMatchObject({ kind: 'create', maxPlayers: 2, tickRate: 30 });
    expect(p.entry(0)).toBe('wait');
    p.created(0, 'ABCDEF');
    expect(p.entry(0)).toEqual({ kind: 'join', index: 0, code: 'ABCDEF' });
  });

  it('lets another bot retry a failed creation, then gives the room up', () => {
    const p = new RoomPlanner({ kind: 'create', rooms: 3, roomSize: 16, tickRate: 60, snapshotEvery: 2 }, 1);
    expect([0, 1, 2, 3].map((i) => p.roomIndexOf(i))).toEqual([0, 1, 2, 0]);
    for (let i = 0; i < 3; i++) {
      expect(p.entry(1)).toMatchObject({ kind: 'create' });
      p.createFailed(1, 'E_SERVER_FULL');
    }
    expect(p.entry(1)).toEqual({ failed: 'E_SERVER_FULL' });
  });

  it('joins given codes round-robin', () => {
    const p = new RoomPlanner({ kind: 'join', codes: ['AAAAAA', 'BBBBBB'] }, 1);
    expect(p.entry(p.roomIndexOf(3))).toEqual({ kind: 'join', index: 1, code: 'BBBBBB' });
  });
});

describe('capacity SLO', () => {
  const c: CapacityOptions = {
    start: 50,
    step: 50,
    max: 1000,
    repeats: 3,
    windowSeconds: 3,
    settleSeconds: 2,
    minDeliveredRatio: 0.99,
    maxTickBudgetFraction: 0.5,
  };

  it('holds for healthy figures', () => {
    expect(sloViolations(sampleFigures(), c, 30, 0)).toEqual([]);
  });

  it('breaks on a low delivered rate, a slow tick, lost clients or a saturated tester', () => {
    const f = sampleFigures();
    f.snapshots.deliveredRatio = 0.95;
    f.server!.tickMs.p99 = 20;
    f.tester.saturated = true;
    f.tester.reasons = ['busy'];
    const v = sloViolations(f, c, 30, 2);
    expect(v).toHaveLength(4);
    expect(v[0]).toMatch(/95\.0% of nominal/);
    expect(v[1]).toMatch(/tick p99 20\.00 ms > 16\.67 ms/);
  });
});

describe('tester saturation', () => {
  it('flags a busy or late worker and says why', () => {
    const h = emptyHealth();
    worsen(h, 0.5, 3, 10);
    worsen(h, 0.95, 2, 4);
    const ok = testerFigures(
      2,
      emptyHealth(),
      { processPercent: 10, machinePercent: 20 },
      { maxUtilisation: 0.9, maxLagMs: 20 },
    );
    expect(ok.saturated).toBe(false);
    const t = testerFigures(
      2,
      h,
      { processPercent: 150, machinePercent: 90 },
      { maxUtilisation: 0.9, maxLagMs: 20 },
    );
    expect(t.saturated).toBe(true);
    expect(t.maxEventLoopUtilisation).toBe(0.95);
    expect(t.eventLoopDelayP99Ms).toBe(3);
    expect(t.reasons[0]).toMatch(/busy 95%/);
  });
});
