/**
 * RFC 6455 framing, client side, as much as a load bot needs: masked frames out, unmasked frames in, text
 * and binary messages (fragmented or not), ping/pong and close. Pure (no sockets): engine-io-socket.ts
 * feeds it the bytes of its TCP connection. No extensions: the client never offers permessage-deflate, so a
 * frame with an RSV bit set is a protocol error.
 *
 * It refuses what the `ws` package's Receiver refuses, with the same close codes (test/websocket-frames.test.ts
 * runs the same bytes through both): reserved bits, unknown opcodes, masked server frames, fragmented or
 * oversized control frames, continuation frames out of place, text that is not valid UTF-8 (1007), messages
 * over `MAX_PAYLOAD` (1009), invalid close codes and close reasons. Why not `ws` itself: it costs a bot more
 * CPU per tick (docs/benchmarks.md "The bots' WebSocket layer").
 */
import { isUtf8 } from 'node:buffer';
import { randomFillSync } from 'node:crypto';

export const Opcode = { CONTINUATION: 0, TEXT: 1, BINARY: 2, CLOSE: 8, PING: 9, PONG: 10 } as const;

/** RFC 6455 section 7.4.1 close codes this module sends or reports. */
export const CloseCode = {
  NORMAL: 1000,
  /** The other side broke the protocol (bad framing). */
  PROTOCOL_ERROR: 1002,
  /** A close frame without a code (never sent on the wire). */
  NO_STATUS: 1005,
  /** A text message or close reason that is not UTF-8. */
  INVALID_PAYLOAD: 1007,
  /** A message larger than this client accepts. */
  TOO_BIG: 1009,
} as const;

/**
 * A message larger than this ends the connection with 1009. A bot's largest message is a full snapshot of a
 * 16-player room (common's `BinaryEvent.tick.maxBytes` is 16 KiB); `ws` allows 100 MiB by default, which a
 * thousand bots could not afford to buffer anyway.
 */
export const MAX_PAYLOAD = 1024 * 1024;
/** Control frames carry at most 125 bytes and are never fragmented (RFC 6455 section 5.5). */
const MAX_CONTROL_PAYLOAD = 125;

// Masking keys come from a pool refilled with one `randomFillSync` per 2,048 frames, as `ws` does.
const MASK_POOL_SIZE = 8192;
const maskPool = Buffer.alloc(MASK_POOL_SIZE);
let maskAt = MASK_POOL_SIZE;

/**
 * One complete client frame (FIN set) of `opcode` carrying `payload`, masked with a fresh random key as
 * RFC 6455 requires of clients, in a single buffer so it goes out in one `write`. `lead`, when given (a
 * byte, 0..255), goes before the payload: a binary event of `binaryParser` (`[code][payload]`) is then one
 * new buffer, the frame itself, with no intermediate copy of the message. The payload is copied: the caller
 * may reuse it as soon as this returns.
 */
export function encodeClientFrame(opcode: number, payload: string | Uint8Array, lead = -1): Buffer {
  const extra = lead >= 0 ? 1 : 0;
  const len = (typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length) + extra;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const buf = Buffer.allocUnsafe(head + 4 + len);
  buf[0] = 0x80 | opcode;
  if (len < 126) {
    buf[1] = 0x80 | len;
  } else if (len < 65536) {
    buf[1] = 0x80 | 126;
    buf.writeUInt16BE(len, 2);
  } else {
    buf[1] = 0x80 | 127;
    buf.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    buf.writeUInt32BE(len >>> 0, 6);
  }
  if (maskAt + 4 > MASK_POOL_SIZE) {
    randomFillSync(maskPool);
    maskAt = 0;
  }
  maskPool.copy(buf, head, maskAt, maskAt + 4);
  maskAt += 4;
  const at = head + 4;
  if (extra) buf[at] = lead & 0xff;
  if (typeof payload === 'string') buf.write(payload, at + extra, 'utf8');
  else buf.set(payload, at + extra);
  const m0 = buf[head] as number;
  const m1 = buf[head + 1] as number;
  const m2 = buf[head + 2] as number;
  const m3 = buf[head + 3] as number;
  for (let i = 0; i < len; i++) {
    const k = i & 3;
    buf[at + i] = (buf[at + i] as number) ^ (k === 0 ? m0 : k === 1 ? m1 : k === 2 ? m2 : m3);
  }
  return buf;
}

/** The payload of a close frame: the code, big-endian (no reason). */
export function closePayload(code: number): Buffer {
  const b = Buffer.allocUnsafe(2);
  b.writeUInt16BE(code, 0);
  return b;
}

/** Codes a close frame may carry (RFC 6455 section 7.4; the same rule as `ws`' `isValidStatusCode`). */
export function isValidCloseCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
  );
}

/** What the frames of a connection carry. */
export interface FrameHandler {
  /** A complete text message (valid UTF-8). */
  text(message: string): void;
  /**
   * A complete binary message. `data` may be a view into a buffer that is reused as soon as this returns
   * (the socket's shared read buffer): read it synchronously, or copy what must outlive the call.
   */
  binary(data: Buffer): void;
  /** A ping; answer with a pong carrying `payload`. */
  ping(payload: Buffer): void;
  /** The server sent a valid close frame (`code` 1005 when it gave none). Nothing is read after it. */
  close(code: number, reason: string): void;
}

/** Why the connection must end: the close code to send, and what happened. */
export interface FrameError {
  code: number;
  message: string;
}

const fail = (code: number, message: string): FrameError => ({ code, message });

/**
 * Splits the incoming byte stream into frames. A frame that arrived whole (nearly always: a snapshot is
 * one TCP segment) is handed over straight from the chunk: a text message with no copy besides its string,
 * a binary message as a view of the chunk with no copy at all.
 */
export class FrameReader {
  private pending: Buffer | null = null;
  private fragments: Buffer[] | null = null;
  private fragmentsAreText = false;
  private fragmentBytes = 0;
  /** A close frame or an error ended the stream: the rest is ignored. */
  private done = false;

  constructor(private readonly h: FrameHandler) {}

  /**
   * Feed the next bytes, `chunk[from..to)`. The chunk may be a read buffer the socket reuses: nothing of it
   * is kept. Returns the protocol error that ends the connection (send a close frame with its code), or
   * null. After an error or a close frame, further bytes are ignored.
   */
  push(chunk: Buffer, from = 0, to = chunk.length): FrameError | null {
    if (this.done) return null;
    let buf = chunk;
    let off = from;
    let length = to;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk.subarray(from, to)]);
      this.pending = null;
      off = 0;
      length = buf.length;
    }
    while (!this.done) {
      const avail = length - off;
      if (avail < 2) break;
      const b0 = buf[off] as number;
      const b1 = buf[off + 1] as number;
      // Checked as soon as the first two bytes are in, like ws, so a bad header fails before its payload.
      const bad = this.header(b0, b1);
      if (bad) return this.end(bad);
      let len = b1 & 0x7f;
      let head = 2;
      if (len === 126) {
        if (avail < 4) break;
        len = buf.readUInt16BE(off + 2);
        head = 4;
      } else if (len === 127) {
        if (avail < 10) break;
        const high = buf.readUInt32BE(off + 2);
        if (high > 2 ** 21 - 1) return this.end(fail(CloseCode.TOO_BIG, 'payload length > 2^53 - 1'));
        len = high * 2 ** 32 + buf.readUInt32BE(off + 6);
        head = 10;
      }
      const opcode = b0 & 0x0f;
      if (opcode < Opcode.CLOSE && (this.fragments ? this.fragmentBytes : 0) + len > MAX_PAYLOAD)
        return this.end(fail(CloseCode.TOO_BIG, 'message too large'));
      if (avail < head + len) break;
      const start = off + head;
      off = start + len;
      const err = this.frame(b0 & 0x80, opcode, buf, start, off);
      if (err) return this.end(err);
    }
    // Keep a partial frame for the next chunk (a copy: the chunk's memory is the socket's).
    if (!this.done && off < length) this.pending = Buffer.from(buf.subarray(off, length));
    return null;
  }

  private end(err: FrameError): FrameError {
    this.done = true;
    this.pending = null;
    this.fragments = null;
    return err;
  }

  /** The rules a frame's first two bytes must follow (RFC 6455 section 5.2, in ws' order). */
  private header(b0: number, b1: number): FrameError | null {
    if (b0 & 0x30) return fail(CloseCode.PROTOCOL_ERROR, 'RSV2 and RSV3 must be clear');
    if (b0 & 0x40) return fail(CloseCode.PROTOCOL_ERROR, 'RSV1 must be clear');
    const opcode = b0 & 0x0f;
    const fin = b0 & 0x80;
    const len = b1 & 0x7f;
    if (opcode === Opcode.CONTINUATION) {
      if (!this.fragments) return fail(CloseCode.PROTOCOL_ERROR, 'invalid opcode 0');
    } else if (opcode === Opcode.TEXT || opcode === Opcode.BINARY) {
      if (this.fragments) return fail(CloseCode.PROTOCOL_ERROR, `invalid opcode ${opcode}`);
    } else if (opcode === Opcode.CLOSE || opcode === Opcode.PING || opcode === Opcode.PONG) {
      if (!fin) return fail(CloseCode.PROTOCOL_ERROR, 'FIN must be set');
      if (len > MAX_CONTROL_PAYLOAD || (opcode === Opcode.CLOSE && len === 1))
        return fail(CloseCode.PROTOCOL_ERROR, `invalid payload length ${len}`);
    } else {
      return fail(CloseCode.PROTOCOL_ERROR, `invalid opcode ${opcode}`);
    }
    if (b1 & 0x80) return fail(CloseCode.PROTOCOL_ERROR, 'MASK must be clear');
    return null;
  }

  private frame(fin: number, opcode: number, buf: Buffer, start: number, end: number): FrameError | null {
    switch (opcode) {
      case Opcode.TEXT:
      case Opcode.BINARY:
        if (!fin) {
          this.fragments = [Buffer.from(buf.subarray(start, end))];
          this.fragmentBytes = end - start;
          this.fragmentsAreText = opcode === Opcode.TEXT;
          return null;
        }
        if (opcode === Opcode.BINARY) {
          this.h.binary(buf.subarray(start, end));
          return null;
        }
        return this.text(buf.subarray(start, end));
      case Opcode.CONTINUATION: {
        const fragments = this.fragments as Buffer[];
        fragments.push(Buffer.from(buf.subarray(start, end)));
        this.fragmentBytes += end - start;
        if (!fin) return null;
        const whole = Buffer.concat(fragments);
        this.fragments = null;
        if (this.fragmentsAreText) return this.text(whole);
        this.h.binary(whole);
        return null;
      }
      case Opcode.PING:
        this.h.ping(Buffer.from(buf.subarray(start, end)));
        return null;
      case Opcode.PONG:
        return null;
      default:
        return this.close(buf.subarray(start, end));
    }
  }

  /** A whole text message: valid UTF-8, or the connection ends with 1007 as in ws. */
  private text(bytes: Buffer): FrameError | null {
    if (!isUtf8(bytes)) return fail(CloseCode.INVALID_PAYLOAD, 'invalid UTF-8 sequence');
    this.h.text(bytes.toString('utf8'));
    return null;
  }

  private close(payload: Buffer): FrameError | null {
    let code: number = CloseCode.NO_STATUS;
    let reason = '';
    if (payload.length >= 2) {
      code = payload.readUInt16BE(0);
      if (!isValidCloseCode(code)) return fail(CloseCode.PROTOCOL_ERROR, `invalid status code ${code}`);
      const r = payload.subarray(2);
      if (!isUtf8(r)) return fail(CloseCode.INVALID_PAYLOAD, 'invalid UTF-8 sequence');
      reason = r.toString('utf8');
    }
    this.done = true;
    this.pending = null;
    this.h.close(code, reason);
    return null;
  }
}
