import type { InputPacket } from '../protocol/schemas.js';
import type { SimInput } from '../sim/types.js';
import { Quanta, aimFromSteps, aimToSteps, axisFromSteps, axisToSteps } from '../sim/quanta.js';
import {
  DecodeErrorCode,
  type DecodeResult,
  check,
  malformed,
  decodeBoundary,
  fail,
} from './decode-error.js';
import { WireBounds, requireRange } from './wire-bounds.js';

/**
 * One input packet per client tick, 14 bytes, little-endian:
 *
 *   offset 0  u8   version (INPUT_CODEC_VERSION)
 *          1  u32  seq, 0 .. 2^31 - 1
 *          5  u16  ack: low 16 bits of the newest snapshot tick held (0 when there is none)
 *          7  i8   mx in axis steps, -127 .. 127 (the axis is k / 127)
 *          8  i8   my in axis steps
 *          9  u16  bits 0-10 aim steps (two's complement, -1024 .. 1023), bit 11 fire, bit 12 has ack,
 *                  bit 13 resync, bit 14 has view, bit 15 zero
 *         11  u8   view: fraction of a tick, in 1/256 (0 when there is no view)
 *         12  u16  view: low 16 bits of the tick drawn
 *
 * Values travel as grid steps (`sim/quanta.ts`), so the server simulates exactly what the client predicted
 * with, provided the client predicts with the decoded (grid) values. The view (bytes 11-13, one 24-bit
 * number of 1/256 ticks) is the server time the client was drawing other players at, for lag compensation.
 */
export const INPUT_CODEC_VERSION = 2;
export const INPUT_PACKET_BYTES = 14;

const AIM_MASK = 0x7ff;
const FIRE = 1 << 11;
const HAS_ACK = 1 << 12;
const RESYNC = 1 << 13;
const HAS_VIEW = 1 << 14;
const RESERVED = 0x8000;
const ACK_MASK = 0xffff;
/** A view time is carried in 1/256 ticks (0.13 ms at 30 Hz, far below what a shooter can aim at). */
const VIEW_STEPS_PER_TICK = 256;
/** 24 bits of 1/256 ticks: 65536 ticks, so the server recovers any view within 18 minutes (30 Hz) of now. */
const VIEW_MODULUS = 2 ** 24;
const VIEW_HALF = VIEW_MODULUS / 2;

/**
 * Encode an input. `mx`, `my` and `aim` are put on their grids (axes clamped to [-1, 1], the aim folded
 * into [-PI, PI)), so `decodeInput(encodeInput(p))` equals `p` exactly when `p` is already on the grids.
 * Throws a RangeError for a `seq`, `ack` or `view` out of range (a caller bug).
 */
export function encodeInput(p: InputPacket): Uint8Array {
  requireRange(Number.isInteger(p.seq) && p.seq >= 0 && p.seq <= WireBounds.MAX_SEQ, 'seq', p.seq);
  requireRange(Number.isInteger(p.ack) && p.ack >= -1 && p.ack <= ACK_MASK, 'ack (low 16 bits or -1)', p.ack);
  const view = p.view;
  requireRange(Number.isInteger(view) && view >= -1 && view < VIEW_MODULUS, 'view (24 bits or -1)', view);
  const bytes = new Uint8Array(INPUT_PACKET_BYTES);
  const out = new DataView(bytes.buffer);
  out.setUint8(0, INPUT_CODEC_VERSION);
  out.setUint32(1, p.seq, true);
  out.setUint16(5, p.ack < 0 ? 0 : p.ack, true);
  out.setInt8(7, axisToSteps(p.mx));
  out.setInt8(8, axisToSteps(p.my));
  const word =
    (aimToSteps(p.aim) & AIM_MASK) |
    (p.fire ? FIRE : 0) |
    (p.ack >= 0 ? HAS_ACK : 0) |
    (p.resync ? RESYNC : 0) |
    (view >= 0 ? HAS_VIEW : 0);
  out.setUint16(9, word, true);
  if (view >= 0) {
    out.setUint8(11, view & 0xff);
    out.setUint16(12, view >>> 8, true);
  }
  return bytes;
}

/**
 * Decode the input packet at `offset` of `bytes` (the rest of `bytes` is the packet: the server passes a
 * whole frame and the offset past its event code, sparing a view per packet); wrong length, version or
 * ranges are coded errors, never exceptions.
 */
export function decodeInput(bytes: Uint8Array, offset = 0): DecodeResult<InputPacket> {
  return decodeBoundary(() => {
    const o = offset;
    const length = bytes.length - o;
    if (length < 1) fail(DecodeErrorCode.TRUNCATED, 'empty input packet');
    if (bytes[o] !== INPUT_CODEC_VERSION) fail(DecodeErrorCode.VERSION, `input codec version ${bytes[o]}`);
    if (length < INPUT_PACKET_BYTES) fail(DecodeErrorCode.TRUNCATED, `input packet of ${length} bytes`);
    if (length > INPUT_PACKET_BYTES) fail(DecodeErrorCode.TRAILING, `input packet of ${length} bytes`);
    // Little-endian fields read byte by byte (the length is checked above, so every index is in range).
    const b = (i: number) => bytes[o + i] as number;
    const seq = (b(1) | (b(2) << 8) | (b(3) << 16) | (b(4) << 24)) >>> 0;
    if (!(seq <= WireBounds.MAX_SEQ)) malformed(`seq ${seq} out of range`);
    const ackLow = b(5) | (b(6) << 8);
    const mx = (b(7) << 24) >> 24;
    const my = (b(8) << 24) >> 24;
    check(mx >= -Quanta.AXIS_STEPS && my >= -Quanta.AXIS_STEPS, 'movement axis step -128');
    const word = b(9) | (b(10) << 8);
    check((word & RESERVED) === 0, 'reserved input bits set');
    const hasAck = (word & HAS_ACK) !== 0;
    check(hasAck || ackLow === 0, 'ack without the has-ack flag');
    const hasView = (word & HAS_VIEW) !== 0;
    const view = b(11) | (b(12) << 8) | (b(13) << 16);
    check(hasView || view === 0, 'view without the has-view flag');
    const aimSteps = word & AIM_MASK;
    // One object literal, every key always present: one hidden class for every packet on the hot path.
    const packet: InputPacket = {
      seq,
      mx: axisFromSteps(mx),
      my: axisFromSteps(my),
      aim: aimFromSteps(aimSteps >= 1024 ? aimSteps - 2048 : aimSteps),
      fire: (word & FIRE) !== 0,
      ack: hasAck ? ackLow : -1,
      resync: (word & RESYNC) !== 0,
      view: hasView ? view : -1,
    };
    return packet;
  });
}

/** A held tick -> the `ack` an input carries: its low 16 bits, or -1 for none. */
export function narrowAck(tick: number): number {
  return tick < 0 ? -1 : tick & ACK_MASK;
}

/**
 * The tick an `ack` refers to: the largest tick <= `currentTick` whose low 16 bits are `low16` (-1 stays -1,
 * and so does an ack that would be before tick 0). 65536 ticks is 36 minutes at 30 Hz, far longer than any
 * baseline is kept, so the newest matching tick is the one meant.
 */
export function widenAck(low16: number, currentTick: number): number {
  if (low16 < 0) return -1;
  const back = (((currentTick - low16) % 65_536) + 65_536) % 65_536;
  const tick = currentTick - back;
  return tick >= 0 ? tick : -1;
}

/**
 * A (fractional) server tick the client is drawing -> the `view` an input carries: the tick in 1/256 ticks,
 * rounded, low 24 bits. Throws a RangeError for a negative or non-finite tick (a caller bug).
 */
export function narrowViewTick(tick: number): number {
  requireRange(Number.isFinite(tick) && tick >= 0, 'view tick', tick);
  return Math.round(tick * VIEW_STEPS_PER_TICK) % VIEW_MODULUS;
}

/**
 * The tick a `view` refers to: of all ticks with these low 24 bits (in 1/256 ticks), the one nearest to
 * `currentTick`. Unlike `widenAck` (an ack is never ahead of the server) a view can claim the future, and
 * must stay in the future so that lag compensation clamps it to now rather than to the far past. The result
 * can be negative or far from now: the caller bounds it.
 */
export function widenViewTick(view: number, currentTick: number): number {
  const now = currentTick * VIEW_STEPS_PER_TICK;
  let diff = (((view - now) % VIEW_MODULUS) + VIEW_MODULUS) % VIEW_MODULUS;
  if (diff >= VIEW_HALF) diff -= VIEW_MODULUS;
  return (now + diff) / VIEW_STEPS_PER_TICK;
}

/**
 * The simulation command an input packet stands for, received while the server is at `currentTick`: its
 * intent, and its view widened to a full (fractional) tick. The replication fields (`ack`, `resync`) stay
 * at the boundary.
 */
export function inputCommand(packet: InputPacket, currentTick: number): SimInput {
  const { seq, mx, my, aim, fire, view } = packet;
  return view < 0
    ? { seq, mx, my, aim, fire }
    : { seq, mx, my, aim, fire, viewTick: widenViewTick(view, currentTick) };
}
