import { describe, expect, it } from 'vitest';
import {
  DecodeErrorCode,
  SnapshotReceiver,
  encodeSnapshotBody,
  encodeSnapshotTail,
  hashClientFrame,
  joinSnapshot,
  nextRandom,
  type ClientFrame,
  type NetPlayer,
} from '../../src/index.js';
import { simulateArenaRoom, type RoomTick } from '../support/arena-room.js';

/** What the server sends: `cur` against `base` (null = full), with a hash when asked. */
function snapshot(base: ClientFrame | null, cur: ClientFrame, hash = false): Uint8Array {
  return joinSnapshot(
    encodeSnapshotBody(base, cur, []),
    encodeSnapshotTail(base?.owner ?? null, cur.owner, hash ? hashClientFrame(cur) : null),
  );
}

const room = simulateArenaRoom({ ticks: 400 });
const frameAt = (i: number): ClientFrame => (room[i] as RoomTick).frame;

describe('SnapshotReceiver', () => {
  it('starts with nothing held: ackTick -1, no resync asked', () => {
    const rx = new SnapshotReceiver();
    expect(rx.ackTick).toBe(-1);
    expect(rx.needsResync).toBe(false);
    expect(rx.held(0)).toBeUndefined();
  });

  it('converges to the exact sender frames when 30% of snapshots (and of acks) are lost', () => {
    const rx = new SnapshotReceiver();
    const sent = new Map<number, ClientFrame>();
    let rng = 12345;
    const lost = () => {
      const [v, next] = nextRandom(rng);
      rng = next;
      return v < 0.3;
    };
    // Acks reach the server two ticks late (a 67 ms round trip at 30 Hz), and only when the input is not lost.
    const acksInFlight: number[][] = [[], []];
    let serverAcked = -1;
    let delivered = 0;
    for (let i = 0; i < room.length; i++) {
      const cur = frameAt(i);
      for (const ack of acksInFlight.shift() ?? []) serverAcked = Math.max(serverAcked, ack);
      const base = serverAcked >= 0 ? (sent.get(serverAcked) ?? null) : null;
      sent.set(cur.tick, cur);
      const bytes = snapshot(base, cur, i % 10 === 0);
      if (!lost()) {
        const result = rx.receive(bytes);
        expect(result.ok && result.value.desync).toBe(false);
        if (result.ok) expect(result.value.snapshot.frame).toEqual(cur);
        expect(rx.held(cur.tick)).toEqual(cur);
        delivered += 1;
      }
      acksInFlight.push(lost() ? [] : [rx.ackTick]);
    }
    const last = frameAt(room.length - 1);
    expect(rx.stats).toMatchObject({ received: delivered, desyncs: 0, decodeErrors: 0, missingBaseline: 0 });
    expect(rx.stats.deltas).toBeGreaterThan(rx.stats.full);
    expect(rx.ackTick).toBeLessThanOrEqual(last.tick);
    expect(rx.held(rx.ackTick)).toEqual(sent.get(rx.ackTick));
    expect(rx.needsResync).toBe(false);
  });

  it('lets go of frames older than the baseline of a delta (the server never goes back to them)', () => {
    const rx = new SnapshotReceiver();
    expect(rx.receive(snapshot(null, frameAt(0))).ok).toBe(true);
    expect(rx.receive(snapshot(null, frameAt(1))).ok).toBe(true);
    // Full snapshots prove nothing: an ack sent before them may still make frame 0 a baseline.
    expect(rx.held(frameAt(0).tick)).toBeDefined();
    expect(rx.receive(snapshot(frameAt(1), frameAt(2))).ok).toBe(true);
    expect(rx.held(frameAt(0).tick)).toBeUndefined();
    expect(rx.held(frameAt(1).tick)).toBeDefined();
    expect(rx.held(frameAt(2).tick)).toBeDefined();
  });

  it('answers a delta against a frame it never received with E_DECODE_NO_BASELINE and asks for a resync', () => {
    const rx = new SnapshotReceiver();
    expect(rx.receive(snapshot(null, frameAt(0))).ok).toBe(true);
    const result = rx.receive(snapshot(frameAt(1), frameAt(2)));
    expect(result).toMatchObject({ ok: false, error: { code: DecodeErrorCode.NO_BASELINE } });
    expect(rx.needsResync).toBe(true);
    expect(rx.stats.missingBaseline).toBe(1);
    expect(rx.ackTick).toBe(frameAt(0).tick);
    rx.receive(snapshot(null, frameAt(3)));
    expect(rx.needsResync).toBe(false);
    expect(rx.ackTick).toBe(frameAt(3).tick);
  });

  it('detects a corrupted held frame by the hash, drops everything, and recovers with a full snapshot', () => {
    const rx = new SnapshotReceiver();
    rx.receive(snapshot(null, frameAt(10)));
    rx.receive(snapshot(frameAt(10), frameAt(11)));
    // Bit rot in a held baseline: one player one step off.
    const held = rx.held(frameAt(11).tick) as unknown as { players: NetPlayer[] };
    const p = held.players[3] as NetPlayer;
    held.players = held.players.map((q) => (q === p ? { ...p, x: p.x + 1 / 16 } : q));

    const result = rx.receive(snapshot(frameAt(11), frameAt(12), true));
    expect(result.ok && result.value.desync).toBe(true);
    expect(rx.stats.desyncs).toBe(1);
    expect(rx.needsResync).toBe(true);
    expect(rx.ackTick).toBe(-1);
    expect(rx.held(frameAt(10).tick)).toBeUndefined();
    expect(rx.held(frameAt(12).tick)).toBeUndefined();

    const full = rx.receive(snapshot(null, frameAt(13), true));
    expect(full.ok && full.value.desync).toBe(false);
    expect(rx.needsResync).toBe(false);
    expect(rx.ackTick).toBe(frameAt(13).tick);
    expect(rx.held(frameAt(13).tick)).toEqual(frameAt(13));
  });

  it('decodes a late, reordered snapshot without moving ackTick backwards', () => {
    const rx = new SnapshotReceiver();
    rx.receive(snapshot(null, frameAt(20)));
    rx.receive(snapshot(frameAt(20), frameAt(22)));
    const late = rx.receive(snapshot(frameAt(20), frameAt(21)));
    expect(late.ok && late.value.snapshot.frame).toEqual(frameAt(21));
    expect(rx.ackTick).toBe(frameAt(22).tick);
    expect(rx.held(frameAt(21).tick)).toEqual(frameAt(21));
  });

  it('never lets a late frame evict a newer one from its ring slot', () => {
    const rx = new SnapshotReceiver({ capacity: 4 });
    rx.receive(snapshot(null, frameAt(8)));
    rx.receive(snapshot(null, frameAt(4)));
    expect(rx.held(frameAt(8).tick)).toEqual(frameAt(8));
    expect(rx.held(frameAt(4).tick)).toBeUndefined();
  });

  it('counts garbage as a decode error and keeps its frames', () => {
    const rx = new SnapshotReceiver();
    rx.receive(snapshot(null, frameAt(0)));
    const result = rx.receive(new Uint8Array([1, 2, 3]));
    expect(result.ok).toBe(false);
    expect(rx.stats).toMatchObject({ received: 2, full: 1, decodeErrors: 1, bytes: expect.any(Number) });
    expect(rx.ackTick).toBe(frameAt(0).tick);
  });

  it('forgets everything on reset()', () => {
    const rx = new SnapshotReceiver();
    rx.receive(snapshot(null, frameAt(0)));
    rx.reset();
    expect(rx.ackTick).toBe(-1);
    expect(rx.held(frameAt(0).tick)).toBeUndefined();
  });
});
