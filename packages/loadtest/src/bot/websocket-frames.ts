/**
 * RFC 6455 framing, client side, as much as a load bot needs: masked frames out, unmasked frames in, text
 * and binary messages (fragmented or not), ping/pong and close. Pure (no sockets): engine-io-socket.ts
 * feeds it the bytes of its TCP connection. No permessage-deflate (the client never offers it) and no UTF-8
 * validation (a bad byte becomes U+FFFD and the frame's JSON then fails to parse, which drops the frame).
 */
import { randomFillSync } from 'node:crypto';

export const Opcode = { CONTINUATION: 0, TEXT: 1, BINARY: 2, CLOSE: 8, PING: 9, PONG: 10 } as const;

/** Messages larger than this end the connection (ws' default `maxPayload` is 100 MiB). */
const MAX_PAYLOAD = 100 * 1024 * 1024;

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

/** What the frames of a connection carry. */
export interface FrameHandler {
  /** A complete text message. */
  text(message: string): void;
  /**
   * A complete binary message. `data` may be a view into a buffer that is reused as soon as this returns
   * (the socket's shared read buffer): read it synchronously, or copy what must outlive the call.
   */
  binary(data: Buffer): void;
  /** A ping; answer with a pong carrying `payload`. */
  ping(payload: Buffer): void;
  /** The server sent a close frame (`code` 1005 when it gave none). */
  close(code: number): void;
}

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

  constructor(private readonly h: FrameHandler) {}

  /**
   * Feed the next bytes, `chunk[from..to)`. The chunk may be a read buffer the socket reuses: nothing of it
   * is kept. Returns a description of the protocol error that makes the connection unusable (a masked or
   * oversized server frame, an unknown opcode), or null.
   */
  push(chunk: Buffer, from = 0, to = chunk.length): string | null {
    let buf = chunk;
    let off = from;
    let length = to;
    if (this.pending) {
      buf = Buffer.concat([this.pending, chunk.subarray(from, to)]);
      this.pending = null;
      off = 0;
      length = buf.length;
    }
    for (;;) {
      const avail = length - off;
      if (avail < 2) break;
      const b0 = buf[off] as number;
      const b1 = buf[off + 1] as number;
      if (b1 & 0x80) return 'masked frame from the server';
      let len = b1 & 0x7f;
      let head = 2;
      if (len === 126) {
        if (avail < 4) break;
        len = buf.readUInt16BE(off + 2);
        head = 4;
      } else if (len === 127) {
        if (avail < 10) break;
        len = buf.readUInt32BE(off + 2) * 2 ** 32 + buf.readUInt32BE(off + 6);
        head = 10;
      }
      if (len > MAX_PAYLOAD) return 'frame too large';
      if (avail < head + len) break;
      const start = off + head;
      off = start + len;
      const err = this.frame(b0 & 0x80, b0 & 0x0f, buf, start, off);
      if (err) return err;
    }
    // Keep a partial frame for the next chunk (a copy: the chunk's memory is the socket's).
    if (off < length) this.pending = Buffer.from(buf.subarray(off, length));
    return null;
  }

  private frame(fin: number, opcode: number, buf: Buffer, start: number, end: number): string | null {
    switch (opcode) {
      case Opcode.TEXT:
      case Opcode.BINARY:
        if (this.fragments) return 'new message inside a fragmented one';
        if (fin) {
          if (opcode === Opcode.TEXT) this.h.text(buf.toString('utf8', start, end));
          else this.h.binary(buf.subarray(start, end));
        } else {
          this.fragments = [Buffer.from(buf.subarray(start, end))];
          this.fragmentBytes = end - start;
          this.fragmentsAreText = opcode === Opcode.TEXT;
        }
        return null;
      case Opcode.CONTINUATION: {
        if (!this.fragments) return 'continuation without a message';
        this.fragments.push(Buffer.from(buf.subarray(start, end)));
        this.fragmentBytes += end - start;
        if (this.fragmentBytes > MAX_PAYLOAD) return 'message too large';
        if (!fin) return null;
        const whole = Buffer.concat(this.fragments);
        this.fragments = null;
        if (this.fragmentsAreText) this.h.text(whole.toString('utf8'));
        else this.h.binary(whole);
        return null;
      }
      case Opcode.PING:
        this.h.ping(Buffer.from(buf.subarray(start, end)));
        return null;
      case Opcode.PONG:
        return null;
      case Opcode.CLOSE:
        this.h.close(end - start >= 2 ? buf.readUInt16BE(start) : 1005);
        return null;
      default:
        return `unknown opcode ${opcode}`;
    }
  }
}
