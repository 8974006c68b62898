import { BinaryEvent } from '@tick-arena/common';
import type { GameSocket } from '../socket-io.js';

/**
 * A snapshot ready to write: `message` is the engine.io message `binaryParser` decodes as a `tick` event,
 * `[code][body][tail]`; `frame` is the same bytes behind their WebSocket header, the exact frame the `ws`
 * library would build for it. Both are views of one allocation (the body is shared by a group of clients,
 * the tail is this client's).
 */
export interface TickFrame {
  readonly message: Uint8Array;
  readonly frame: Uint8Array;
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
  return { message: frame.subarray(h), frame };
}

interface EngineSocket {
  readonly readyState: string;
  readonly transport?: { readonly writable?: boolean };
  write(data: Uint8Array, options?: { compress?: boolean; wsPreEncodedFrame?: Uint8Array[] }): unknown;
}

function engineOf(socket: GameSocket): EngineSocket {
  return socket.conn as unknown as EngineSocket;
}

/** Is the client's previous write still in flight? (engine.io's `transport.writable`, as `volatile` checks.) */
export function transportBusy(socket: GameSocket): boolean {
  return engineOf(socket).transport?.writable === false;
}

/**
 * Write a snapshot straight to the socket's engine.io connection, skipping socket.io's per-emit work
 * (packet object, flags, outgoing listeners, the encoder's copy): the client receives exactly what
 * `socket.volatile.emit('tick', bytes)` would send with `binaryParser`, one binary engine.io message. The
 * WebSocket frame goes along as `wsPreEncodedFrame`, engine.io's own option for a frame built in advance
 * (socket.io's broadcasts use it): the WebSocket transport then writes it to the TCP socket as it is, one
 * write, instead of having `ws` build a header and write header and payload together; any other transport
 * (long-polling) sends `message` as usual. The caller has checked `transportBusy` first, which is all
 * `volatile` would have done.
 */
export function writeTickFrame(socket: GameSocket, tick: TickFrame): void {
  engineOf(socket).write(tick.message, { compress: false, wsPreEncodedFrame: [tick.frame] });
}
