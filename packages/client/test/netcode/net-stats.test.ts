import { describe, expect, it } from 'vitest';
import { NetStatsCollector, type ViewCounters } from '../../src/netcode/net-stats.js';

const FRAME_MS = 1000 / 60;
const SNAPSHOT_MS = 1000 / 30;
const QUIET: ViewCounters = {
  delay: 80,
  bufferDepth: 2,
  underruns: 0,
  extrapolatedFrames: 0,
  corrections: 0,
  lastCorrection: 0,
};
const NO_BYTES = { bytesIn: 0, bytesOut: 0 };

/** Frames at 60 Hz from `from` for `ms`; `view` gives the counters after frame `i`, `bytes` the totals. */
function drawFrames(
  stats: NetStatsCollector,
  from: number,
  ms: number,
  view: (i: number) => ViewCounters = () => QUIET,
  bytes: (t: number) => { bytesIn: number; bytesOut: number } = () => NO_BYTES,
): number {
  let t = from;
  for (let i = 0; t < from + ms; i++, t = from + i * FRAME_MS) stats.frame(t, view(i), bytes(t));
  return t;
}

describe('NetStatsCollector', () => {
  it('reports the snapshot rate and zero jitter for a steady 30 Hz stream', () => {
    const stats = new NetStatsCollector();
    for (let i = 0; i < 90; i++) stats.snapshot(10_000 + i * SNAPSHOT_MS, 500 + i * SNAPSHOT_MS);
    const f = stats.figures(500 + 89 * SNAPSHOT_MS, 150);
    expect(f.snapshotRate).toBe(30);
    expect(f.jitterMs).toBeCloseTo(0, 9);
    expect(f.rttMs).toBe(150);
  });

  it('measures RFC 3550 jitter: arrivals alternately 10 ms early and late converge to 20 ms', () => {
    const stats = new NetStatsCollector();
    for (let i = 0; i < 300; i++) {
      const late = i % 2 === 0 ? -10 : 10;
      stats.snapshot(i * SNAPSHOT_MS, 100 + i * SNAPSHOT_MS + late);
    }
    expect(stats.figures(100 + 300 * SNAPSHOT_MS, null).jitterMs).toBeCloseTo(20, 3);
  });

  it('ignores a repeated or older server time when measuring jitter', () => {
    const stats = new NetStatsCollector();
    for (let i = 0; i < 30; i++) stats.snapshot(i * SNAPSHOT_MS, i * SNAPSHOT_MS);
    stats.snapshot(5 * SNAPSHOT_MS, 30 * SNAPSHOT_MS + 400);
    expect(stats.figures(30 * SNAPSHOT_MS, null).jitterMs).toBe(0);
  });

  it('counts frames per second and the share of extrapolated and held frames over the last second', () => {
    const stats = new NetStatsCollector();
    // Over 2 s at 60 Hz, frames 70..75 are extrapolated and 76..81 held (both in the second second).
    let extrapolated = 0;
    let underruns = 0;
    const end = drawFrames(stats, 0, 2000, (i) => {
      if (i >= 70 && i < 76) extrapolated += 1;
      if (i >= 70 && i < 82) underruns += 1;
      return { ...QUIET, extrapolatedFrames: extrapolated, underruns };
    });
    const f = stats.figures(end - FRAME_MS + 1, null);
    expect(f.fps).toBe(60);
    expect(f.extrapolatedPct).toBeCloseTo((100 * 6) / 60, 9);
    expect(f.underrunPct).toBeCloseTo((100 * 12) / 60, 9);
    // A second later, none of them is in the window.
    const later = drawFrames(stats, end, 1000);
    expect(stats.figures(later - FRAME_MS + 1, null).extrapolatedPct).toBe(0);
  });

  it('reports the newest delay and buffer depth', () => {
    const stats = new NetStatsCollector();
    stats.frame(0, { ...QUIET, delay: 95.5, bufferDepth: 3 }, NO_BYTES);
    expect(stats.figures(1, null)).toMatchObject({ delayMs: 95.5, bufferDepth: 3 });
  });

  it('scales corrections to a minute and keeps the largest error of the last second', () => {
    const stats = new NetStatsCollector();
    // 3 corrections in the first 30 s: of 2, 9 and 1 units, the last two in the final second.
    const at = new Map([
      [60, 2],
      [1770, 9],
      [1790, 1],
    ]);
    let corrections = 0;
    let last = 0;
    const end = drawFrames(stats, 0, 30_000, (i) => {
      const d = at.get(i);
      if (d !== undefined) {
        corrections += 1;
        last = d;
      }
      return { ...QUIET, corrections, lastCorrection: last };
    });
    const f = stats.figures(end, null);
    expect(f.correctionsPerMin).toBeCloseTo(6, 1);
    expect(f.errorPx).toBe(9);
    // After another 40 s the first correction is older than the minute, the others are not.
    const later = drawFrames(stats, end, 40_000, () => ({ ...QUIET, corrections, lastCorrection: last }));
    const g = stats.figures(later, null);
    expect(g.correctionsPerMin).toBe(2);
    expect(g.errorPx).toBe(0);
  });

  it('counts from zero again when the view was reset (a reconnect)', () => {
    const stats = new NetStatsCollector();
    stats.frame(0, { ...QUIET, corrections: 40, lastCorrection: 3 }, NO_BYTES);
    stats.frame(20, { ...QUIET, corrections: 1, lastCorrection: 5 }, NO_BYTES);
    expect(stats.figures(30, null).errorPx).toBe(5);
  });

  it('turns byte totals into bytes per second over the last second', () => {
    const stats = new NetStatsCollector();
    // 2400 B/s down and 330 B/s up, counted in whole packets every 33 ms.
    const bytes = (t: number) => {
      const packets = Math.floor(t / SNAPSHOT_MS);
      return { bytesIn: packets * 80, bytesOut: packets * 11 };
    };
    const end = drawFrames(stats, 0, 5000, undefined, bytes);
    const f = stats.figures(end, null);
    expect(f.bytesInPerSec).toBeGreaterThan(2400 * 0.95);
    expect(f.bytesInPerSec).toBeLessThan(2400 * 1.05);
    expect(f.bytesOutPerSec).toBeGreaterThan(330 * 0.95);
    expect(f.bytesOutPerSec).toBeLessThan(330 * 1.05);
    // No frame for over a second (hidden tab): no current rate.
    expect(stats.figures(end + 1500, null).bytesInPerSec).toBe(0);
  });

  it('reports rates over the time there was before a whole second has passed', () => {
    const stats = new NetStatsCollector();
    for (let i = 0; i < 15; i++) stats.snapshot(i * SNAPSHOT_MS, i * SNAPSHOT_MS);
    expect(stats.figures(15 * SNAPSHOT_MS, null).snapshotRate).toBeCloseTo(30, 5);
  });

  it('starts over on reset', () => {
    const stats = new NetStatsCollector();
    for (let i = 0; i < 30; i++) stats.snapshot(i * SNAPSHOT_MS, i * SNAPSHOT_MS + (i % 2) * 30);
    drawFrames(stats, 0, 1000, () => ({ ...QUIET, corrections: 3, lastCorrection: 2 }));
    stats.reset();
    expect(stats.figures(1000, null)).toEqual({
      rttMs: null,
      jitterMs: 0,
      snapshotRate: 0,
      delayMs: 0,
      bufferDepth: 0,
      extrapolatedPct: 0,
      underrunPct: 0,
      correctionsPerMin: 0,
      errorPx: 0,
      bytesInPerSec: 0,
      bytesOutPerSec: 0,
      fps: 0,
    });
  });
});
