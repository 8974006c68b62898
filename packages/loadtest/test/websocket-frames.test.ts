import { describe, expect, it } from 'vitest';
import { encodeClientFrame, FrameReader, Opcode, type FrameHandler } from '../src/bot/websocket-frames.js';
import { acceptFor, handshakeRequest, readHandshakeAnswer } from '../src/bot/websocket-handshake.js';

/** An unmasked server frame, as a WebSocket server writes it. */
function serverFrame(opcode: number, payload: Buffer | string, fin = true): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const len = body.length;
  const head = len < 126 ? Buffer.from([0, len]) : Buffer.from([0, 126, len >> 8, len & 0xff]);
  head[0] = (fin ? 0x80 : 0) | opcode;
  return Buffer.concat([head, body]);
}

/** Unmask a client frame: [opcode byte, payload]. */
function unmask(f: Buffer): [number, Buffer] {
  expect((f[1] as number) & 0x80).toBe(0x80);
  const code = (f[1] as number) & 0x7f;
  const head = code < 126 ? 2 : code === 126 ? 4 : 10;
  const len = code < 126 ? code : code === 126 ? f.readUInt16BE(2) : f.readUInt32BE(6);
  expect(f.length).toBe(head + 4 + len);
  const mask = f.subarray(head, head + 4);
  const body = Buffer.from(f.subarray(head + 4));
  for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (mask[i & 3] as number);
  return [f[0] as number, body];
}

function reader(): { r: FrameReader; got: unknown[][] } {
  const got: unknown[][] = [];
  const h: FrameHandler = {
    text: (m) => got.push(['text', m]),
    // Copied here: the reader hands a view that is only valid during the call.
    binary: (d) => got.push(['binary', [...d]]),
    ping: (p) => got.push(['ping', p.toString()]),
    close: (code, reason) => got.push(['close', code, reason]),
  };
  return { r: new FrameReader(h), got };
}

describe('encodeClientFrame', () => {
  it('writes one masked frame that unmasks to the payload', () => {
    for (const text of ['42["chat",{"text":"hi"}]', 'é'.repeat(100), 'x'.repeat(70_000)]) {
      const f = encodeClientFrame(Opcode.TEXT, text);
      const [b0, body] = unmask(f);
      expect(b0).toBe(0x81);
      expect(body.length).toBe(Buffer.byteLength(text));
      expect(body.toString()).toBe(text);
    }
  });

  it('writes a binary event as one masked binary frame: the lead byte, then the payload', () => {
    const packet = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const f = encodeClientFrame(Opcode.BINARY, packet, 0x02);
    expect(f.length).toBe(2 + 4 + 12);
    const [b0, body] = unmask(f);
    expect(b0).toBe(0x80 | Opcode.BINARY);
    expect([...body]).toEqual([0x02, ...packet]);
    // The payload was copied: the caller may reuse it at once.
    packet.fill(0);
    expect([...unmask(f)[1]]).toEqual([0x02, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it('uses a fresh masking key for every frame', () => {
    const keys = new Set(
      Array.from({ length: 50 }, () => encodeClientFrame(Opcode.TEXT, 'a').subarray(2, 6).toString('hex')),
    );
    expect(keys.size).toBeGreaterThan(45);
  });
});

describe('FrameReader', () => {
  it('reads several frames from one chunk and one frame split over many chunks', () => {
    const { r, got } = reader();
    const long = 'y'.repeat(300);
    const bytes = Buffer.concat([serverFrame(1, '2'), serverFrame(1, '42["tick",{}]'), serverFrame(1, long)]);
    expect(r.push(bytes.subarray(0, 5))).toBeNull();
    for (let i = 5; i < bytes.length; i += 7) expect(r.push(bytes.subarray(i, i + 7))).toBeNull();
    expect(got).toEqual([
      ['text', '2'],
      ['text', '42["tick",{}]'],
      ['text', long],
    ]);
  });

  it('reads from a range of a reused buffer and keeps nothing of it', () => {
    const { r, got } = reader();
    const shared = Buffer.alloc(64);
    const frame = serverFrame(1, 'hello');
    frame.copy(shared, 0, 0, 4);
    r.push(shared, 0, 4);
    shared.fill(0x55);
    frame.copy(shared, 10, 4);
    r.push(shared, 10, 10 + frame.length - 4);
    expect(got).toEqual([['text', 'hello']]);
  });

  it('joins a fragmented text message and answers pings in between', () => {
    const { r, got } = reader();
    r.push(serverFrame(1, '42["ch', false));
    r.push(serverFrame(9, 'are you there'));
    r.push(serverFrame(0, 'at",{}', false));
    r.push(serverFrame(0, ']'));
    expect(got).toEqual([
      ['ping', 'are you there'],
      ['text', '42["chat",{}]'],
    ]);
  });

  it('hands a whole binary message over as a view of the chunk, with no copy', () => {
    const views: Buffer[] = [];
    const r = new FrameReader({
      text: () => {},
      binary: (d) => views.push(d),
      ping: () => {},
      close: () => {},
    });
    const chunk = Buffer.concat([
      serverFrame(2, Buffer.from([1, 0xaa, 0xbb])),
      serverFrame(2, Buffer.from([1])),
    ]);
    expect(r.push(chunk)).toBeNull();
    expect(views.map((v) => [...v])).toEqual([[1, 0xaa, 0xbb], [1]]);
    expect(views[0]?.buffer).toBe(chunk.buffer);
  });

  it('reads binary messages from a reused buffer, split or fragmented, between text and pings', () => {
    const { r, got } = reader();
    const shared = Buffer.alloc(64);
    const frame = serverFrame(2, Buffer.from([1, 2, 3, 4, 5]));
    frame.copy(shared, 0, 0, 3);
    r.push(shared, 0, 3);
    shared.fill(0x55);
    frame.copy(shared, 20, 3);
    r.push(shared, 20, 20 + frame.length - 3);
    r.push(serverFrame(1, '2'));
    r.push(serverFrame(2, Buffer.from([1, 9]), false));
    r.push(serverFrame(9, 'ping'));
    r.push(serverFrame(0, Buffer.from([8, 7]), false));
    r.push(serverFrame(0, Buffer.from([6])));
    expect(got).toEqual([
      ['binary', [1, 2, 3, 4, 5]],
      ['text', '2'],
      ['ping', 'ping'],
      ['binary', [1, 9, 8, 7, 6]],
    ]);
  });

  it('reports a close with its code and reason, ignores pongs, and reads nothing after the close', () => {
    const { r, got } = reader();
    r.push(serverFrame(10, ''));
    r.push(serverFrame(8, Buffer.concat([Buffer.from([0x03, 0xe9]), Buffer.from('going away')])));
    r.push(serverFrame(1, 'too late'));
    expect(got).toEqual([['close', 1001, 'going away']]);
    const empty = reader();
    empty.r.push(serverFrame(8, ''));
    expect(empty.got).toEqual([['close', 1005, '']]);
  });

  it('refuses a masked server frame, an unknown opcode, a stray continuation, bad UTF-8, with ws’ codes', () => {
    expect(reader().r.push(Buffer.from([0x81, 0x81, 0, 0, 0, 0, 0x61]))).toEqual({
      code: 1002,
      message: 'MASK must be clear',
    });
    expect(reader().r.push(serverFrame(3, 'x'))).toEqual({ code: 1002, message: 'invalid opcode 3' });
    expect(reader().r.push(serverFrame(0, 'x'))).toEqual({ code: 1002, message: 'invalid opcode 0' });
    expect(reader().r.push(serverFrame(1, Buffer.from([0xff])))).toEqual({
      code: 1007,
      message: 'invalid UTF-8 sequence',
    });
  });

  it('refuses an oversized message from its header, before the payload arrives', () => {
    const head = Buffer.from([0x82, 127, 0, 0, 0, 0, 0, 0x20, 0, 0]); // 2 MiB announced
    expect(reader().r.push(head)).toEqual({ code: 1009, message: 'message too large' });
  });
});

describe('WebSocket handshake', () => {
  it('computes the accept value of RFC 6455’s example', () => {
    expect(acceptFor('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('asks for an upgrade of the path and query with the key', () => {
    const req = handshakeRequest(new URL('http://127.0.0.1:3000/socket.io/?EIO=4&transport=websocket'), 'K');
    expect(req).toBe(
      'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n' +
        'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: K\r\n\r\n',
    );
  });

  it('accepts a 101 with the right accept value and finds where the frames start', () => {
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    const head =
      'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      'sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n';
    const bytes = Buffer.concat([Buffer.from(head), serverFrame(1, '0{}')]);
    expect(readHandshakeAnswer(bytes.subarray(0, 20), key)).toEqual({ kind: 'incomplete' });
    expect(readHandshakeAnswer(bytes, key)).toEqual({ kind: 'upgraded', bodyAt: head.length });
  });

  it('refuses an answer that is not HTTP as soon as its first bytes arrive, quoting them', () => {
    expect(readHandshakeAnswer(Buffer.from('SSH-2.0-Open'), 'K')).toEqual({
      kind: 'refused',
      reason: 'not HTTP',
      message: 'it answered "SSH-2.0-Open"',
    });
    expect(readHandshakeAnswer(Buffer.from('-ERR unknown command\r\n\x00\xff'), 'K')).toMatchObject({
      reason: 'not HTTP',
      message: 'it answered "-ERR unknown command"',
    });
    expect(readHandshakeAnswer(Buffer.from('HTTP/1'), 'K')).toEqual({ kind: 'incomplete' });
  });

  it('refuses another status, a wrong accept value and garbage', () => {
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    expect(readHandshakeAnswer(Buffer.from('HTTP/1.1 403 Forbidden\r\n\r\n'), key)).toMatchObject({
      kind: 'refused',
      reason: 'HTTP 403',
    });
    const answer = (...headers: string[]) =>
      readHandshakeAnswer(Buffer.from(['HTTP/1.1 101 OK', ...headers, '', ''].join('\r\n')), key);
    const accept = 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=';
    expect(answer('Upgrade: websocket', 'Sec-WebSocket-Accept: nope')).toEqual({
      kind: 'refused',
      reason: 'handshake',
      message: 'Invalid Sec-WebSocket-Accept header',
    });
    // The other checks ws makes of a 101, with its messages.
    expect(answer(accept)).toMatchObject({ message: 'Invalid Upgrade header' });
    expect(answer('Upgrade: h2c', accept)).toMatchObject({ message: 'Invalid Upgrade header' });
    expect(answer('Upgrade: WebSocket', accept, 'Sec-WebSocket-Protocol: chat')).toMatchObject({
      message: 'Server sent a subprotocol but none was requested',
    });
    expect(
      answer('Upgrade: websocket', accept, 'Sec-WebSocket-Extensions: permessage-deflate'),
    ).toMatchObject({
      message: 'Server sent a Sec-WebSocket-Extensions header but no extension was requested',
    });
    expect(answer('upgrade: WEBSOCKET', accept)).toMatchObject({ kind: 'upgraded' });
    expect(readHandshakeAnswer(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'), key)).toMatchObject({
      kind: 'refused',
      reason: 'not HTTP',
    });
  });
});
