import { describe, expect, it } from 'vitest';
import type { ClientRates } from '../src/coordinator/client-rates.js';
import type { Figures } from '../src/report/figures.js';
import {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  recordMs,
  summarize,
  type Histogram,
} from '../src/stats/hdr.js';
import { lostReason, mergeTesters, mergeWindows, type WindowShare } from '../src/stats/merge-figures.js';
import { sampleFigures } from './support/sample-figures.js';
import { seededRandom } from '@tick-arena/common';

/** Nearest-rank percentile of raw samples: what "the percentile of all samples" means. */
function exactPercentile(sorted: number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

function histogramOf(samples: number[]): Histogram {
  const h = createHistogram();
  for (const s of samples) recordMs(h, s);
  return h;
}

function rates(over: Partial<ClientRates>): ClientRates {
  return {
    clients: 10,
    meanRate: 30,
    meanRatio: 1,
    worstRate: 29,
    nominalRate: 30,
    missedPerClient: 0,
    downPerClient: 2000,
    upPerClient: 500,
    downTotal: 20_000,
    upTotal: 5_000,
    bytesPerSnapshot: 60,
    fullSnapshots: 0,
    decodeErrors: 0,
    desyncs: 0,
    missingBaselines: 0,
    ...over,
  };
}

function share(
  name: string,
  samples: { gap: number[]; connect: number[] },
  r: ClientRates,
  f?: Partial<Figures>,
): WindowShare {
  const figures = { ...sampleFigures(), ...f };
  return {
    who: { name, role: name === 'coordinator' ? 'coordinator' : 'agent', host: 'h', pid: 1 },
    figures,
    rates: r,
    histograms: {
      gap: encodeHistogram(histogramOf(samples.gap)),
      age: encodeHistogram(histogramOf(samples.gap.map((g) => g / 10))),
      ack: encodeHistogram(createHistogram()),
      connect: encodeHistogram(histogramOf(samples.connect)),
    },
  };
}

describe('merging the windows of several testers', () => {
  // Three testers whose samples differ in shape: one fast and tight, one slow with a long tail, one small.
  const random = seededRandom(7);
  const a = Array.from({ length: 5000 }, () => 30 + random() * 6);
  const b = Array.from({ length: 3000 }, () => 33 + random() ** 4 * 400);
  const c = Array.from({ length: 17 }, () => 200 + random() * 50);

  it('gives the percentiles of the concatenated samples, exactly as one histogram of them all', () => {
    const merged = mergeWindows(
      [
        share('coordinator', { gap: a, connect: [10, 20] }, rates({})),
        share('a1', { gap: b, connect: [30] }, rates({})),
        share('a2', { gap: c, connect: [40, 50, 60] }, rates({})),
      ],
      [],
      null,
      10,
    );
    const all = [...a, ...b, ...c];
    // One tester that had recorded every sample (its worker sends the histogram encoded, as agents do;
    // the encoding keeps each value's bucket, so a max reads as its bucket's top, within 0.1%).
    expect(merged.gapMs).toEqual(summarize(decodeHistogram(encodeHistogram(histogramOf(all)))));
    expect(merged.gapMs.count).toBe(all.length);
    // And those are the percentiles of the raw samples, to HDR's 3 significant digits.
    const sorted = [...all].sort((x, y) => x - y);
    for (const [p, got] of [
      [50, merged.gapMs.p50],
      [90, merged.gapMs.p90],
      [99, merged.gapMs.p99],
      [100, merged.gapMs.max],
    ] as const) {
      const want = exactPercentile(sorted, p);
      expect(Math.abs((got as number) - want) / want).toBeLessThan(0.001);
    }
    // Not what averaging the testers' own p99s would say.
    const meanOfP99s = [a, b, c].map((s) =>
      exactPercentile(
        [...s].sort((x, y) => x - y),
        99,
      ),
    );
    expect(merged.gapMs.p99).not.toBeCloseTo(meanOfP99s.reduce((x, y) => x + y) / 3, 0);
    expect(merged.clients.connectMs.count).toBe(6);
    expect(merged.clients.connectMs.max).toBeCloseTo(60, 1);
  });

  it('adds counts, weights per-client means by clients, and keeps the worst client', () => {
    const one = sampleFigures();
    one.clients = {
      ...one.clients,
      target: 10,
      connected: 10,
      connectOk: 10,
      connectFailed: 1,
      connectFailures: { ROOM_FULL: 1 },
      disconnects: 2,
      disconnectReasons: { 'transport close': 2 },
    };
    one.snapshots = { ...one.snapshots, decodeErrors: 1, fullSnapshots: 3 };
    const merged = mergeWindows(
      [
        share(
          'coordinator',
          { gap: [33], connect: [] },
          rates({ clients: 10, meanRate: 30, worstRate: 28 }),
          one,
        ),
        share(
          'a1',
          { gap: [33], connect: [] },
          rates({ clients: 30, meanRate: 20, worstRate: 19, bytesPerSnapshot: 100 }),
          one,
        ),
      ],
      [],
      null,
      10,
    );
    expect(merged.clients).toMatchObject({
      target: 20,
      connected: 20,
      connectOk: 20,
      connectFailed: 2,
      connectFailures: { ROOM_FULL: 2 },
      disconnects: 4,
      disconnectReasons: { 'transport close': 4 },
    });
    expect(merged.snapshots.deliveredRate).toBeCloseTo((10 * 30 + 30 * 20) / 40, 9);
    expect(merged.snapshots.worstClientRate).toBe(19);
    expect(merged.snapshots).toMatchObject({ decodeErrors: 2, fullSnapshots: 6 });
    expect(merged.bytes.downTotal).toBe(40_000);
    // Weighted by the snapshots each mean is over: 300/s of 60 B and 600/s of 100 B.
    expect(merged.bytes.perSnapshot).toBeCloseTo((300 * 60 + 600 * 100) / 900, 9);
    expect(merged.agents?.map((p) => [p.name, p.role, p.clients.target])).toEqual([
      ['coordinator', 'coordinator', 10],
      ['a1', 'agent', 10],
    ]);
  });

  it('counts a lost agent\u2019s bots as started and dropped, and lists it as lost', () => {
    const merged = mergeWindows(
      [share('coordinator', { gap: [33], connect: [] }, rates({}))],
      [
        {
          who: { name: 'a2', role: 'agent', host: 'h2', pid: 9 },
          target: 12,
          reason: 'no heartbeat for 5.2 s',
          tester: null,
        },
      ],
      null,
      10,
    );
    expect(merged.clients.target).toBe(32 + 12);
    expect(merged.clients.disconnectReasons[lostReason('a2')]).toBe(12);
    expect(merged.clients.disconnects).toBe(12);
    expect(merged.agents?.[1]).toMatchObject({ name: 'a2', lost: 'no heartbeat for 5.2 s' });
  });
});

describe('merging testers', () => {
  it('adds workers and CPU, keeps the worst of the rest, and names the saturated tester', () => {
    const ok = sampleFigures().tester;
    const bad = {
      ...ok,
      maxEventLoopUtilisation: 0.97,
      eventLoopDelayP99Ms: 31,
      saturated: true,
      reasons: ['busy 97%'],
    };
    const t = mergeTesters([
      { name: 'coordinator', tester: ok },
      { name: 'a1', tester: bad },
    ]);
    expect(t).toMatchObject({
      workers: 2,
      cpuPercent: 30,
      maxEventLoopUtilisation: 0.97,
      eventLoopDelayP99Ms: 31,
      saturated: true,
      reasons: ['a1: busy 97%'],
    });
  });
});
