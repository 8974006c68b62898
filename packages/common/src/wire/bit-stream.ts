import { DecodeErrorCode, check, fail } from './decode-error.js';

/**
 * Bit-level writer and reader for the binary codecs. Bits are packed least significant first into
 * successive bytes (Gaffer on Games, "Reading and Writing Packets"): a value written with `n` bits occupies
 * the next `n` bit positions, so fields need no byte alignment and a 1-bit flag costs one bit.
 *
 * Writers throw a `RangeError` on a value that does not fit: that is a bug in the caller (the server), not a
 * bad peer. Readers check every read against the end of the buffer and throw the package-private
 * `DecodeFailure`, which the public decoders turn into a coded error.
 */

/** Largest value a varuint carries: 5 groups of 7 bits, capped to 32 bits so the result stays exact. */
export const VARUINT_MAX = 0xffff_ffff;
const VARUINT_GROUPS = 5;
const TWO_POW_32 = 2 ** 32;
/** 2^n for n in 0..32, so the hot paths do not compute powers (the encoder runs per client group per tick). */
const POW2: readonly number[] = Array.from({ length: 33 }, (_, n) => 2 ** n);

function assertFits(value: number, bits: number): void {
  if (!(bits >= 1 && bits <= 32 && (bits | 0) === bits))
    throw new RangeError(`bit width ${bits} not in 1..32`);
  if (!(value >= 0 && value < (POW2[bits] as number) && Math.floor(value) === value)) {
    throw new RangeError(`value ${value} does not fit in ${bits} unsigned bits`);
  }
}

/** Zigzag: signed -> unsigned so small magnitudes of either sign stay small (0, -1, 1, -2 -> 0, 1, 2, 3). */
export function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

export function unzigzag(u: number): number {
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
}

/** Bits a two's-complement field needs to hold `v` (at least 1). */
export function signedBitsFor(v: number): number {
  // Within int32: the bits of the magnitude (of ~v for negatives) plus a sign bit.
  if (v >= -0x8000_0000 && v <= 0x7fff_ffff && (v | 0) === v) return 33 - Math.clz32(v >= 0 ? v : ~v);
  let bits = 1;
  while (v < -(2 ** (bits - 1)) || v >= 2 ** (bits - 1)) bits += 1;
  return bits;
}

/**
 * A reusable, growable bit writer. Keep one per encoder and `reset()` it per message: the buffer only grows,
 * so steady-state encoding allocates nothing but the result of `finish()`.
 */
export class BitWriter {
  private buf: Uint8Array;
  private bitPos = 0;

  /** @param initialBytes starting capacity; doubles when exceeded. @default 256 */
  constructor(initialBytes = 256) {
    this.buf = new Uint8Array(Math.max(1, initialBytes));
  }

  /** Forget what was written; the buffer is kept. */
  reset(): this {
    this.buf.fill(0, 0, Math.ceil(this.bitPos / 8));
    this.bitPos = 0;
    return this;
  }

  /** Bits written so far. */
  get bitLength(): number {
    return this.bitPos;
  }

  /** Write `value` as an unsigned integer of `bits` bits (1..32). */
  writeBits(value: number, bits: number): this {
    assertFits(value, bits);
    this.ensure(bits);
    // `>>> 0` keeps a 32-bit value exact (unsigned) and lets the shifts below stay in integer arithmetic.
    let v = value >>> 0;
    let n = bits;
    const buf = this.buf;
    while (n > 0) {
      const used = this.bitPos & 7;
      const take = 8 - used < n ? 8 - used : n;
      const idx = this.bitPos >>> 3;
      buf[idx] = (buf[idx] as number) | ((v & ((1 << take) - 1)) << used);
      v >>>= take;
      n -= take;
      this.bitPos += take;
    }
    return this;
  }

  /** Write `value` as a two's-complement integer of `bits` bits (range -2^(bits-1) .. 2^(bits-1) - 1). */
  writeSigned(value: number, bits: number): this {
    const half = POW2[bits - 1] ?? 2 ** (bits - 1);
    if (!Number.isInteger(value) || value < -half || value >= half) {
      throw new RangeError(`value ${value} does not fit in ${bits} signed bits`);
    }
    return this.writeBits(value < 0 ? value + 2 * half : value, bits);
  }

  writeBool(value: boolean): this {
    return this.writeBits(value ? 1 : 0, 1);
  }

  /** Write 0 .. VARUINT_MAX as groups of 7 bits, each followed by a continuation bit (1 = more follow). */
  writeVarUint(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > VARUINT_MAX) {
      throw new RangeError(`varuint ${value} not in 0..${VARUINT_MAX}`);
    }
    let v = value;
    for (;;) {
      const group = v % 128;
      v = Math.floor(v / 128);
      this.writeBits(group, 7);
      this.writeBool(v > 0);
      if (v === 0) return this;
    }
  }

  /** Zigzag then varuint: for a signed value whose magnitude is usually small. */
  writeVarInt(value: number): this {
    return this.writeVarUint(zigzag(value));
  }

  /** Write an unsigned integer of up to 48 bits (used for absolute times). */
  writeU48(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** 48)
      throw new RangeError(`u48 ${value} out of range`);
    this.writeBits(value % TWO_POW_32, 32);
    return this.writeBits(Math.floor(value / TWO_POW_32), 16);
  }

  /** Pad with zero bits to the next byte boundary. */
  align(): this {
    const pad = (8 - (this.bitPos & 7)) & 7;
    if (pad > 0) this.writeBits(0, pad);
    return this;
  }

  /**
   * The bytes written so far, padded to whole bytes with zero bits, as a fresh copy: the writer's buffer
   * is reused by the next message, so a view into it would change under the caller.
   */
  finish(): Uint8Array {
    return this.buf.slice(0, Math.ceil(this.bitPos / 8));
  }

  private ensure(bits: number): void {
    const needed = Math.ceil((this.bitPos + bits) / 8);
    if (needed <= this.buf.length) return;
    const next = new Uint8Array(Math.max(needed, this.buf.length * 2));
    next.set(this.buf);
    this.buf = next;
  }
}

/** A bounds-checked reader over a byte array. Every read past the end is `E_DECODE_TRUNCATED`. */
export class BitReader {
  private bitPos = 0;
  private readonly bitEnd: number;

  constructor(private readonly bytes: Uint8Array) {
    this.bitEnd = bytes.length * 8;
  }

  /** Bits not read yet (including any final padding). */
  get bitsLeft(): number {
    return this.bitEnd - this.bitPos;
  }

  readBits(bits: number): number {
    if (this.bitPos + bits > this.bitEnd) fail(DecodeErrorCode.TRUNCATED, 'message ends early');
    let value = 0;
    let shift = 0;
    let n = bits;
    const bytes = this.bytes;
    while (n > 0) {
      const used = this.bitPos & 7;
      const take = 8 - used < n ? 8 - used : n;
      const byte = bytes[this.bitPos >>> 3] as number;
      // Multiplication, not `<<`, so bit 31 of a 32-bit field stays positive.
      value += ((byte >>> used) & ((1 << take) - 1)) * (POW2[shift] as number);
      shift += take;
      n -= take;
      this.bitPos += take;
    }
    return value;
  }

  readSigned(bits: number): number {
    const u = this.readBits(bits);
    const half = POW2[bits - 1] ?? 2 ** (bits - 1);
    return u >= half ? u - 2 * half : u;
  }

  readBool(): boolean {
    return this.readBits(1) === 1;
  }

  /** See `BitWriter.writeVarUint`. A sixth group, or a value above VARUINT_MAX, is malformed. */
  readVarUint(): number {
    let value = 0;
    let scale = 1;
    for (let group = 0; group < VARUINT_GROUPS; group++) {
      value += this.readBits(7) * scale;
      scale *= 128;
      if (!this.readBool()) {
        check(value <= VARUINT_MAX, 'varuint above 32 bits');
        return value;
      }
    }
    return fail(DecodeErrorCode.MALFORMED, 'overlong varuint');
  }

  readVarInt(): number {
    return unzigzag(this.readVarUint());
  }

  readU48(): number {
    const low = this.readBits(32);
    return this.readBits(16) * TWO_POW_32 + low;
  }

  /** Skip to the next byte boundary; the padding must be zero bits (anything else is a forged buffer). */
  align(): void {
    const pad = (8 - (this.bitPos & 7)) & 7;
    if (pad > 0) check(this.readBits(pad) === 0, 'non-zero padding');
  }

  /** After the last field: align, then refuse leftover bytes with `E_DECODE_TRAILING`. */
  end(): void {
    this.align();
    if (this.bitPos < this.bitEnd)
      fail(DecodeErrorCode.TRAILING, `${(this.bitEnd - this.bitPos) / 8} trailing bytes`);
  }
}
