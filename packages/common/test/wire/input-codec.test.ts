import fc from 'fast-check';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import {
  DecodeErrorCode,
  INPUT_CODEC_VERSION,
  INPUT_PACKET_BYTES,
  InputPacket,
  Limits,
  aimFromSteps,
  axisFromSteps,
  decodeInput,
  encodeInput,
  inputCommand,
  narrowAck,
  narrowViewTick,
  widenAck,
  widenViewTick,
} from '../../src/index.js';

const schema = Compile(InputPacket);

const arbPacket: fc.Arbitrary<InputPacket> = fc.record({
  seq: fc.integer({ min: 0, max: Limits.MAX_SEQ }),
  mx: fc.integer({ min: -127, max: 127 }).map(axisFromSteps),
  my: fc.integer({ min: -127, max: 127 }).map(axisFromSteps),
  aim: fc.integer({ min: -1024, max: 1023 }).map(aimFromSteps),
  fire: fc.boolean(),
  ack: fc.integer({ min: -1, max: 0xffff }),
  resync: fc.boolean(),
  view: fc.integer({ min: -1, max: 0xffffff }),
});

const good: InputPacket = {
  seq: 41,
  mx: 1,
  my: -64 / 127,
  aim: aimFromSteps(300),
  fire: true,
  ack: 513,
  resync: false,
  view: 0x0201ff,
};

function codeOf(bytes: Uint8Array, offset = 0): string {
  const r = decodeInput(bytes, offset);
  return r.ok ? 'decoded' : r.error.code;
}

describe('input codec', () => {
  it('round-trips any input on its grids exactly, with or without a view, in 14 bytes with the version first', () => {
    fc.assert(
      fc.property(arbPacket, (p) => {
        const bytes = encodeInput(p);
        expect(bytes.length).toBe(INPUT_PACKET_BYTES);
        expect(bytes[0]).toBe(INPUT_CODEC_VERSION);
        expect(decodeInput(bytes)).toEqual({ ok: true, value: p });
      }),
      { numRuns: 500 },
    );
  });

  it('puts off-grid axes and aims on their grids (clamping axes, folding the aim)', () => {
    const r = decodeInput(encodeInput({ ...good, mx: 3, my: 0.5001, aim: 3 * Math.PI }));
    expect(r).toMatchObject({ ok: true, value: { mx: 1, my: 64 / 127, aim: -Math.PI } });
  });

  it('decodes a view into a larger buffer (a Buffer slice of a socket read)', () => {
    const framed = new Uint8Array(INPUT_PACKET_BYTES + 3);
    framed.set(encodeInput(good), 3);
    expect(decodeInput(framed.subarray(3))).toEqual({ ok: true, value: good });
    // The same bytes read at an offset (how the server reads a frame past its event code).
    expect(decodeInput(framed, 3)).toEqual({ ok: true, value: good });
    expect(codeOf(framed.subarray(0, INPUT_PACKET_BYTES + 2), 3)).toBe(DecodeErrorCode.TRUNCATED);
    expect(codeOf(framed, INPUT_PACKET_BYTES + 3)).toBe(DecodeErrorCode.TRUNCATED);
    const longer = new Uint8Array(INPUT_PACKET_BYTES + 4);
    longer.set(encodeInput(good), 3);
    expect(codeOf(longer, 3)).toBe(DecodeErrorCode.TRAILING);
  });

  it('carries the view as a tick fraction byte, then the low 16 bits of the tick', () => {
    const bytes = encodeInput({ ...good, view: narrowViewTick(0x1234 + 0.5) });
    expect([...bytes.subarray(11)]).toEqual([0x80, 0x34, 0x12]);
    const none = encodeInput({ ...good, view: -1 });
    expect([...none.subarray(11)]).toEqual([0, 0, 0]);
    expect(decodeInput(none)).toMatchObject({ ok: true, value: { view: -1 } });
  });

  it('refuses to encode a seq, ack or view out of range', () => {
    expect(() => encodeInput({ ...good, view: -2 })).toThrow(RangeError);
    expect(() => encodeInput({ ...good, view: 0x1000000 })).toThrow(RangeError);
    expect(() => encodeInput({ ...good, view: 1.5 })).toThrow(RangeError);
    expect(() => encodeInput({ ...good, seq: -1 })).toThrow(RangeError);
    expect(() => encodeInput({ ...good, seq: Limits.MAX_SEQ + 1 })).toThrow(RangeError);
    expect(() => encodeInput({ ...good, ack: 0x10000 })).toThrow(RangeError);
    expect(() => encodeInput({ ...good, ack: -2 })).toThrow(RangeError);
  });

  it('answers a wrong length or version with its code', () => {
    const bytes = encodeInput(good);
    expect(codeOf(new Uint8Array(0))).toBe(DecodeErrorCode.TRUNCATED);
    expect(codeOf(bytes.subarray(0, 13))).toBe(DecodeErrorCode.TRUNCATED);
    expect(codeOf(bytes.subarray(0, 11))).toBe(DecodeErrorCode.TRUNCATED); // a version-1 length
    expect(codeOf(new Uint8Array([...bytes, 0]))).toBe(DecodeErrorCode.TRAILING);
    const other = bytes.slice();
    other[0] = INPUT_CODEC_VERSION + 1;
    expect(codeOf(other)).toBe(DecodeErrorCode.VERSION);
  });

  it('answers out-of-range fields with E_DECODE_MALFORMED', () => {
    const patch = (offset: number, ...values: number[]) => {
      const b = encodeInput(good);
      b.set(values, offset);
      return codeOf(b);
    };
    expect(patch(4, 0x80)).toBe(DecodeErrorCode.MALFORMED); // seq >= 2^31
    expect(patch(7, 0x80)).toBe(DecodeErrorCode.MALFORMED); // mx = -128
    expect(patch(8, 0x80)).toBe(DecodeErrorCode.MALFORMED); // my = -128
    expect(patch(10, 0x80 | (encodeInput(good)[10] ?? 0))).toBe(DecodeErrorCode.MALFORMED); // reserved bit
    const noAck = encodeInput({ ...good, ack: -1 });
    noAck[5] = 7;
    expect(codeOf(noAck)).toBe(DecodeErrorCode.MALFORMED); // an ack without the has-ack flag
    for (const offset of [11, 12, 13]) {
      const noView = encodeInput({ ...good, view: -1 });
      noView[offset] = 1;
      expect(codeOf(noView)).toBe(DecodeErrorCode.MALFORMED); // a view without the has-view flag
    }
  });

  it('decodes every 14-byte buffer to a coded error or a packet the InputPacket schema accepts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 14, maxLength: 14 }), fc.boolean(), (bytes, versioned) => {
        if (versioned) bytes[0] = INPUT_CODEC_VERSION;
        const r = decodeInput(bytes);
        if (r.ok) expect(schema.Check(r.value)).toBe(true);
        else expect(Object.values(DecodeErrorCode)).toContain(r.error.code);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('widenAck and narrowAck', () => {
  it('recovers the newest tick with the same low 16 bits', () => {
    expect(widenAck(100, 100)).toBe(100);
    expect(widenAck(99, 100)).toBe(99);
    expect(widenAck(65_535, 65_536 + 5)).toBe(65_535);
    expect(widenAck(3, 65_536 * 7 + 5)).toBe(65_536 * 7 + 3);
    expect(widenAck(10, 65_536 * 7 + 5)).toBe(65_536 * 6 + 10);
  });

  it('keeps -1, and answers an ack that would be before tick 0 with -1', () => {
    expect(widenAck(-1, 500)).toBe(-1);
    expect(widenAck(600, 500)).toBe(-1);
  });

  it('inverts narrowAck for any tick up to 65535 ticks old', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.nat(65_535), (tick, age) => {
        const now = tick + age;
        expect(widenAck(narrowAck(tick), now)).toBe(tick);
      }),
    );
    expect(narrowAck(-1)).toBe(-1);
  });
});

describe('narrowViewTick and widenViewTick', () => {
  it('recovers a view tick to 1/256 of a tick, up to 32767 ticks either side of now', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 40_000, max: 2 ** 32 - 1 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: -32_767, max: 32_767 }),
        (tick, step, offset) => {
          const view = tick + step / 256;
          expect(widenViewTick(narrowViewTick(view), tick + offset)).toBe(view);
        },
      ),
    );
  });

  it('keeps a claim of the future in the future (an ack is widened backwards, a view to the nearest)', () => {
    expect(widenViewTick(narrowViewTick(1_000_030), 1_000_000)).toBe(1_000_030);
    expect(widenAck(narrowAck(1_000_030), 1_000_000)).toBe(1_000_030 - 65_536);
    expect(widenViewTick(narrowViewTick(65_540), 65_530)).toBe(65_540);
    expect(widenViewTick(narrowViewTick(65_530.25), 65_540)).toBe(65_530.25);
  });

  it('rounds to the nearest 1/256 tick, carrying into the tick', () => {
    expect(narrowViewTick(10 + 0.999)).toBe(11 * 256);
    expect(narrowViewTick(10 + 1 / 1024)).toBe(10 * 256);
    expect(narrowViewTick(65_536 + 2.5)).toBe(2 * 256 + 128);
  });

  it('refuses a negative or non-finite tick', () => {
    expect(() => narrowViewTick(-0.5)).toThrow(RangeError);
    expect(() => narrowViewTick(Number.NaN)).toThrow(RangeError);
    expect(() => narrowViewTick(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('inputCommand', () => {
  it('keeps the intent, widens the view into a tick and leaves the replication fields at the boundary', () => {
    const cmd = inputCommand({ ...good, view: narrowViewTick(70_000 - 4.5) }, 70_001);
    expect(cmd).toEqual({
      seq: 41,
      mx: 1,
      my: -64 / 127,
      aim: aimFromSteps(300),
      fire: true,
      viewTick: 69_995.5,
    });
    expect(inputCommand({ ...good, view: -1 }, 70_001)).not.toHaveProperty('viewTick');
  });
});
