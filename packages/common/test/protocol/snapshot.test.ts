import { describe, expect, it } from 'vitest';
import {
  EventKind,
  PlayerFlag,
  RoundPhase,
  Sim,
  decodeEvent,
  decodeSnapshot,
  encodeEvent,
  encodeSnapshot,
  step,
  type GameState,
  type SimEvent,
  type SnapshotWire,
} from '../../src/index.js';
import { gameWith, inputsOf, patchPlayer } from '../sim/helpers.js';

function overTheWire(w: SnapshotWire): SnapshotWire {
  return JSON.parse(JSON.stringify(w)) as SnapshotWire;
}

/** A state with a live shooter, a protected newcomer and a dead player, and the events of the kill. */
function busyState(): GameState {
  let state = gameWith([1, 2, 3], { seed: 21, killLimit: 0 });
  state = patchPlayer(state, 1, { x: 600.25, y: 450.5, protectedFor: 0, aim: 0.0001, kills: 4, deaths: 2 });
  state = patchPlayer(state, 2, { x: 900, y: 450, protectedFor: 0, hp: Sim.LASER_DAMAGE, deaths: 1 });
  state = patchPlayer(state, 3, { x: 1300.01, y: 760.99, aim: -2.345678 });
  return step(state, inputsOf({ 1: { seq: 17, aim: 0, fire: true }, 3: { seq: 5, aim: -2.345678 } }), 1 / 30);
}

const allEvents: SimEvent[] = [
  { type: 'shot', shooter: 1, x1: 600.25, y1: 450.5, x2: 884, y2: 450, hit: 2 },
  { type: 'shot', shooter: 3, x1: 10, y1: 20, x2: 30, y2: 40, hit: -1 },
  { type: 'damage', target: 2, by: 1, amount: 34 },
  { type: 'kill', killer: 1, victim: 2 },
  { type: 'spawn', id: 2, x: 1880, y: 1080 },
  { type: 'round-end', winner: -1, round: 3 },
  { type: 'round-start', round: 4 },
];

describe('snapshot codec', () => {
  it('round-trips player positions, flags, acknowledged seqs and scores through JSON', () => {
    const state = busyState();
    const snap = decodeSnapshot(overTheWire(encodeSnapshot(state, 1_700_000_000_123.456, state.events)));
    expect(snap.tick).toBe(state.tick);
    expect(snap.serverTime).toBe(1_700_000_000_123.5);
    expect(snap.players.map((p) => p.id)).toEqual([1, 2, 3]);
    for (const [i, p] of state.players.entries()) {
      expect(snap.players[i]).toMatchObject({
        id: p.id,
        x: p.x,
        y: p.y,
        hp: p.hp,
        alive: p.alive,
        protected: p.protectedFor > 0,
        lastSeq: p.lastSeq,
        kills: p.kills,
        deaths: p.deaths,
      });
      expect(snap.players[i]?.aim).toBeCloseTo(p.aim, 3);
    }
    // The state really does contain each flag combination.
    expect(snap.players.map((p) => [p.alive, p.protected])).toEqual([
      [true, false],
      [false, false],
      [true, true],
    ]);
    expect(snap.players.map((p) => p.lastSeq)).toEqual([17, -1, 5]);
  });

  it('round-trips the events of the step', () => {
    const state = busyState();
    expect(state.events.map((e) => e.type)).toEqual(['shot', 'damage', 'kill']);
    const snap = decodeSnapshot(overTheWire(encodeSnapshot(state, 0, state.events)));
    expect(snap.events).toEqual(state.events);
  });

  it('round-trips every kind of event', () => {
    const state = gameWith([1]);
    expect(decodeSnapshot(overTheWire(encodeSnapshot(state, 0, allEvents))).events).toEqual(allEvents);
    for (const e of allEvents) expect(decodeEvent(encodeEvent(e))).toEqual(e);
  });

  it('round-trips the round state', () => {
    const state = {
      ...busyState(),
      round: { ...busyState().round, phase: RoundPhase.ENDED, timeLeft: 4.26, winner: 3 },
    };
    const snap = decodeSnapshot(overTheWire(encodeSnapshot(state, 0, [])));
    expect(snap.round).toEqual({ number: 1, phase: RoundPhase.ENDED, timeLeft: 4.3, winner: 3 });
  });

  it('encodes players as compact tuples with flag bits', () => {
    const state = busyState();
    const wire = encodeSnapshot(state, 0, []);
    expect(wire.p[0]).toEqual([1, 600.25, 450.5, 0, Sim.MAX_HEALTH, PlayerFlag.ALIVE, 17, 5, 2]);
    expect(wire.p[2]?.[5]).toBe(PlayerFlag.ALIVE | PlayerFlag.PROTECTED);
    expect(wire.p[1]?.[5]).toBe(0);
  });

  it('drops events of an unknown kind instead of failing', () => {
    const wire = encodeSnapshot(gameWith([1]), 0, [{ type: 'kill', killer: 1, victim: 2 }]);
    wire.e.push([99, 1, 2], []);
    expect(decodeSnapshot(overTheWire(wire)).events).toEqual([{ type: 'kill', killer: 1, victim: 2 }]);
    expect(decodeEvent([EventKind.ROUND_START, 7])).toEqual({ type: 'round-start', round: 7 });
  });
});
