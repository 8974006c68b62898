import { Limits, ROOM_CODE_ALPHABET } from '@tick-arena/common';

const ROOM_PATH = /^\/r\/([^/]+)\/?$/;

/**
 * Tidy a room code as typed or pasted: upper case, spaces and dashes removed. Returns null unless the
 * result is a well-formed code (right length, only characters from the code alphabet).
 */
export function normaliseRoomCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== Limits.ROOM_CODE_LENGTH) return null;
  for (const ch of code) if (!ROOM_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** The room code in a share-link path (`/r/CODE`), or null for any other path. */
export function roomCodeFromPath(pathname: string): string | null {
  const m = ROOM_PATH.exec(pathname);
  // Not URI-decoded: a valid code is plain ASCII, and decoding a malformed escape would throw.
  return m?.[1] ? normaliseRoomCode(m[1]) : null;
}

/** The link that drops a friend into a room. */
export function shareLink(origin: string, code: string): string {
  return `${origin}/r/${code}`;
}
