import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BitReader, BitWriter, DecodeErrorCode } from '../../src/index.js';
import { decodeBoundary } from '../../src/wire/decode-error.js';

type Op =
  | { kind: 'bits'; bits: number; value: number }
  | { kind: 'signed'; bits: number; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'varuint'; value: number }
  | { kind: 'varint'; value: number }
  | { kind: 'u48'; value: number }
  | { kind: 'align' };

const arbOp: fc.Arbitrary<Op> = fc.oneof(
  fc.integer({ min: 1, max: 32 }).chain((bits) =>
    fc.record({
      kind: fc.constant('bits' as const),
      bits: fc.constant(bits),
      value: fc.integer({ min: 0, max: 2 ** bits - 1 }),
    }),
  ),
  fc.integer({ min: 1, max: 32 }).chain((bits) =>
    fc.record({
      kind: fc.constant('signed' as const),
      bits: fc.constant(bits),
      value: fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 }),
    }),
  ),
  fc.record({ kind: fc.constant('bool' as const), value: fc.boolean() }),
  fc.record({
    kind: fc.constant('varuint' as const),
    value: fc.oneof(fc.nat(300), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
  }),
  fc.record({
    kind: fc.constant('varint' as const),
    value: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  }),
  fc.record({ kind: fc.constant('u48' as const), value: fc.integer({ min: 0, max: 2 ** 48 - 1 }) }),
  fc.constant({ kind: 'align' as const }),
);

function write(w: BitWriter, op: Op): void {
  switch (op.kind) {
    case 'bits':
      return void w.writeBits(op.value, op.bits);
    case 'signed':
      return void w.writeSigned(op.value, op.bits);
    case 'bool':
      return void w.writeBool(op.value);
    case 'varuint':
      return void w.writeVarUint(op.value);
    case 'varint':
      return void w.writeVarInt(op.value);
    case 'u48':
      return void w.writeU48(op.value);
    case 'align':
      return void w.align();
  }
}

function read(r: BitReader, op: Op): unknown {
  switch (op.kind) {
    case 'bits':
      return r.readBits(op.bits);
    case 'signed':
      return r.readSigned(op.bits);
    case 'bool':
      return r.readBool();
    case 'varuint':
      return r.readVarUint();
    case 'varint':
      return r.readVarInt();
    case 'u48':
      return r.readU48();
    case 'align':
      r.align();
      return undefined;
  }
}

describe('BitWriter and BitReader', () => {
  it('round-trip any sequence of fields exactly, reusing one writer', () => {
    const w = new BitWriter(1);
    fc.assert(
      fc.property(fc.array(arbOp, { maxLength: 40 }), (ops) => {
        w.reset();
        for (const op of ops) write(w, op);
        const r = new BitReader(w.finish());
        for (const op of ops) expect(read(r, op)).toEqual(op.kind === 'align' ? undefined : op.value);
        r.end();
      }),
      { numRuns: 500 },
    );
  });

  it('packs a 1-bit flag into one bit and pads the last byte with zeros', () => {
    const w = new BitWriter();
    w.writeBool(true).writeBits(0b101, 3);
    expect(w.bitLength).toBe(4);
    expect([...w.finish()]).toEqual([0b1011]);
  });

  it('returns a copy from finish(), unaffected by later writes', () => {
    const w = new BitWriter();
    const first = w.writeBits(0xab, 8).finish();
    w.reset().writeBits(0xcd, 8);
    expect([...first]).toEqual([0xab]);
    expect([...w.finish()]).toEqual([0xcd]);
  });

  it('refuses to write values that do not fit', () => {
    const w = new BitWriter();
    expect(() => w.writeBits(8, 3)).toThrow(RangeError);
    expect(() => w.writeBits(-1, 8)).toThrow(RangeError);
    expect(() => w.writeBits(1.5, 8)).toThrow(RangeError);
    expect(() => w.writeSigned(4, 3)).toThrow(RangeError);
    expect(() => w.writeVarUint(2 ** 32)).toThrow(RangeError);
    expect(() => w.writeBits(0, 33)).toThrow(RangeError);
  });

  it('reports reading past the end as E_DECODE_TRUNCATED', () => {
    const r = new BitReader(new Uint8Array([0xff]));
    expect(decodeBoundary(() => r.readBits(9))).toMatchObject({
      ok: false,
      error: { code: DecodeErrorCode.TRUNCATED },
    });
  });

  it('reports a varuint of more than five groups, or above 32 bits, as E_DECODE_MALFORMED', () => {
    const overlong = new BitReader(new Uint8Array(8).fill(0xff));
    expect(decodeBoundary(() => overlong.readVarUint())).toMatchObject({
      error: { code: DecodeErrorCode.MALFORMED },
    });
    const w = new BitWriter();
    for (let i = 0; i < 4; i++) w.writeBits(127, 7).writeBool(true);
    w.writeBits(127, 7).writeBool(false); // 35 bits of ones
    const big = new BitReader(w.finish());
    expect(decodeBoundary(() => big.readVarUint())).toMatchObject({
      error: { code: DecodeErrorCode.MALFORMED },
    });
  });

  it('reports non-zero padding as malformed and leftover bytes as trailing', () => {
    const padded = new BitReader(new Uint8Array([0b10]));
    padded.readBool();
    expect(decodeBoundary(() => padded.align())).toMatchObject({
      error: { code: DecodeErrorCode.MALFORMED },
    });
    const long = new BitReader(new Uint8Array([1, 0]));
    long.readBits(8);
    expect(decodeBoundary(() => long.end())).toMatchObject({ error: { code: DecodeErrorCode.TRAILING } });
  });
});
