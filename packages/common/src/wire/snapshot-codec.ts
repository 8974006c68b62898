import type { ClientFrame, DecodedSnapshot, NetRound, OwnerFields } from '../replication/types.js';
import { RoundPhase, type SimEvent } from '../sim/types.js';
import { BitReader, BitWriter } from './bit-stream.js';
import {
  DecodeErrorCode,
  type DecodeResult,
  check,
  malformed,
  decodeBoundary,
  fail,
} from './decode-error.js';
import { readEvents, writeEvents } from './event-codec.js';
import { readOwner, writeOwner } from './owner-codec.js';
import { readPlayers, writePlayers } from './player-codec.js';
import { WireBounds, isPlayerIdOrNone, isRoundNumber, requireRange } from './wire-bounds.js';

/**
 * The binary snapshot: a body shared by every client with the same baseline and the same visible players,
 * and a small per-client tail, joined into one buffer (one WebSocket frame).
 *
 * Body (bit-packed, least significant bit first, ends byte-aligned):
 *   u8 version | 1 bit delta | varuint tick | [delta] varuint tick - baseTick (>= 1)
 *   | serverTime: full u48 tenths of ms, delta zigzag varuint of tenths since the baseline's
 *   | round: [delta] 1 bit changed; if full or changed: varuint number, 1 bit phase, varuint endTick + 1,
 *     varuint winner + 1
 *   | players (see `player-codec.ts`) | events (see `event-codec.ts`) | zero padding to a byte
 * Tail (starts on a byte, ends byte-aligned):
 *   1 bit has owner | 1 bit owner is a delta | 1 bit has hash | owner (see `owner-codec.ts`) | u32 hash
 *   | zero padding; nothing may follow.
 */
export const SNAPSHOT_CODEC_VERSION = 1;

const TENTHS_PER_MS = 10;

/** serverTime (ms on a 0.1 ms grid) -> whole tenths, refusing values off the grid. */
function timeToTenths(ms: number): number {
  const tenths = Math.round(ms * TENTHS_PER_MS);
  requireRange(
    tenths / TENTHS_PER_MS === ms && tenths >= 0 && tenths < 2 ** 48,
    'serverTime (0.1 ms grid)',
    ms,
  );
  return tenths;
}

function sameRound(a: NetRound, b: NetRound): boolean {
  return a.number === b.number && a.phase === b.phase && a.endTick === b.endTick && a.winner === b.winner;
}

function writeRound(w: BitWriter, r: NetRound): void {
  requireRange(isRoundNumber(r.number), 'round number', r.number);
  requireRange(r.phase === RoundPhase.PLAYING || r.phase === RoundPhase.ENDED, 'round phase', r.phase);
  requireRange(
    Number.isInteger(r.endTick) && r.endTick >= -1 && r.endTick < WireBounds.MAX_TICK,
    'endTick',
    r.endTick,
  );
  requireRange(isPlayerIdOrNone(r.winner), 'winner', r.winner);
  w.writeVarUint(r.number);
  w.writeBits(r.phase, 1);
  w.writeVarUint(r.endTick + 1);
  w.writeVarUint(r.winner + 1);
}

function readRound(r: BitReader): NetRound {
  const number = r.readVarUint();
  if (!isRoundNumber(number)) malformed(`round number ${number} out of range`);
  const phase = r.readBits(1) as RoundPhase;
  const endTick = r.readVarUint() - 1;
  const winner = r.readVarUint() - 1;
  if (!isPlayerIdOrNone(winner)) malformed(`winner ${winner} out of range`);
  return { number, phase, endTick, winner };
}

const bodyWriter = new BitWriter(512);
const tailWriter = new BitWriter(32);

/**
 * Encode the part of a snapshot every client with this baseline and this visible set shares. `base` is the
 * frame the client acknowledged (null for a full snapshot); its tick must be below `cur.tick`. The owner
 * fields of `cur` are not in the body (see `encodeSnapshotTail`). Throws a RangeError on a frame whose
 * values are off their grids or ranges: that is a server bug, not something to send.
 */
export function encodeSnapshotBody(
  base: ClientFrame | null,
  cur: ClientFrame,
  events: readonly SimEvent[],
): Uint8Array {
  requireRange(
    Number.isInteger(cur.tick) && cur.tick >= 0 && cur.tick <= WireBounds.MAX_TICK,
    'tick',
    cur.tick,
  );
  if (base) requireRange(base.tick < cur.tick && base.tick >= 0, 'baseline tick (below tick)', base.tick);
  const w = bodyWriter.reset();
  w.writeBits(SNAPSHOT_CODEC_VERSION, 8);
  w.writeBool(base !== null);
  w.writeVarUint(cur.tick);
  const tenths = timeToTenths(cur.serverTime);
  if (base) {
    w.writeVarUint(cur.tick - base.tick);
    w.writeVarInt(tenths - timeToTenths(base.serverTime));
    const changed = !sameRound(base.round, cur.round);
    w.writeBool(changed);
    if (changed) writeRound(w, cur.round);
  } else {
    w.writeU48(tenths);
    writeRound(w, cur.round);
  }
  writePlayers(w, base ? base.players : null, cur.players);
  writeEvents(w, events, cur.players);
  return w.align().finish();
}

/**
 * Encode the per-client tail: the owner's fields (delta coded against `base`, which must be the owner fields
 * of the baseline frame the body was encoded against, or null for a full snapshot or a baseline without
 * them) and the frame hash when this snapshot carries one.
 */
export function encodeSnapshotTail(
  base: OwnerFields | null,
  cur: OwnerFields | null,
  hash: number | null,
): Uint8Array {
  const w = tailWriter.reset();
  const delta = cur !== null && base !== null;
  w.writeBool(cur !== null);
  w.writeBool(delta);
  w.writeBool(hash !== null);
  if (cur) writeOwner(w, delta ? base : null, cur);
  if (hash !== null) w.writeBits(hash, 32);
  return w.align().finish();
}

/** Body and tail in one buffer: one WebSocket frame per client. */
export function joinSnapshot(body: Uint8Array, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + tail.length);
  out.set(body, 0);
  out.set(tail, body.length);
  return out;
}

/**
 * Decode a joined snapshot. `baselineOf(tick)` returns a held frame for a delta's baseline; a delta whose
 * baseline is not held is `E_DECODE_NO_BASELINE`. Unchanged players are the baseline's own objects. Never
 * throws: every problem is a coded error.
 */
export function decodeSnapshotBytes(
  bytes: Uint8Array,
  baselineOf: (tick: number) => ClientFrame | undefined,
): DecodeResult<DecodedSnapshot> {
  return decodeBoundary(() => {
    const r = new BitReader(bytes);
    const version = r.readBits(8);
    if (version !== SNAPSHOT_CODEC_VERSION)
      fail(DecodeErrorCode.VERSION, `snapshot codec version ${version}`);
    const isDelta = r.readBool();
    const tick = r.readVarUint();
    let base: ClientFrame | null = null;
    let tenths: number;
    let round: NetRound;
    if (isDelta) {
      const offset = r.readVarUint();
      if (!(offset >= 1 && offset <= tick)) malformed(`baseline offset ${offset} at tick ${tick}`);
      const found = baselineOf(tick - offset);
      if (found === undefined || found.tick !== tick - offset) {
        fail(DecodeErrorCode.NO_BASELINE, `baseline tick ${tick - offset} not held`);
      }
      base = found;
      tenths = Math.round(base.serverTime * TENTHS_PER_MS) + r.readVarInt();
      round = r.readBool() ? readRound(r) : base.round;
    } else {
      tenths = r.readU48();
      round = readRound(r);
    }
    check(tenths >= 0 && tenths < 2 ** 48, 'serverTime out of range');
    const players = readPlayers(r, base ? base.players : null);
    const events = readEvents(r, players);
    r.align();

    const hasOwner = r.readBool();
    const ownerDelta = r.readBool();
    const hasHash = r.readBool();
    check(hasOwner || !ownerDelta, 'owner delta flag without owner');
    let owner: OwnerFields | null = null;
    if (hasOwner) {
      const baseOwner = ownerDelta ? (base?.owner ?? null) : null;
      check(!ownerDelta || baseOwner !== null, 'owner delta without baseline owner fields');
      owner = readOwner(r, baseOwner);
    }
    const hash = hasHash ? r.readBits(32) : null;
    r.end();

    const frame: ClientFrame = { tick, serverTime: tenths / TENTHS_PER_MS, players, round, owner };
    return { frame, baseTick: base ? base.tick : -1, events, hash };
  });
}
