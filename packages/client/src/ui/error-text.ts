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
    title: 'No room with that code. It may have ended; check the code or start a new room.',
    remedy: ErrorRemedy.NONE,
  },
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

/** A player-facing sentence and remedy for an error code; unknown codes fall back to the server's message. */
export function explainError(code: string, serverMessage: string): Explanation {
  return EXPLANATIONS[code] ?? { title: serverMessage || 'Something went wrong.', remedy: ErrorRemedy.NONE };
}
