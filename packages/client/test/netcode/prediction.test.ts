import { movePlayer, type PlayerState, type SimInput } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { Prediction, SNAP_DISTANCE } from '../../src/netcode/prediction.js';
import { OPEN_MAP, TICK_MS, TICK_RATE, player } from './net-fixtures.js';

const right = (seq: number): SimInput => ({ seq, mx: 1, my: 0, aim: 0, fire: false });

describe('Prediction', () => {
  it('applies an input at once and replays the unacknowledged ones from the server state', () => {
    const p = new Prediction(OPEN_MAP, TICK_RATE);
    p.reconcile(player(1, 100), -1, 0);
    for (let seq = 0; seq < 5; seq++) p.input(right(seq), seq * TICK_MS);
    const step = p.state?.x ?? 0;
    expect(step).toBeGreaterThan(140);
    // The server applied 0..2: same start, same function, same grids.
    let server: PlayerState = {
      ...player(1, 100),
      respawnIn: 0,
      protectedFor: 0,
      cooldown: 0,
      kills: 0,
      deaths: 0,
      lastSeq: -1,
    };
    for (let seq = 0; seq < 3; seq++) server = movePlayer(server, right(seq), 1 / TICK_RATE, OPEN_MAP);
    const c = p.reconcile(player(1, server.x, server.y), 2, 200);
    expect(c.distance).toBe(0);
    expect(p.pendingCount).toBe(2);
    expect(p.state?.x).toBe(step);
  });

  it('smooths a small correction away exponentially without moving the drawing at that instant', () => {
    const p = new Prediction(OPEN_MAP, TICK_RATE);
    p.reconcile(player(1, 100), -1, 0);
    p.input(right(0), 0);
    const before = p.drawnAt(20)?.x ?? 0;
    const c = p.reconcile(player(1, 120), -1, 20);
    expect(c.snapped).toBe(false);
    expect(p.drawnAt(20)?.x).toBeCloseTo(before, 9);
    expect(Math.abs(p.errorOffset(53).x)).toBeLessThan(Math.abs(p.errorOffset(20).x) / 2);
    expect(p.errorOffset(400)).toEqual({ x: 0, y: 0 });
  });

  it('snaps a correction larger than the snap distance', () => {
    const p = new Prediction(OPEN_MAP, TICK_RATE);
    p.reconcile(player(1, 100), -1, 0);
    const c = p.reconcile(player(1, 100 + SNAP_DISTANCE + 1), -1, 10);
    expect(c.snapped).toBe(true);
    expect(p.drawnAt(10)?.x).toBe(100 + SNAP_DISTANCE + 1);
  });

  it('snaps on a respawn and does not move a dead player', () => {
    const p = new Prediction(OPEN_MAP, TICK_RATE);
    p.reconcile(player(1, 100, 500, { alive: false }), -1, 0);
    p.input(right(0), 0);
    expect(p.state?.x).toBe(100);
    const c = p.reconcile(player(1, 110), -1, 50);
    expect(c.snapped).toBe(true);
    expect(p.drawnAt(50)?.x).toBe(p.state?.x);
    expect(p.errorOffset(50)).toEqual({ x: 0, y: 0 });
  });
});
