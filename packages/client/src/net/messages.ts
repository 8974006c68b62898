import type { InputCommand } from '@tick-arena/common';
import type { GameSocket } from './connection.js';

/**
 * Send one input command. Dropped while disconnected instead of buffered: socket.io would otherwise replay
 * seconds of stale inputs on reconnect, and the server would only discard them.
 */
export function sendInput(socket: GameSocket, cmd: InputCommand): void {
  if (socket.connected) socket.emit('input', cmd);
}

/** Send a chat line (already trimmed and bounded by the caller). */
export function sendChat(socket: GameSocket, text: string): void {
  if (socket.connected) socket.emit('chat', { text });
}
