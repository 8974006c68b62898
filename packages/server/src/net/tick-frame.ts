import { BinaryEvent } from '@tick-arena/common';
import type { GameSocket } from '../socket-io.js';

/**
 * A snapshot as the one binary frame `binaryParser` decodes as a `tick` event: `[code][body][tail]`, built
 * in one allocation (the body is shared by a group of clients, the tail is this client's).
 */
export function tickFrame(body: Uint8Array, tail: Uint8Array): Uint8Array {
  const frame = new Uint8Array(1 + body.length + tail.length);
  frame[0] = BinaryEvent.tick.code;
  frame.set(body, 1);
  frame.set(tail, 1 + body.length);
  return frame;
}

interface EngineSocket {
  readonly readyState: string;
  readonly transport?: { readonly writable?: boolean };
  write(data: Uint8Array, options?: { compress?: boolean }): unknown;
}

function engineOf(socket: GameSocket): EngineSocket {
  return socket.conn as unknown as EngineSocket;
}

/** Is the client's previous write still in flight? (engine.io's `transport.writable`, as `volatile` checks.) */
export function transportBusy(socket: GameSocket): boolean {
  return engineOf(socket).transport?.writable === false;
}

/**
 * Write a pre-framed `tick` straight to the socket's engine.io connection. This is exactly what
 * `socket.volatile.emit('tick', bytes)` ends up writing with `binaryParser` (one binary engine.io message),
 * minus socket.io's per-emit work (packet object, flags, outgoing listeners, the encoder's copy), which at
 * 30 snapshots per client per second is measurable. The caller has checked `transportBusy` first, which is
 * all `volatile` would have done.
 */
export function writeTickFrame(socket: GameSocket, frame: Uint8Array): void {
  engineOf(socket).write(frame, { compress: false });
}
