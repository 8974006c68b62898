/**
 * The bots' hand-written WebSocket framing against the `ws` package as the oracle: every case's bytes go,
 * as a server would send them, both to a real `ws` client (over a real socket, from a raw TCP server that
 * completed the upgrade) and to our `FrameReader`, and both must deliver the same messages and answer with
 * the same close code: the echo of the server's close, or the code of the protocol error they found
 * (1002, 1007 invalid UTF-8, 1009 too big). The cases are those of ws' own receiver tests: framing and
 * lengths, fragmentation, control frames, reserved bits, masking, UTF-8, close codes and reasons.
 * And in the other direction, a `ws` server must read every frame `encodeClientFrame` writes.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import {
  CloseCode,
  encodeClientFrame,
  FrameReader,
  MAX_PAYLOAD,
  Opcode,
  type FrameHandler,
} from '../src/bot/websocket-frames.js';
import { acceptFor } from '../src/bot/websocket-handshake.js';
import { EngineIoSocket } from '../src/bot/engine-io-socket.js';
import { PROTOCOL_VERSION } from '@tick-arena/common';

/** One server frame: `b0` is FIN|RSV|opcode, `payload` unmasked unless `mask` (which a server must not). */
function frame(b0: number, payload: Buffer | string = '', opts: { mask?: boolean; lengthAs?: 16 | 64 } = {}) {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const len = body.length;
  const m = opts.mask ? 0x80 : 0;
  let head: Buffer;
  if (opts.lengthAs === 64 || len > 65535) {
    head = Buffer.alloc(10);
    head[1] = m | 127;
    head.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    head.writeUInt32BE(len >>> 0, 6);
  } else if (opts.lengthAs === 16 || len > 125) {
    head = Buffer.alloc(4);
    head[1] = m | 126;
    head.writeUInt16BE(len, 2);
  } else {
    head = Buffer.from([0, m | len]);
  }
  head[0] = b0;
  if (!opts.mask) return Buffer.concat([head, body]);
  const key = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(body.map((b, i) => b ^ (key[i & 3] as number)));
  return Buffer.concat([head, key, masked]);
}

const FIN = 0x80;
const text = (s: string | Buffer, fin = true) => frame((fin ? FIN : 0) | Opcode.TEXT, s);
const binary = (b: Buffer, fin = true) => frame((fin ? FIN : 0) | Opcode.BINARY, b);
const more = (b: Buffer | string, fin = true) => frame((fin ? FIN : 0) | Opcode.CONTINUATION, b);
const ping = (b: Buffer | string = '') => frame(FIN | Opcode.PING, b);
const closeWith = (code?: number, reason: Buffer | string = '') => {
  if (code === undefined) return frame(FIN | Opcode.CLOSE);
  const p = Buffer.alloc(2);
  p.writeUInt16BE(code, 0);
  return frame(
    FIN | Opcode.CLOSE,
    Buffer.concat([p, typeof reason === 'string' ? Buffer.from(reason) : reason]),
  );
};
/** A header announcing `len` bytes that never come: the limit must be enforced on the header alone. */
const announce = (len: number) => {
  const h = Buffer.alloc(10);
  h[0] = FIN | Opcode.BINARY;
  h[1] = 127;
  h.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
  h.writeUInt32BE(len >>> 0, 6);
  return h;
};

/** What a client made of a case: the messages, in order, and the close code it answered with. */
interface Outcome {
  events: string[];
  closeCode: number | null;
}

const describeBinary = (b: Buffer) => `binary ${b.length}:${b.subarray(0, 8).toString('hex')}`;
const describeText = (s: string) => `text ${s.length}:${s.slice(0, 16)}`;

/** Our reader on `bytes`, fed in chunks of `chunk` bytes, answering a close as EngineIoSocket does. */
function ours(bytes: Buffer, chunk = bytes.length): Outcome {
  const events: string[] = [];
  let closeCode: number | null = null;
  const h: FrameHandler = {
    text: (s) => events.push(describeText(s)),
    binary: (b) => events.push(describeBinary(b)),
    ping: (p) => events.push(`ping ${p.toString('hex')}`),
    close: (code) => {
      closeCode ??= code;
    },
  };
  const reader = new FrameReader(h);
  for (let at = 0; at < bytes.length && closeCode === null; at += chunk) {
    const err = reader.push(bytes, at, Math.min(bytes.length, at + chunk));
    if (err) closeCode = err.code;
  }
  return { events, closeCode };
}

let server: Server;
let port: number;
/** Bytes to send to the next client that upgrades, and where to report the close frame it answers with. */
const queue: { bytes: Buffer; done: (code: number | null) => void }[] = [];

/** Read the client's masked frames until its close frame; its code (1005 for an empty one). */
function readClientClose(socket: Socket, done: (code: number | null) => void): void {
  let buf = Buffer.alloc(0);
  let settled = false;
  const settle = (code: number | null) => {
    if (settled) return;
    settled = true;
    done(code);
    socket.destroy();
  };
  socket.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      if (buf.length < 2) return;
      const len = (buf[1] as number) & 0x7f; // client control frames are short
      const need = 2 + (len === 126 ? 2 : len === 127 ? 8 : 0) + 4;
      const size = len === 126 ? buf.readUInt16BE(2) : len === 127 ? Number(buf.readBigUInt64BE(2)) : len;
      if (buf.length < need + size) return;
      const key = buf.subarray(need - 4, need);
      const body = Buffer.from(buf.subarray(need, need + size).map((b, i) => b ^ (key[i & 3] as number)));
      if (((buf[0] as number) & 0x0f) === Opcode.CLOSE) {
        settle(body.length >= 2 ? body.readUInt16BE(0) : CloseCode.NO_STATUS);
        return;
      }
      buf = buf.subarray(need + size);
    }
  });
  socket.on('close', () => settle(null));
}

beforeAll(async () => {
  server = createServer((socket) => {
    let head = '';
    const onHead = (d: Buffer) => {
      head += d.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onHead);
      const key = /sec-websocket-key: *(\S+)/i.exec(head)?.[1] ?? '';
      const next = queue.shift();
      if (!next) return socket.destroy();
      readClientClose(socket, next.done);
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          `Sec-WebSocket-Accept: ${acceptFor(key)}\r\n\r\n`,
      );
      socket.write(next.bytes);
    };
    socket.on('data', onHead);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

/** A real `ws` client receiving `bytes` from the raw server. */
async function oracle(bytes: Buffer): Promise<Outcome> {
  const events: string[] = [];
  const closed = new Promise<number | null>((done) => queue.push({ bytes, done }));
  const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false, maxPayload: MAX_PAYLOAD });
  ws.on('message', (data: Buffer, isBinary: boolean) =>
    events.push(isBinary ? describeBinary(data) : describeText(data.toString('utf8'))),
  );
  ws.on('ping', (p: Buffer) => events.push(`ping ${p.toString('hex')}`));
  ws.on('error', () => {}); // a protocol error: its close code is what is compared
  const closeCode = await closed;
  ws.terminate();
  return { events, closeCode };
}

/**
 * Each case's bytes, followed by a normal close: a client still reading after the case answers it with
 * 1000, one that ended the connection (an error, the case's own close) ignores it.
 */
const invalidUtf8 = Buffer.from([
  0xce, 0xba, 0xe1, 0xbd, 0xb9, 0xcf, 0x83, 0xce, 0xbc, 0xce, 0xb5, 0xf4, 0x90, 0x80, 0x80,
]);
const CASES: [string, Buffer][] = [
  ['an unmasked text message', text('Hello')],
  ['an empty text and an empty binary message', Buffer.concat([text(''), binary(Buffer.alloc(0))])],
  ['a binary message', binary(Buffer.from([1, 2, 3, 250, 251]))],
  ['a 125 B text message (7-bit length)', text('a'.repeat(125))],
  ['a 126 B text message (16-bit length)', text('é'.repeat(63))],
  ['a 64 KiB binary message (64-bit length)', binary(Buffer.alloc(65536, 7))],
  ['a 200 KiB text message', text('x'.repeat(200 * 1024))],
  ['a short message with a 16-bit length', frame(FIN | Opcode.TEXT, 'hi', { lengthAs: 16 })],
  ['a short message with a 64-bit length', frame(FIN | Opcode.BINARY, Buffer.from([9]), { lengthAs: 64 })],
  ['a fragmented text message', Buffer.concat([text('Hel', false), more('l', false), more('o')])],
  [
    'a fragmented message with a ping in the middle',
    Buffer.concat([binary(Buffer.from([1]), false), ping('hi'), more(Buffer.from([2]))]),
  ],
  [
    'a character split across fragments',
    Buffer.concat([text(Buffer.from([0xc3]), false), more(Buffer.from([0xa9]))]),
  ],
  [
    'a ping with and without data, and pongs',
    Buffer.concat([ping('abc'), ping(), frame(FIN | Opcode.PONG, 'x')]),
  ],
  ['a close with a code and a reason', closeWith(1000, 'bye')],
  ['a close without a code', closeWith()],
  ['messages after the close are ignored', Buffer.concat([closeWith(4000), text('late')])],
  ...[1001, 1003, 1007, 1011, 1012, 1013, 1014, 3000, 4999].map((c): [string, Buffer] => [
    `a close with code ${c}`,
    closeWith(c),
  ]),
  ...[0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535].map((c): [string, Buffer] => [
    `a close with the invalid code ${c}`,
    closeWith(c),
  ]),
  ['a close whose reason is not UTF-8', closeWith(1000, Buffer.from([0xff, 0xfe]))],
  ['a close with a 1-byte payload', frame(FIN | Opcode.CLOSE, Buffer.from([3]))],
  ['a text message that is not UTF-8', text(invalidUtf8)],
  ['an overlong encoding', text(Buffer.from([0xc0, 0xaf]))],
  ['a UTF-16 surrogate', text(Buffer.from([0xed, 0xa0, 0x80]))],
  [
    'a fragmented text message that is not UTF-8',
    Buffer.concat([text('ok', false), more(Buffer.from([0xff]))]),
  ],
  ['binary data that is not UTF-8 (fine)', binary(invalidUtf8)],
  ['RSV1 set', frame(FIN | 0x40 | Opcode.TEXT, 'x')],
  ['RSV2 set', frame(FIN | 0x20 | Opcode.TEXT, 'x')],
  ['RSV3 set', frame(FIN | 0x10 | Opcode.BINARY, 'x')],
  ['RSV1 set on a ping', frame(FIN | 0x40 | Opcode.PING, 'x')],
  ['opcode 3', frame(FIN | 3, 'x')],
  ['opcode 11', frame(FIN | 11, 'x')],
  ['a continuation with no message', more('x')],
  ['a new message inside a fragmented one', Buffer.concat([text('a', false), text('b')])],
  ['a fragmented ping', frame(Opcode.PING, 'x')],
  ['a ping of 126 bytes', frame(FIN | Opcode.PING, Buffer.alloc(126))],
  ['a close of 126 bytes', closeWith(1000, 'r'.repeat(124))],
  ['a masked frame from the server', frame(FIN | Opcode.TEXT, 'Hello', { mask: true })],
  ['a header announcing more than the size limit', announce(MAX_PAYLOAD + 1)],
  ['a header announcing more than 2^53 - 1 bytes', announce(2 ** 53 + 2 ** 32)],
  [
    'fragments adding up to more than the size limit',
    Buffer.concat([binary(Buffer.alloc(MAX_PAYLOAD / 2), false), more(Buffer.alloc(MAX_PAYLOAD / 2 + 1))]),
  ],
  ['a message of exactly the size limit', binary(Buffer.alloc(MAX_PAYLOAD, 1))],
];

describe('FrameReader reads what a server sends exactly as ws does', () => {
  it.each(CASES)('%s', async (_name, bytes) => {
    const all = Buffer.concat([bytes, closeWith(CloseCode.NORMAL)]);
    const expected = await oracle(all);
    expect(expected.closeCode).not.toBeNull();
    expect(ours(all)).toEqual(expected);
    // The same bytes split anywhere: one at a time (small cases) or in odd-sized chunks.
    expect(ours(all, all.length < 4096 ? 1 : 16_381)).toEqual(expected);
  });
});

/** The bots' connection receiving `bytes` right after the upgrade: the close code it answers with. */
async function lean(bytes: Buffer): Promise<{ closeCode: number | null; failure: string }> {
  const closed = new Promise<number | null>((done) => queue.push({ bytes, done }));
  let failure = '';
  const conn = new EngineIoSocket(
    { url: `http://127.0.0.1:${port}`, auth: { protocol: PROTOCOL_VERSION }, connectTimeoutMs: 5000 },
    {
      connected: () => {},
      connectFailed: (reason, message) => (failure = `${reason}: ${message}`),
      disconnected: () => {},
      tick: () => {},
      serverError: () => {},
      kicked: () => {},
    },
  );
  const closeCode = await closed;
  conn.close();
  return { closeCode, failure };
}

describe('EngineIoSocket ends a connection as ws does', () => {
  it.each<[string, Buffer, string]>([
    [
      'text that is not UTF-8',
      text(Buffer.from([0xff])),
      'transport error: invalid UTF-8 sequence (close 1007)',
    ],
    [
      'a masked frame',
      frame(FIN | Opcode.TEXT, 'x', { mask: true }),
      'transport error: MASK must be clear (close 1002)',
    ],
    ['an oversized message', announce(MAX_PAYLOAD + 1), 'transport error: message too large (close 1009)'],
    [
      'a close with code 4000',
      closeWith(4000, 'bye'),
      'transport close: the server closed the WebSocket (4000 bye)',
    ],
    ['a close without a code', closeWith(), 'transport close: the server closed the WebSocket (1005)'],
  ])('answers %s with the close code ws answers it with', async (_name, bytes, failure) => {
    const expected = await oracle(bytes);
    expect(expected.closeCode).not.toBeNull();
    const got = await lean(bytes);
    expect(got.closeCode).toBe(expected.closeCode);
    expect(got.failure).toBe(failure);
  });
});

describe('encodeClientFrame writes frames a ws server reads', () => {
  let wss: WebSocketServer;
  let port: number;
  const received: string[] = [];
  let expectedCount = Infinity;
  let allReceived: () => void = () => {};

  beforeAll(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
    await new Promise((resolve) => wss.once('listening', resolve));
    port = (wss.address() as AddressInfo).port;
    wss.on('connection', (s) =>
      s.on('message', (data: Buffer, isBinary: boolean) => {
        received.push(isBinary ? describeBinary(data) : describeText(data.toString('utf8')));
        if (received.length >= expectedCount) allReceived();
      }),
    );
  });

  afterAll(async () => {
    await new Promise((resolve) => wss.close(resolve));
  });

  it('masks every frame and encodes each length form, as the server checks', async () => {
    // A raw socket doing the upgrade, then writing our frames.
    const socket = await new Promise<Socket>((resolve) => {
      const s: Socket = connect(port, '127.0.0.1', () => resolve(s));
    });
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    socket.write(
      `GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`,
    );
    await new Promise((resolve) => socket.once('data', resolve));
    const sizes = [0, 1, 125, 126, 127, 65535, 65536, 100_000];
    const expected: string[] = [];
    for (const n of sizes) {
      const t = 'ü'.repeat(n >> 1) + (n & 1 ? 'a' : '');
      socket.write(encodeClientFrame(Opcode.TEXT, t));
      expected.push(describeText(t));
      const b = Buffer.alloc(n, n & 0xff);
      socket.write(encodeClientFrame(Opcode.BINARY, b, 0x02));
      expected.push(describeBinary(Buffer.concat([Buffer.from([0x02]), b])));
    }
    expectedCount = expected.length;
    if (received.length < expectedCount) await new Promise<void>((resolve) => (allReceived = resolve));
    socket.destroy();
    expect(received).toEqual(expected);
  });
});
