import type { SimEvent, SimInput } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { PredictedView } from '../../src/netcode/predicted-view.js';
import { OPEN_MAP, TICK_MS, TICK_RATE, player, snapshot } from './net-fixtures.js';

const SELF = 1;
const TARGET = 2;

/** A view holding two snapshots of the local player at x=100 and a target straight ahead at x=400. */
function viewWithTarget(): { view: PredictedView; now: { t: number } } {
  const now = { t: 10_000 };
  const view = new PredictedView({ selfId: SELF, tickRate: TICK_RATE, map: OPEN_MAP, clock: () => now.t });
  for (let tick = 1; tick <= 3; tick++) {
    view.ingest(snapshot(tick, [player(SELF, 100), player(TARGET, 400)], { lastSeq: -1 }), now.t);
    now.t += TICK_MS;
  }
  return { view, now };
}

const cmd = (seq: number, fire: boolean, aim = 0): SimInput => ({ seq, mx: 0, my: 0, aim, fire });
const shots = (events: readonly SimEvent[]) => events.filter((e) => e.type === 'shot');

describe("PredictedView: the local player's shots", () => {
  it('shows a shot at the trigger pull, traced against the players as drawn', () => {
    const { view, now } = viewWithTarget();
    view.localInput(cmd(0, true));
    const [shot] = shots(view.drainEvents(now.t));
    expect(shot).toMatchObject({ type: 'shot', shooter: SELF, x1: 100, y1: 500, hit: TARGET });
    // The beam stops at the near edge of the target's body (radius 16).
    expect(shot?.type === 'shot' && shot.x2).toBe(384);
  });

  it("does not show the server's copy of a predicted shot again, but shows one it did not predict", () => {
    const { view, now } = viewWithTarget();
    view.localInput(cmd(0, true));
    view.drainEvents(now.t);
    const server: SimEvent = { type: 'shot', shooter: SELF, x1: 100, y1: 500, x2: 384, y2: 500, hit: TARGET };
    now.t += 150;
    view.ingest(
      snapshot(8, [player(SELF, 100), player(TARGET, 400)], { lastSeq: 0, events: [server] }),
      now.t,
    );
    expect(shots(view.drainEvents(now.t))).toEqual([]);
    // A second server shot with no prediction pending (the local cooldown guess was wrong) is shown.
    now.t += TICK_MS;
    view.ingest(
      snapshot(9, [player(SELF, 100), player(TARGET, 400)], { lastSeq: 1, events: [server] }),
      now.t,
    );
    expect(shots(view.drainEvents(now.t))).toHaveLength(1);
  });

  it('respects the laser cooldown in commands, as the server counts it in ticks', () => {
    const { view, now } = viewWithTarget();
    const fired: number[] = [];
    for (let seq = 0; seq < 30; seq++) {
      view.localInput(cmd(seq, true));
      if (shots(view.drainEvents(now.t)).length > 0) fired.push(seq);
      now.t += TICK_MS;
    }
    // 0.35 s at 30 Hz is 10.5 ticks: the server fires again on the 11th tick.
    expect(fired).toEqual([0, 11, 22]);
  });
});
