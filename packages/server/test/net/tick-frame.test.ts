import { BinaryEvent } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { tickFrame, tickMessage } from '../../src/net/tick-frame.js';

interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}
/** ws's frame builder (`Sender.frame`), which @types/ws does not declare. */
const Sender = (ws as unknown as { Sender: { frame(data: Buffer, o: FrameOptions): Buffer[] } }).Sender;

/** The frame `ws` itself builds for a server-to-client binary message (what engine.io would otherwise send). */
function wsFrame(message: Uint8Array): Buffer {
  const parts = Sender.frame(Buffer.from(message), {
    fin: true,
    opcode: 2,
    mask: false,
    readOnly: false,
    rsv1: false,
  });
  return Buffer.concat(parts);
}

describe('tickFrame', () => {
  // Around each boundary of the WebSocket length encoding: 7 bits, 16 bits, 64 bits.
  for (const size of [0, 1, 124, 125, 126, 127, 65_534, 65_535, 65_536, 70_000]) {
    it(`builds the frame ws would for a ${size + 1}-byte message`, () => {
      const body = Uint8Array.from({ length: size }, (_, i) => (i * 7 + 3) & 0xff);
      const tail = Uint8Array.of(0xaa, 0xbb);
      const t = tickFrame(body, tail);
      const message = tickMessage(t);
      expect([...message.subarray(0, 1)]).toEqual([BinaryEvent.tick.code]);
      expect(Buffer.from(message.subarray(1, 1 + size)).equals(Buffer.from(body))).toBe(true);
      expect([...message.subarray(1 + size)]).toEqual([0xaa, 0xbb]);
      expect(t.frame.equals(wsFrame(message))).toBe(true);
      // One allocation: the message is the tail end of the frame.
      expect(message.buffer).toBe(t.frame.buffer);
      expect(message.byteOffset + message.byteLength).toBe(t.frame.byteOffset + t.frame.byteLength);
    });
  }
});
