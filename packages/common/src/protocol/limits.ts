/** Bounds shared by schemas, the server and the client UI. */
export const Limits = {
  NAME_MAX: 20,
  CHAT_MAX: 140,
  MIN_PLAYERS: 1,
  MAX_PLAYERS: 16,
  MIN_TICK_RATE: 10,
  MAX_TICK_RATE: 128,
  MAX_BOTS: 15,
  /** Largest input sequence number; a client wraps to 0 only by reconnecting. */
  MAX_SEQ: 2 ** 31 - 1,
  ROOM_CODE_LENGTH: 6,
} as const;

/**
 * Room codes use 29 characters with no look-alikes (no 0/O, 1/I/L, U/V): read aloud or typed from a
 * phone they cannot be confused, and 29^6 ~ 595 M codes leaves guessing a live one impractical.
 */
export const ROOM_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTWXYZ' as const;
export const ROOM_CODE_PATTERN = `^[${ROOM_CODE_ALPHABET}]{${Limits.ROOM_CODE_LENGTH}}$`;
