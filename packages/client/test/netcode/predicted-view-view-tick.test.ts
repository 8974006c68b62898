import { MAX_EXTRAPOLATION_MS, quantizePosition } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { PredictedView } from '../../src/netcode/predicted-view.js';
import { FRAME_MS, OPEN_MAP, TICK_MS, TICK_RATE, player, snapshot } from './net-fixtures.js';

const WALKER = 2;
const SPEED = 260;
/** One-way transit of a snapshot, ms. */
const TRANSIT = 60;
/** Where the walker stands at (fractional) tick `tick`, before the 1/16 grid. */
const walkerX = (tick: number) => 100 + (SPEED * tick) / TICK_RATE;

function view(): PredictedView {
  return new PredictedView({ selfId: -1, tickRate: TICK_RATE, map: OPEN_MAP });
}

/** Feed snapshots `0..lastTick` (every `every`th tick) arriving TRANSIT ms after they were made. */
function feed(v: PredictedView, lastTick: number, every = 1): void {
  for (let tick = 0; tick <= lastTick; tick += every) {
    v.ingest(snapshot(tick, [player(WALKER, quantizePosition(walkerX(tick)))]), tick * TICK_MS + TRANSIT);
  }
}

describe('PredictedView.viewTick: the server tick of what is drawn', () => {
  it('is null before the first snapshot', () => {
    expect(view().viewTick(1000)).toBeNull();
  });

  it('names the tick at which the walker really stood where it is drawn, frame after frame', () => {
    const v = view();
    let checked = 0;
    for (let f = 0; f * FRAME_MS < 3000; f++) {
      const now = f * FRAME_MS;
      feed(v, Math.floor((now - TRANSIT) / TICK_MS));
      const drawn = v.frame(now)?.players.find((p) => p.id === WALKER);
      const tick = v.viewTick(now);
      if (!drawn || tick === null || now < 500) continue;
      // Drawn between two snapshots, the walker is where it was at the view tick (to the 1/16 grid).
      expect(drawn.x).toBeCloseTo(walkerX(tick), 1);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('lags the newest snapshot by the render delay (two snapshot intervals on a steady stream)', () => {
    const v = view();
    const now = 2000;
    feed(v, Math.floor((now - TRANSIT) / TICK_MS));
    const newest = v.latest()?.tick ?? 0;
    const tick = v.viewTick(now) ?? 0;
    expect(newest - tick).toBeGreaterThan(1.5);
    expect(newest - tick).toBeLessThan(3);
  });

  it('interpolates across ticks when snapshots come every few ticks', () => {
    const v = view();
    let checked = 0;
    for (let f = 0; f * FRAME_MS < 3000; f++) {
      const now = f * FRAME_MS;
      feed(v, Math.floor((now - TRANSIT) / TICK_MS / 3) * 3, 3);
      const drawn = v.frame(now)?.players.find((p) => p.id === WALKER);
      const tick = v.viewTick(now);
      if (!drawn || tick === null || now < 800) continue;
      expect(drawn.x).toBeCloseTo(walkerX(tick), 1);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('goes on past the newest snapshot only as far as extrapolation does, then holds', () => {
    const v = view();
    feed(v, 30);
    v.frame(30 * TICK_MS + TRANSIT);
    const stalled = 30 * TICK_MS + TRANSIT + 2000;
    const tick = v.viewTick(stalled) ?? 0;
    expect(tick).toBeCloseTo(30 + MAX_EXTRAPOLATION_MS / TICK_MS, 3);
    const drawn = v.frame(stalled)?.players.find((p) => p.id === WALKER);
    expect(drawn?.x).toBeCloseTo(walkerX(tick), 0);
  });
});
