import { ErrorCode } from '@tick-arena/common';
import { ClientErrorCode } from '../net/request-error.js';

/** What a player can do about an error, offered as a button next to it. */
export const ErrorRemedy = {
  NONE: 'none',
  SPECTATE: 'spectate',
  RELOAD: 'reload',
  RETRY: 'retry',
} as const;
export type ErrorRemedy = (typeof ErrorRemedy)[keyof typeof ErrorRemedy];

interface Explanation {
  title: string;
  remedy: ErrorRemedy;
}

const EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  [ErrorCode.ROOM_FULL]: { title: 'That room is full.', remedy: ErrorRemedy.SPECTATE },
  [ErrorCode.ROOM_NOT_FOUND]: {
    title: "That room doesn't exist any more (or the code is wrong). Start a new room or press Quick play.",
    remedy: ErrorRemedy.NONE,
  },
  [ErrorCode.ROOM_CLOSED]: { title: 'That room has closed.', remedy: ErrorRemedy.NONE },
  [ErrorCode.TOO_MANY_CONNECTIONS]: {
    title: 'Too many connections from your network. Close a few game tabs, then try again.',
    remedy: ErrorRemedy.RETRY,
  },
  [ErrorCode.UNAVAILABLE]: {
    title: 'The servers are briefly busy finding rooms. Try again in a moment.',
    remedy: ErrorRemedy.RETRY,
  },
  [ErrorCode.ROOM_ELSEWHERE]: {
    title: 'Could not reach the server that runs that room. Try again in a moment.',
    remedy: ErrorRemedy.RETRY,
  },
  [ErrorCode.BAD_PAYLOAD]: { title: 'The server could not accept that request.', remedy: ErrorRemedy.NONE },
  [ErrorCode.INTERNAL]: { title: 'Something went wrong. Try again.', remedy: ErrorRemedy.RETRY },
  [ErrorCode.PROTOCOL_MISMATCH]: {
    title: 'The server was updated. Reload the page to get the new version.',
    remedy: ErrorRemedy.RELOAD,
  },
  [ErrorCode.SERVER_FULL]: {
    title: 'The server is full right now. Try again in a minute.',
    remedy: ErrorRemedy.RETRY,
  },
  [ErrorCode.RATE_LIMITED]: { title: 'Slow down a little, then try again.', remedy: ErrorRemedy.RETRY },
  [ErrorCode.SHUTTING_DOWN]: {
    title: 'The server is restarting. Try again shortly.',
    remedy: ErrorRemedy.RETRY,
  },
  [ErrorCode.BAD_RESUME_TOKEN]: {
    title: 'Your seat was given up while you were away.',
    remedy: ErrorRemedy.NONE,
  },
  [ErrorCode.ALREADY_IN_ROOM]: { title: 'You are already in a room.', remedy: ErrorRemedy.RELOAD },
  [ErrorCode.ORIGIN_NOT_ALLOWED]: {
    title: 'This server does not accept players from this site.',
    remedy: ErrorRemedy.NONE,
  },
  [ClientErrorCode.TIMEOUT]: { title: 'The server did not answer in time.', remedy: ErrorRemedy.RETRY },
  [ClientErrorCode.OFFLINE]: { title: 'Not connected to the server.', remedy: ErrorRemedy.RETRY },
};

/**
 * A player-facing sentence and remedy for an error code. The code itself is never in the sentence (the
 * menu shows it, with the server's own words, behind a "Details" toggle); a code this table does not know
 * yet reads as a generic failure.
 */
export function explainError(code: string): Explanation {
  return EXPLANATIONS[code] ?? { title: 'Something went wrong. Try again.', remedy: ErrorRemedy.RETRY };
}

/** The "Details" line of an error: its code and the server's message, for a bug report. */
export function errorDetails(code: string, serverMessage: string): string {
  return serverMessage ? `${code}: ${serverMessage}` : code;
}
