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
