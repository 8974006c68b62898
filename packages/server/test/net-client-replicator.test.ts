import { RoundPhase, type ClientFrame } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { ClientReplicator } from '../src/net/client-replicator.js';

const frame = (tick: number): ClientFrame => ({
  tick,
  serverTime: tick * 33.3,
  players: [],
  round: { number: 1, phase: RoundPhase.PLAYING, endTick: -1, winner: -1 },
  owner: null,
});

describe('ClientReplicator', () => {
  it('sends full snapshots until the client acknowledges one, then deltas against the newest ack', () => {
    const r = new ClientReplicator(40);
    expect(r.baseline(0)).toBeNull();
    r.recordSent(frame(1));
    r.recordSent(frame(2));
    expect(r.baseline(0)).toBeNull();
    r.ack(1);
    expect(r.baseline(0)?.tick).toBe(1);
    r.ack(2);
    expect(r.baseline(0)?.tick).toBe(2);
  });

  it('ignores acks of ticks it never sent, of the future, and older than the newest ack', () => {
    const r = new ClientReplicator(40);
    r.recordSent(frame(5));
    r.ack(4);
    r.ack(9);
    expect(r.ackedTick).toBe(-1);
    r.recordSent(frame(6));
    r.ack(6);
    r.ack(5);
    expect(r.ackedTick).toBe(6);
  });

  it('lets go of the frames older than the newest ack, which can never be a baseline again', () => {
    const r = new ClientReplicator(40);
    for (let t = 1; t <= 5; t++) r.recordSent(frame(t));
    r.ack(4);
    r.ack(2);
    expect(r.ackedTick).toBe(4);
    r.recordSent(frame(6));
    r.ack(6);
    expect(r.baseline(0)?.tick).toBe(6);
    // 4 was released by the ack of 6: acking it again (a reordered input) changes nothing.
    r.ack(4);
    expect(r.ackedTick).toBe(6);
  });

  it('falls back to a full snapshot when the acknowledged frame left the room ring', () => {
    const r = new ClientReplicator(40);
    r.recordSent(frame(10));
    r.ack(10);
    expect(r.baseline(5)?.tick).toBe(10);
    expect(r.baseline(11)).toBeNull();
  });

  it('a resync forgets every baseline once, however many requests are in flight', () => {
    const r = new ClientReplicator(40);
    r.recordSent(frame(3));
    r.ack(3);
    expect(r.resync()).toBe(true);
    expect(r.resync()).toBe(false);
    expect(r.baseline(0)).toBeNull();
    r.ack(3);
    expect(r.ackedTick).toBe(-1);
  });
});
