import fc from 'fast-check';
import {
  Decoder as DefaultDecoder,
  Encoder as DefaultEncoder,
  PacketType,
  type Packet,
} from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { BinaryEvent, binaryParser } from '../../src/index.js';

/** Feed chunks to a fresh decoder and collect what it emits (or the error it throws). */
function decodeAll(
  chunks: unknown[],
  make: () => { add(c: unknown): void; on(e: 'decoded', f: (p: Packet) => void): unknown } = () =>
    new binaryParser.Decoder(),
) {
  const decoder = make();
  const packets: Packet[] = [];
  decoder.on('decoded', (p) => packets.push(p));
  for (const c of chunks) decoder.add(c);
  return packets;
}

/** What `add` throws, checking it is a plain Error and nothing else. */
function thrownBy(chunk: unknown): Error {
  try {
    decodeAll([chunk]);
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).constructor).toBe(Error);
    return e as Error;
  }
  throw new Error('add() accepted the chunk');
}

const event = (data: unknown[], id?: number): Packet => ({
  type: PacketType.EVENT,
  nsp: '/',
  data,
  ...(id === undefined ? {} : { id }),
});

describe('binary socket.io parser', () => {
  it('is shaped like socket.io-parser (protocol 5, Encoder, Decoder)', () => {
    expect(binaryParser.protocol).toBe(5);
    expect(typeof new binaryParser.Encoder().encode).toBe('function');
    expect(typeof new binaryParser.Decoder().destroy).toBe('function');
  });

  for (const name of Object.keys(BinaryEvent) as (keyof typeof BinaryEvent)[]) {
    it(`sends a '${name}' event with one Uint8Array as one binary frame [code][payload] and decodes it back`, () => {
      const payload = new Uint8Array([1, 2, 3, 250]);
      const frames = new binaryParser.Encoder().encode(event([name, payload]));
      expect(frames).toHaveLength(1);
      expect([...(frames[0] as Uint8Array)]).toEqual([BinaryEvent[name].code, 1, 2, 3, 250]);
      const [packet] = decodeAll(frames);
      expect(packet).toEqual({ type: PacketType.EVENT, nsp: '/', data: [name, payload] });
      expect(packet?.data[1]).toBeInstanceOf(Uint8Array);
    });
  }

  it('decodes a binary frame whether it arrives as a Buffer, an ArrayBuffer or a Uint8Array view', () => {
    const frame = new binaryParser.Encoder().encode(
      event(['input', new Uint8Array([9, 8, 7])]),
    )[0] as Uint8Array;
    const inBigger = new Uint8Array(frame.length + 4);
    inBigger.set(frame, 2);
    const chunks = [Buffer.from(frame), frame.buffer.slice(0), inBigger.subarray(2, 2 + frame.length)];
    for (const chunk of chunks) {
      const [packet] = decodeAll([chunk]);
      expect([...(packet?.data[1] as Uint8Array)]).toEqual([9, 8, 7]);
      expect(packet?.data[0]).toBe('input');
    }
  });

  it('sends an empty payload as a 1-byte frame', () => {
    const frames = new binaryParser.Encoder().encode(event(['tick', new Uint8Array(0)]));
    expect(decodeAll(frames)[0]?.data[1]).toEqual(new Uint8Array(0));
  });

  const jsonPackets: Packet[] = [
    { type: PacketType.CONNECT, nsp: '/', data: { token: 'x' } },
    { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc', pid: 'def' } },
    event(['chat', { text: 'gg' }]),
    event(['room:join', { code: 'ABCDEF', name: 'Ada' }], 12),
    event(['tick', { notBinary: true }]),
    event(['tick']),
    { type: PacketType.ACK, nsp: '/', id: 12, data: [{ ok: true, data: null }] },
    { type: PacketType.DISCONNECT, nsp: '/' },
    { type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'E_PROTOCOL_MISMATCH' } },
    { type: PacketType.EVENT, nsp: '/admin', data: ['x', 1] },
  ];

  it('encodes every other packet exactly as the default parser does', () => {
    for (const p of jsonPackets)
      expect(new binaryParser.Encoder().encode(p)).toEqual(new DefaultEncoder().encode(p));
  });

  it('decodes JSON packets exactly as the default parser does', () => {
    for (const p of jsonPackets) {
      const text = new DefaultEncoder().encode(p);
      expect(decodeAll(text)).toEqual(decodeAll(text, () => new DefaultDecoder()));
    }
  });

  it('refuses to encode binary that would need attachments (an ack id, another event, a nested buffer)', () => {
    const enc = new binaryParser.Encoder();
    const bytes = new Uint8Array([1]);
    expect(() => enc.encode(event(['tick', bytes], 3))).toThrow(Error);
    expect(() => enc.encode(event(['chat', bytes]))).toThrow(Error);
    expect(() => enc.encode(event(['tick', { bytes }]))).toThrow(Error);
    expect(() => enc.encode(event(['tick', bytes, 2]))).toThrow(Error);
    expect(() => enc.encode({ type: PacketType.ACK, nsp: '/', id: 1, data: [bytes] })).toThrow(Error);
  });

  it('refuses text headers of binary events and binary acks (no attachments are accepted)', () => {
    const withAttachment = new DefaultEncoder().encode(event(['tick', Buffer.from([1])]));
    expect(typeof withAttachment[0]).toBe('string');
    expect(thrownBy(withAttachment[0]).message).toMatch(/attachments/);
    thrownBy('51-["tick",{"_placeholder":true,"num":0}]');
    thrownBy('61-3[{"_placeholder":true,"num":0}]');
    thrownBy('5');
  });

  it('refuses malformed binary frames: empty, unknown code, oversized', () => {
    thrownBy(new Uint8Array(0));
    thrownBy(new ArrayBuffer(0));
    thrownBy(new Uint8Array([0x00, 1]));
    thrownBy(new Uint8Array([0x7f]));
    thrownBy(new Uint8Array(BinaryEvent.input.maxBytes + 2).fill(BinaryEvent.input.code, 0, 1));
    thrownBy(new Uint8Array(BinaryEvent.tick.maxBytes + 2).fill(BinaryEvent.tick.code, 0, 1));
    expect(
      decodeAll([new Uint8Array(BinaryEvent.tick.maxBytes + 1).fill(BinaryEvent.tick.code, 0, 1)]),
    ).toHaveLength(1);
  });

  it('refuses chunks that are neither text nor binary', () => {
    for (const chunk of [
      42,
      null,
      undefined,
      { base64: true, data: 'AQ==' },
      new DataView(new ArrayBuffer(2)),
    ])
      thrownBy(chunk);
  });

  it('refuses an event whose name is an object, as the default decoder does (CVE-2023-32695)', () => {
    const forged = '2[{"toString":"x"}]';
    expect(() => decodeAll([forged], () => new DefaultDecoder())).toThrow(Error);
    thrownBy(forged);
    thrownBy('2[{"toString":"x"},1]');
    thrownBy('2["connect"]');
  });

  it('throws nothing but a plain Error on arbitrary text or bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 64 }),
          fc.json().map((j) => `2${j}`),
        ),
        (chunk) => {
          try {
            decodeAll([chunk]);
          } catch (e) {
            expect(e).toBeInstanceOf(Error);
            expect((e as Error).constructor).toBe(Error);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
