import { BinaryEvent } from '@tick-arena/common';
import type { GameSocket } from '../socket-io.js';

/**
 * A snapshot ready to write: `frame` is the WebSocket frame the `ws` library would build for the engine.io
 * message `binaryParser` decodes as a `tick` event, `[code][body][tail]`, which starts at `header` (one
 * allocation: the body is shared by a group of clients, the tail is this client's).
 */
export interface TickFrame {
  readonly frame: Buffer;
  readonly header: number;
}

/** The engine.io message of a snapshot (a view of its frame; only engine.io's own write path needs it). */
export function tickMessage(tick: TickFrame): Uint8Array {
  return tick.frame.subarray(tick.header);
}

/** FIN + opcode 2 (binary): the first byte of every unfragmented binary frame. */
const FIN_BINARY = 0x82;

/** Header bytes of an unmasked (server to client) WebSocket frame with `n` payload bytes (RFC 6455 5.2). */
function headerBytes(n: number): number {
  return n < 126 ? 2 : n < 65_536 ? 4 : 10;
}

/** Build a snapshot's engine.io message and its WebSocket frame in one allocation. */
export function tickFrame(body: Uint8Array, tail: Uint8Array): TickFrame {
  const n = 1 + body.length + tail.length;
  const h = headerBytes(n);
  // A Buffer (from Node's pool for small sizes): what the TCP socket writes without wrapping it first.
  const frame = Buffer.allocUnsafe(h + n);
  frame[0] = FIN_BINARY;
  if (h === 2) {
    frame[1] = n;
  } else if (h === 4) {
    frame[1] = 126;
    frame[2] = n >>> 8;
    frame[3] = n & 0xff;
  } else {
    // 64-bit length; a snapshot is far below 2^32 bytes, so the high four bytes stay zero.
    frame[1] = 127;
    frame.writeUInt32BE(0, 2);
    frame.writeUInt32BE(n, 6);
  }
  frame[h] = BinaryEvent.tick.code;
  frame.set(body, h + 1);
  frame.set(tail, h + 1 + body.length);
  return { frame, header: h };
}

/** The TCP socket under a `ws` WebSocket (ws keeps it as `_socket`; engine.io reaches into `_sender` alike). */
interface RawSocket {
  readonly destroyed: boolean;
  readonly writableLength: number;
  write(chunk: Buffer): boolean;
}

interface EngineSocket {
  readonly readyState: string;
  readonly writeBuffer: readonly unknown[];
  readonly transport?: {
    readonly name?: string;
    readonly writable?: boolean;
    readonly perMessageDeflate?: unknown;
    readonly socket?: { readonly readyState?: number; readonly _socket?: RawSocket };
  };
  write(data: Uint8Array, options?: { compress?: boolean; wsPreEncodedFrame?: Buffer[] }): unknown;
}

function engineOf(socket: GameSocket): EngineSocket {
  return socket.conn as unknown as EngineSocket;
}

/** ws's `WebSocket.OPEN`. */
const WS_OPEN = 1;

/**
 * The TCP socket to write a frame to directly, or null when engine.io must write it: the connection is
 * open on the WebSocket transport, without compression (engine.io's own condition for writing a
 * pre-encoded frame straight to that socket), and engine.io has nothing queued or in flight, so a frame
 * written now cannot overtake one of its packets.
 */
function directSocket(conn: EngineSocket): RawSocket | null {
  const t = conn.transport;
  if (conn.readyState !== 'open' || t?.name !== 'websocket' || t.writable !== true || t.perMessageDeflate)
    return null;
  if (conn.writeBuffer.length > 0 || t.socket?.readyState !== WS_OPEN) return null;
  const raw = t.socket._socket;
  return raw && !raw.destroyed ? raw : null;
}

/**
 * Is the client's previous write still in flight? engine.io's `transport.writable` (what `volatile`
 * checks) for what engine.io wrote, and for frames written directly, bytes the TCP socket still holds
 * because the kernel would not take them: a client that is not reading.
 */
export function transportBusy(socket: GameSocket): boolean {
  const t = engineOf(socket).transport;
  if (t?.writable === false) return true;
  const raw = t?.socket?._socket;
  return raw !== undefined && raw.writableLength > 0;
}

/**
 * Write a snapshot to the client: the client receives exactly what `socket.volatile.emit('tick', bytes)`
 * sends with `binaryParser`, one binary engine.io message in one WebSocket frame. When nothing of
 * engine.io's is pending, the prebuilt frame goes straight to the TCP socket (one `write`): no socket.io
 * packet, none of engine.io's per-packet work (packet object, write buffer, flush and drain events, the
 * send callback). Otherwise engine.io writes it, with the frame as `wsPreEncodedFrame` (its own option
 * for a frame built in advance, which socket.io's broadcasts use), or `message` on another transport
 * (long-polling). The caller has checked `transportBusy` first, which is all `volatile` would have done.
 * Returns true when the frame was written directly (engine.io does not count it as a message).
 */
export function writeTickFrame(socket: GameSocket, tick: TickFrame): boolean {
  const conn = engineOf(socket);
  const raw = directSocket(conn);
  if (raw !== null) {
    raw.write(tick.frame);
    return true;
  }
  conn.write(tickMessage(tick), { compress: false, wsPreEncodedFrame: [tick.frame] });
  return false;
}
