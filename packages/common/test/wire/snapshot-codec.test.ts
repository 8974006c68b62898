import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DecodeErrorCode,
  RoundPhase,
  SNAPSHOT_CODEC_VERSION,
  decodeSnapshotBytes,
  encodeSnapshotBody,
  encodeSnapshotTail,
  hashClientFrame,
  joinSnapshot,
  WireBounds,
  type ClientFrame,
  type SimEvent,
} from '../../src/index.js';
import { arbEvents, arbFrame, arbNextFrame, netPlayer } from '../support/frames.js';

/** Encode `cur` against `base` the way the server does, and decode it holding only `base`. */
function roundTrip(
  base: ClientFrame | null,
  cur: ClientFrame,
  events: readonly SimEvent[] = [],
  hash: number | null = null,
) {
  const bytes = joinSnapshot(
    encodeSnapshotBody(base, cur, events),
    encodeSnapshotTail(base?.owner ?? null, cur.owner, hash),
  );
  return decodeSnapshotBytes(bytes, (tick) => (base && tick === base.tick ? base : undefined));
}

function decoded(result: ReturnType<typeof roundTrip>) {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const round = { number: 1, phase: RoundPhase.PLAYING, endTick: -1, winner: -1 };
const frame = (tick: number, fields: Partial<ClientFrame> = {}): ClientFrame => ({
  tick,
  serverTime: 1_767_225_600_000 + tick * 33.3,
  players: [netPlayer(1), netPlayer(2, { x: 500.5, y: 7.0625, aim: Math.PI / 2 }), netPlayer(9, { hp: 3 })],
  round,
  owner: { lastSeq: tick, cooldownTicks: 0, respawnTicks: 0 },
  ...fields,
});

describe('snapshot codec', () => {
  it('round-trips a full snapshot exactly', () => {
    const cur = frame(100);
    const d = decoded(roundTrip(null, cur, [], 0xdeadbeef));
    expect(d.frame).toEqual(cur);
    expect(d.baseTick).toBe(-1);
    expect(d.hash).toBe(0xdeadbeef);
  });

  it('leads with the version byte', () => {
    expect(encodeSnapshotBody(null, frame(1), [])[0]).toBe(SNAPSHOT_CODEC_VERSION);
  });

  it('round-trips a delta and reuses the baseline objects of unchanged players', () => {
    const base = frame(100);
    const [p1, p2, p9] = base.players as [
      ReturnType<typeof netPlayer>,
      ReturnType<typeof netPlayer>,
      ReturnType<typeof netPlayer>,
    ];
    const cur = frame(101, { players: [p1, { ...p2, x: p2.x + 8.625 }, p9] });
    const d = decoded(roundTrip(base, cur));
    expect(d.frame).toEqual(cur);
    expect(d.baseTick).toBe(100);
    expect(d.frame.players[0]).toBe(p1);
    expect(d.frame.players[2]).toBe(p9);
    expect(d.frame.players[1]).not.toBe(p2);
  });

  it('makes a delta of an unchanged frame a few bytes', () => {
    const base = frame(100);
    const body = encodeSnapshotBody(base, { ...base, tick: 101 }, []);
    expect(body.length).toBeLessThanOrEqual(10);
  });

  it('carries players joining and leaving between baseline and frame', () => {
    const base = frame(10);
    const cur = frame(12, { players: [netPlayer(2), netPlayer(5, { alive: false, hp: 0 }), netPlayer(12)] });
    expect(decoded(roundTrip(base, cur)).frame).toEqual(cur);
  });

  it('carries a spectator frame (no owner fields) and an owner appearing against a baseline without one', () => {
    const base = frame(10, { owner: null });
    expect(decoded(roundTrip(null, base)).frame.owner).toBeNull();
    const cur = frame(11, { owner: { lastSeq: -1, cooldownTicks: 3, respawnTicks: 65_535 } });
    expect(decoded(roundTrip(base, cur)).frame).toEqual(cur);
  });

  it("carries the owner's lastSeq between its extremes in both directions (found by the property test)", () => {
    const seqs = [-1, 0, WireBounds.MAX_SEQ];
    for (const from of seqs) {
      for (const to of seqs) {
        const base = frame(10, { owner: { lastSeq: from, cooldownTicks: 0, respawnTicks: 0 } });
        const cur = frame(11, { owner: { lastSeq: to, cooldownTicks: 0, respawnTicks: 0 } });
        expect(decoded(roundTrip(base, cur)).frame.owner?.lastSeq).toBe(to);
      }
    }
  });

  it('round-trips every kind of event, including shots from the shooter and from elsewhere', () => {
    const cur = frame(50);
    const events: SimEvent[] = [
      { type: 'shot', shooter: 2, x1: 500.5, y1: 7.0625, x2: 1601, y2: -3, hit: -1 },
      { type: 'shot', shooter: 7, x1: 0, y1: 8191.9375, x2: 2 ** 31 - 1, y2: -(2 ** 31), hit: 9 },
      { type: 'damage', target: 9, by: 2, amount: 34 },
      { type: 'kill', killer: -1, victim: 9 },
      { type: 'spawn', id: 9, x: 12.5, y: 1000 },
      { type: 'round-end', winner: 2, round: 1 },
      { type: 'round-start', round: 2 },
    ];
    expect(decoded(roundTrip(null, cur, events)).events).toEqual(events);
  });

  it('refuses to encode values off their grids (a server bug, not something to send)', () => {
    expect(() => encodeSnapshotBody(null, frame(1, { players: [netPlayer(1, { x: 0.01 })] }), [])).toThrow(
      RangeError,
    );
    expect(() => encodeSnapshotBody(null, frame(1, { players: [netPlayer(1, { aim: 0.1 })] }), [])).toThrow(
      RangeError,
    );
    expect(() => encodeSnapshotBody(null, frame(1, { players: [netPlayer(2), netPlayer(1)] }), [])).toThrow(
      RangeError,
    );
    expect(() => encodeSnapshotBody(null, frame(1, { serverTime: 0.05 }), [])).toThrow(RangeError);
    expect(() => encodeSnapshotBody(frame(5), frame(5), [])).toThrow(RangeError);
    expect(() => encodeSnapshotTail(null, null, 2 ** 32)).toThrow(RangeError);
  });

  it('answers a delta whose baseline is not held with E_DECODE_NO_BASELINE', () => {
    const bytes = joinSnapshot(
      encodeSnapshotBody(frame(7), frame(9), []),
      encodeSnapshotTail(null, null, null),
    );
    const result = decodeSnapshotBytes(bytes, () => undefined);
    expect(result).toMatchObject({ ok: false, error: { code: DecodeErrorCode.NO_BASELINE } });
  });

  it('refuses another codec version, trailing bytes and a truncated buffer with their codes', () => {
    const good = joinSnapshot(encodeSnapshotBody(null, frame(3), []), encodeSnapshotTail(null, null, null));
    const other = good.slice();
    other[0] = SNAPSHOT_CODEC_VERSION + 1;
    const none = () => undefined;
    expect(decodeSnapshotBytes(other, none)).toMatchObject({ error: { code: DecodeErrorCode.VERSION } });
    expect(decodeSnapshotBytes(joinSnapshot(good, new Uint8Array([0])), none)).toMatchObject({
      error: { code: DecodeErrorCode.TRAILING },
    });
    expect(decodeSnapshotBytes(good.subarray(0, good.length - 1), none)).toMatchObject({
      error: { code: DecodeErrorCode.TRUNCATED },
    });
    expect(decodeSnapshotBytes(new Uint8Array(0), none)).toMatchObject({
      error: { code: DecodeErrorCode.TRUNCATED },
    });
  });

  it('refuses a forged player count without allocating for it', () => {
    // version, full flag + tick 0, then a forged time/round/count is easier built by hand: a full snapshot of
    // 65 players is over the cap whatever the bytes after the count say.
    const many = Array.from({ length: 65 }, (_, i) => netPlayer(i + 1));
    expect(() => encodeSnapshotBody(null, frame(1, { players: many }), [])).toThrow(RangeError);
    const ok64 = joinSnapshot(
      encodeSnapshotBody(null, frame(1, { players: many.slice(0, 64) }), []),
      new Uint8Array([0]),
    );
    expect(decodeSnapshotBytes(ok64, () => undefined).ok).toBe(true);
  });

  it('hashes a decoded frame to the hash of the frame that was sent', () => {
    const base = frame(1);
    const cur = frame(2, { players: [netPlayer(1, { x: 7 }), netPlayer(3)] });
    const d = decoded(roundTrip(base, cur, [], hashClientFrame(cur)));
    expect(hashClientFrame(d.frame)).toBe(d.hash);
  });
});

describe('snapshot codec properties', () => {
  it('round-trips random full snapshots exactly', () => {
    fc.assert(
      fc.property(
        arbFrame.chain((f) =>
          fc.tuple(fc.constant(f), arbEvents(f.players), fc.option(fc.nat({ max: 2 ** 32 - 1 }))),
        ),
        ([cur, events, hash]) => {
          const d = decoded(roundTrip(null, cur, events, hash));
          expect(d.frame).toEqual(cur);
          expect(d.events).toEqual(events);
          expect(d.hash).toBe(hash);
          expect(d.baseTick).toBe(-1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('round-trips random deltas exactly, keeping unchanged players as the baseline objects', () => {
    fc.assert(
      fc.property(
        arbFrame
          .filter((f) => f.tick < 2 ** 32 - 1)
          .chain((base) =>
            arbNextFrame(base).chain((cur) =>
              fc.tuple(fc.constant(base), fc.constant(cur), arbEvents(cur.players)),
            ),
          ),
        ([base, cur, events]) => {
          const d = decoded(roundTrip(base, cur, events, hashClientFrame(cur)));
          expect(d.frame).toEqual(cur);
          expect(d.events).toEqual(events);
          expect(d.baseTick).toBe(base.tick);
          expect(hashClientFrame(d.frame)).toBe(d.hash);
          const baseObjects = new Set(base.players);
          cur.players.forEach((p, i) => {
            if (baseObjects.has(p)) expect(d.frame.players[i]).toBe(p);
          });
        },
      ),
      { numRuns: 400 },
    );
  });
});
