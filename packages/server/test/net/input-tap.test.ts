import { BinaryEvent, binaryFrameOf, binaryParser } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { serverParser } from '../../src/net/input-tap.js';

/** socket.io's packet types (socket.io-parser), as they lead a text packet. */
const PacketType = { EVENT: 2, BINARY_EVENT: 5 } as const;
interface Packet {
  type: number;
  nsp: string;
  data?: unknown;
}

function decodeWith(parser: typeof serverParser | typeof binaryParser, chunks: unknown[]): Packet[] {
  const decoder = new parser.Decoder();
  const out: Packet[] = [];
  decoder.on('decoded', (p: Packet) => out.push(p));
  for (const c of chunks) decoder.add(c);
  return out;
}

const inputFrame = Uint8Array.of(BinaryEvent.input.code, 2, 0, 0, 0, 0);
const tickFrame = Uint8Array.of(BinaryEvent.tick.code, 9, 9);
const chatText = `${PacketType.EVENT}["chat",{"text":"hi"}]`;

describe("the server's parser", () => {
  it('leaves input frames to the tap and decodes everything else as binaryParser does', () => {
    const chunks = [inputFrame, chatText, tickFrame, Buffer.from(inputFrame)];
    const theirs = decodeWith(binaryParser, chunks);
    const ours = decodeWith(serverParser, chunks);
    expect(theirs.map((p) => (p.data as unknown[])[0])).toEqual(['input', 'chat', 'tick', 'input']);
    expect(ours).toEqual(theirs.filter((p) => (p.data as unknown[])[0] !== 'input'));
  });

  it('still refuses an oversized input frame, an unknown code and binary attachments', () => {
    const big = new Uint8Array(BinaryEvent.input.maxBytes + 2);
    big[0] = BinaryEvent.input.code;
    expect(() => decodeWith(serverParser, [big])).toThrow(Error);
    expect(() => decodeWith(serverParser, [Uint8Array.of(0x7f)])).toThrow(Error);
    expect(() =>
      decodeWith(serverParser, [`${PacketType.BINARY_EVENT}1-["input",{"_placeholder":true,"num":0}]`]),
    ).toThrow(Error);
  });
});

describe('binaryFrameOf', () => {
  it('recognises an input frame however engine.io hands it over, and nothing else', () => {
    expect(binaryFrameOf(inputFrame, 'input')).toBe(inputFrame);
    expect(binaryFrameOf(Buffer.from(inputFrame), 'input')?.[1]).toBe(2);
    expect(binaryFrameOf(inputFrame.slice().buffer, 'input')?.length).toBe(inputFrame.length);
    expect(binaryFrameOf(tickFrame, 'input')).toBeNull();
    expect(binaryFrameOf(new Uint8Array(0), 'input')).toBeNull();
    expect(binaryFrameOf(chatText, 'input')).toBeNull();
    expect(binaryFrameOf(null, 'input')).toBeNull();
  });
});
