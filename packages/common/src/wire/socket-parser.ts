/**
 * A socket.io parser (the `parser` option of socket.io's `Server` and of socket.io-client) that sends the
 * high-rate binary events as ONE WebSocket frame each. socket.io's default parser sends an event with a
 * binary argument as a text header plus a separate binary attachment: two frames and two writes per client
 * per tick. Here `tick` and `input` with a single Uint8Array argument become `[code][payload]`; everything
 * else is JSON text exactly as the default parser writes it (acks, handshakes, lobby events).
 *
 * It lives in common, although it is transport code, because both ends must speak it byte for byte and
 * the server and the client may not depend on each other (STYLE.md point 1); it is pure (Uint8Array,
 * no Node or DOM APIs), like the codecs its payloads carry.
 *
 * Binary attachments are refused in both directions: the decoder throws on a BINARY_EVENT or BINARY_ACK
 * text header, which makes socket.io close that connection, so a peer cannot make the server buffer
 * attachments. Every malformed input makes `add()` throw a plain `Error`, which is how socket.io expects a
 * parser to report a protocol violation.
 */
import { Emitter } from '@socket.io/component-emitter';
import {
  Decoder as DefaultDecoder,
  Encoder as DefaultEncoder,
  PacketType,
  type Packet,
  protocol as defaultProtocol,
} from 'socket.io-parser';

/**
 * The events that travel as one binary frame, with their one-byte frame code and the largest payload
 * accepted. `tick` goes server -> client (a snapshot: a few hundred bytes for a full 16-player room),
 * `input` client -> server (14 bytes).
 */
export const BinaryEvent = {
  tick: { code: 0x01, maxBytes: 16_384 },
  input: { code: 0x02, maxBytes: 64 },
} as const;

export type BinaryEventName = keyof typeof BinaryEvent;

const NAME_BY_CODE = new Map<number, BinaryEventName>(
  (Object.keys(BinaryEvent) as BinaryEventName[]).map((name) => [BinaryEvent[name].code, name]),
);

function isBinaryEventName(name: unknown): name is BinaryEventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(BinaryEvent, name);
}

/** Encodes packets for engine.io: one frame per packet (socket.io writes each array element as a frame). */
export class Encoder {
  private readonly fallback = new DefaultEncoder();

  encode(packet: Packet): (string | Uint8Array)[] {
    const data: unknown = packet.data;
    if (
      packet.type === PacketType.EVENT &&
      packet.nsp === '/' &&
      packet.id === undefined &&
      Array.isArray(data) &&
      data.length === 2 &&
      isBinaryEventName(data[0]) &&
      data[1] instanceof Uint8Array
    ) {
      const payload = data[1];
      const frame = new Uint8Array(payload.length + 1);
      frame[0] = BinaryEvent[data[0]].code;
      frame.set(payload, 1);
      return [frame];
    }
    const out = this.fallback.encode(packet) as (string | Uint8Array)[];
    // Anything else binary would need attachments, which the other end refuses: fail here, loudly.
    if (out.length !== 1) throw new Error('binary attachments are not supported; use a BinaryEvent');
    return out;
  }
}

interface DecoderEvents {
  decoded: (packet: Packet) => void;
}

/** Turn an engine.io binary message (Buffer in Node, ArrayBuffer in browsers) into a Uint8Array view. */
function asBytes(chunk: unknown): Uint8Array | null {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  return null;
}

/**
 * `chunk` as bytes when it is a binary `name` frame (an engine.io message as the decoder receives it), else
 * null; its payload starts at offset 1. No size check: a frame reaches a tap only after the decoder has
 * accepted it.
 */
export function binaryFrameOf(chunk: unknown, name: BinaryEventName): Uint8Array | null {
  const bytes = asBytes(chunk);
  return bytes !== null && bytes.length > 0 && bytes[0] === BinaryEvent[name].code ? bytes : null;
}

const NONE: ReadonlySet<BinaryEventName> = new Set();

/** Decodes engine.io messages into packets, emitting `decoded` for each. */
export class Decoder extends Emitter<Record<string, never>, Record<string, never>, DecoderEvents> {
  private readonly fallback = new DefaultDecoder();
  /**
   * Binary events that are checked (known code, size) like the others but not emitted: a listener on the
   * engine.io connection reads them instead (the server's input tap). None here.
   */
  protected readonly tapped: ReadonlySet<BinaryEventName> = NONE;

  constructor() {
    super();
    this.fallback.on('decoded', (packet: Packet) => this.emitReserved('decoded', packet));
  }

  add(chunk: unknown): void {
    if (typeof chunk === 'string') {
      const type = chunk.charAt(0);
      if (type === String(PacketType.BINARY_EVENT) || type === String(PacketType.BINARY_ACK)) {
        throw new Error('binary attachments are not accepted');
      }
      this.fallback.add(chunk);
      return;
    }
    const bytes = asBytes(chunk);
    if (bytes === null) throw new Error('unknown chunk type');
    if (bytes.length === 0) throw new Error('empty binary frame');
    const name = NAME_BY_CODE.get(bytes[0] as number);
    if (name === undefined) throw new Error(`unknown binary event code ${bytes[0]}`);
    if (bytes.length - 1 > BinaryEvent[name].maxBytes) throw new Error(`binary ${name} frame too large`);
    if (this.tapped.has(name)) return;
    this.emitReserved('decoded', { type: PacketType.EVENT, nsp: '/', data: [name, bytes.subarray(1)] });
  }

  /** Same contract as the default decoder's: drop partial state (listeners stay, socket.io removes its own). */
  destroy(): void {
    this.fallback.destroy();
  }
}

/**
 * The parser object to pass as `parser` to socket.io's `Server` and to socket.io-client's `io()`; both
 * ends must use it.
 */
export const binaryParser = { protocol: defaultProtocol, Encoder, Decoder } as const;
