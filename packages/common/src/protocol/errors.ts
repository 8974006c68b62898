/**
 * Every error a client can receive, in one table. Tests assert on `.code`; the message is for humans.
 * Clients never see stack traces.
 */
export const ErrorCode = {
  PROTOCOL_MISMATCH: 'E_PROTOCOL_MISMATCH',
  BAD_PAYLOAD: 'E_BAD_PAYLOAD',
  UNKNOWN_EVENT: 'E_UNKNOWN_EVENT',
  ROOM_NOT_FOUND: 'E_ROOM_NOT_FOUND',
  ROOM_FULL: 'E_ROOM_FULL',
  ALREADY_IN_ROOM: 'E_ALREADY_IN_ROOM',
  NOT_IN_ROOM: 'E_NOT_IN_ROOM',
  RATE_LIMITED: 'E_RATE_LIMITED',
  SERVER_FULL: 'E_SERVER_FULL',
  TOO_MANY_CONNECTIONS: 'E_TOO_MANY_CONNECTIONS',
  SHUTTING_DOWN: 'E_SHUTTING_DOWN',
  ORIGIN_NOT_ALLOWED: 'E_ORIGIN_NOT_ALLOWED',
  BAD_RESUME_TOKEN: 'E_BAD_RESUME_TOKEN',
  ROOM_CLOSED: 'E_ROOM_CLOSED',
  /** The room (or quick play's pick) lives on another node: `url` says where; reconnect there and retry. */
  ROOM_ELSEWHERE: 'E_ROOM_ELSEWHERE',
  /** The cluster's shared directory (Redis) is unreachable for a moment; rooms already joined keep going. */
  UNAVAILABLE: 'E_UNAVAILABLE',
  /** Admin API: the `Authorization: Bearer` token is missing or wrong. */
  UNAUTHORIZED: 'E_UNAUTHORIZED',
  /** Admin API: no player with that id holds a seat in the room. */
  PLAYER_NOT_FOUND: 'E_PLAYER_NOT_FOUND',
  INTERNAL: 'E_INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The error body sent in acks and `error` events. */
export interface WireError {
  code: ErrorCode;
  message: string;
  /** With `E_ROOM_ELSEWHERE`: the public URL of the node that runs the room. */
  url?: string;
}

/** Reasons the server gives when it ends a session (sent in `kicked` before disconnecting). */
export const CloseReason = {
  ABUSE: 'abuse',
  SHUTDOWN: 'shutdown',
  ROOM_CLOSED: 'room-closed',
  REPLACED: 'replaced',
  SLOW: 'slow',
  /** An administrator closed the room (admin page); its code is free again. */
  ADMIN_CLOSED: 'admin-closed',
  /** An administrator removed this player from the room; the seat is gone (no resume). */
  KICKED: 'kicked',
} as const;

export type CloseReason = (typeof CloseReason)[keyof typeof CloseReason];
