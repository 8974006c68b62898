import { Limits, ROOM_CODE_ALPHABET } from '@tick-arena/common';

const ROOM_PATH = /^\/r\/([^/]+)\/?$/;
/** Anything under `/r/`, well-formed or not: a link that was meant to be an invitation. */
const INVITE_PATH = /^\/r(?:\/(.*))?$/;
/** How much of a malformed code is repeated back to the player. */
const RAW_SHOWN_MAX = 24;

/** What the page's path asks for: the menu, a room by its code, or a room link with a broken code. */
export type RoomRoute =
  | { kind: 'menu' }
  | { kind: 'room'; code: string }
  /** `/r/abc`, `/r/`: said so at once, rather than quietly showing the menu. `raw` is for display only. */
  | { kind: 'malformed'; raw: string };

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

/** Read the page's path (`location.pathname`). */
export function parseRoomPath(pathname: string): RoomRoute {
  const code = roomCodeFromPath(pathname);
  if (code) return { kind: 'room', code };
  const m = INVITE_PATH.exec(pathname);
  if (!m) return { kind: 'menu' };
  // Shown as text, never parsed: a malformed escape is shown as typed rather than decoded (which throws).
  const raw = (m[1] ?? '').replace(/\/+$/, '');
  return { kind: 'malformed', raw: raw.length > RAW_SHOWN_MAX ? `${raw.slice(0, RAW_SHOWN_MAX)}…` : raw };
}

/** The link that drops a friend into a room. */
export function shareLink(origin: string, code: string): string {
  return `${origin}/r/${code}`;
}
