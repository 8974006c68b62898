import { encodeInput, type SimInput } from '@tick-arena/common';
import type { GameSocket } from './connection.js';

/** What the next input packet acknowledges (from the snapshot stream). */
export interface AckSource {
  /** Low 16 bits of the newest snapshot tick held, or -1. */
  readonly ack: number;
  readonly resync: boolean;
}

/**
 * Send one input command as a binary input packet (one WebSocket frame), carrying the snapshot
 * acknowledgement. Dropped while disconnected instead of buffered: socket.io would otherwise replay seconds
 * of stale inputs on reconnect, and the server would only discard them.
 */
export function sendInput(socket: GameSocket, cmd: SimInput, acks: AckSource): void {
  if (!socket.connected) return;
  socket.emit('input', encodeInput({ ...cmd, ack: acks.ack, resync: acks.resync }));
}

/** Send a chat line (already trimmed and bounded by the caller). */
export function sendChat(socket: GameSocket, text: string): void {
  if (socket.connected) socket.emit('chat', { text });
}
