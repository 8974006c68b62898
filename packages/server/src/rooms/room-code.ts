import { randomInt } from 'node:crypto';
import { Limits, ROOM_CODE_ALPHABET } from '@tick-arena/common';

/** A random room code from the unambiguous alphabet (crypto RNG: codes of private rooms must not be guessable). */
export function generateRoomCode(taken: (code: string) => boolean): string {
  for (let attempt = 0; attempt < 100; attempt++) {
    let code = '';
    for (let i = 0; i < Limits.ROOM_CODE_LENGTH; i++)
      code += ROOM_CODE_ALPHABET[randomInt(ROOM_CODE_ALPHABET.length)];
    if (!taken(code)) return code;
  }
  throw new Error('could not find a free room code');
}

/**
 * A resume token: the room code, a dot, then 18 random bytes (base64url has no dot). The code in front lets
 * any node of a cluster tell which room a token belongs to and send the player to the node that runs it;
 * the random part is what proves the seat.
 */
export function resumeTokenFor(code: string, random: Uint8Array): string {
  return `${code}.${Buffer.from(random).toString('base64url')}`;
}

/** The room code at the front of a resume token, or null for a token of another shape. */
export function roomCodeOfToken(token: string): string | null {
  const dot = token.indexOf('.');
  return dot === Limits.ROOM_CODE_LENGTH ? token.slice(0, dot) : null;
}
