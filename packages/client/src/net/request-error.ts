import type { ErrorCode, WireError } from '@tick-arena/common';

/** Failures the client detects itself, next to the server's `ErrorCode`s. */
export const ClientErrorCode = {
  TIMEOUT: 'E_TIMEOUT',
  OFFLINE: 'E_OFFLINE',
} as const;
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** A request the server refused (its coded error) or that never got an answer. */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    /** With `E_ROOM_ELSEWHERE`: the node that runs the room (see net/follow-node.ts). */
    readonly url?: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/**
 * The coded error a server attached to a socket.io `connect_error` (`err.data`), if there is one. Checked
 * field by field: anything arriving over the network is untyped until proven otherwise.
 */
export function wireErrorOf(err: unknown): WireError | null {
  if (typeof err !== 'object' || err === null || !('data' in err)) return null;
  const data: unknown = err.data;
  if (typeof data !== 'object' || data === null) return null;
  const { code, message } = data as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return { code: code as ErrorCode, message };
}
