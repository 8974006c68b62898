import { encodeInput, narrowViewTick, type SimInput } from '@tick-arena/common';
import type { GameSocket } from './connection.js';

/** What the next input packet acknowledges (from the snapshot stream). */
export interface AckSource {
  /** Low 16 bits of the newest snapshot tick held, or -1. */
  readonly ack: number;
  readonly resync: boolean;
}

/**
 * Send one input command as a binary input packet (one WebSocket frame), carrying the snapshot
 * acknowledgement and `viewTick`, the server tick of the other players drawn when it was sampled (null
 * before the first snapshot): the server judges the command's shot against the world as it was then (lag
 * compensation). Dropped while disconnected instead of buffered: socket.io would otherwise replay seconds
 * of stale inputs on reconnect, and the server would only discard them.
 */
export function sendInput(
  socket: GameSocket,
  cmd: SimInput,
  acks: AckSource,
  viewTick: number | null = null,
): void {
  if (socket.connected) socket.emit('input', inputPacket(cmd, acks, viewTick));
}

/** The bytes of one input packet (see `sendInput`). */
export function inputPacket(cmd: SimInput, acks: AckSource, viewTick: number | null): Uint8Array {
  const { seq, mx, my, aim, fire } = cmd;
  const view = viewTick === null || viewTick < 0 ? -1 : narrowViewTick(viewTick);
  return encodeInput({ seq, mx, my, aim, fire, ack: acks.ack, resync: acks.resync, view });
}

/** Send a chat line (already trimmed and bounded by the caller). */
export function sendChat(socket: GameSocket, text: string): void {
  if (socket.connected) socket.emit('chat', { text });
}
