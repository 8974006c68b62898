import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DecodeErrorCode,
  decodeSnapshotBytes,
  encodeSnapshotBody,
  encodeSnapshotTail,
  hashClientFrame,
  joinSnapshot,
  type ClientFrame,
  type DecodeResult,
  type DecodedSnapshot,
} from '../../src/index.js';
import { arbEvents, arbFrame, arbNextFrame } from '../support/frames.js';

const CODES = new Set<string>(Object.values(DecodeErrorCode));

/** A valid delta message and the baseline it needs. */
const arbMessage = arbFrame
  .filter((f) => f.tick < 2 ** 32 - 1)
  .chain((base) =>
    arbNextFrame(base).chain((cur) => fc.tuple(fc.constant(base), fc.constant(cur), arbEvents(cur.players))),
  )
  .map(([base, cur, events]) => ({
    base,
    bytes: joinSnapshot(
      encodeSnapshotBody(base, cur, events),
      encodeSnapshotTail(base.owner, cur.owner, hashClientFrame(cur)),
    ),
  }));

/** Decode, failing the test if anything escapes the decoder, and check the result's shape. */
function safeDecode(bytes: Uint8Array, base: ClientFrame | null): DecodeResult<DecodedSnapshot> {
  const result = decodeSnapshotBytes(bytes, (tick) => (base && base.tick === tick ? base : undefined));
  if (!result.ok) expect(CODES.has(result.error.code)).toBe(true);
  return result;
}

describe('snapshot decoder robustness', () => {
  it('answers every strict prefix of a valid message with E_DECODE_TRUNCATED', () => {
    fc.assert(
      fc.property(arbMessage, ({ base, bytes }) => {
        for (let n = 0; n < bytes.length; n++) {
          const result = safeDecode(bytes.subarray(0, n), base);
          expect(result.ok ? 'decoded' : result.error.code).toBe(DecodeErrorCode.TRUNCATED);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on a message with flipped bits', () => {
    fc.assert(
      fc.property(
        arbMessage,
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        ({ base, bytes }, flips) => {
          const garbled = bytes.slice();
          for (const f of flips) {
            const bit = f % (garbled.length * 8);
            garbled[bit >>> 3] = (garbled[bit >>> 3] ?? 0) ^ (1 << (bit & 7));
          }
          safeDecode(garbled, base);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never throws on random bytes, with or without a plausible header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), arbFrame, (random, header, base) => {
        const bytes = random.slice();
        if (header && bytes.length > 0) bytes[0] = 1;
        safeDecode(bytes, base);
      }),
      { numRuns: 500 },
    );
  });

  it('answers a valid message followed by garbage with E_DECODE_TRAILING', () => {
    fc.assert(
      fc.property(arbMessage, fc.uint8Array({ minLength: 1, maxLength: 64 }), ({ base, bytes }, extra) => {
        const result = safeDecode(joinSnapshot(bytes, extra), base);
        expect(result.ok ? 'decoded' : result.error.code).toBe(DecodeErrorCode.TRAILING);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses an oversized buffer of 1 MiB quickly and without throwing', () => {
    const huge = new Uint8Array(1 << 20).fill(0xff);
    huge[0] = 1;
    const result = safeDecode(huge, null);
    expect(result.ok).toBe(false);
  });

  it('refuses an overlong varuint as malformed', () => {
    // version 1, full, then a tick whose varuint never ends.
    const bytes = new Uint8Array([1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(safeDecode(bytes, null)).toMatchObject({ ok: false, error: { code: DecodeErrorCode.MALFORMED } });
  });
});
