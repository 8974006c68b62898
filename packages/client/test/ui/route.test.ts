import { describe, expect, it } from 'vitest';
import { normaliseRoomCode, roomCodeFromPath, shareLink } from '../../src/ui/route.js';

describe('room codes and share links', () => {
  it('reads the code from a share-link path', () => {
    expect(roomCodeFromPath('/r/ABC234')).toBe('ABC234');
    expect(roomCodeFromPath('/r/abc234/')).toBe('ABC234');
  });

  it('ignores other paths and malformed codes', () => {
    expect(roomCodeFromPath('/')).toBeNull();
    expect(roomCodeFromPath('/r/')).toBeNull();
    expect(roomCodeFromPath('/r/ABC23')).toBeNull();
    // 0, O, 1, I, L, U and V are not in the code alphabet.
    expect(roomCodeFromPath('/r/ABC230')).toBeNull();
    expect(roomCodeFromPath('/r/ABC234/extra')).toBeNull();
    expect(roomCodeFromPath('/r/%E0%A4%A')).toBeNull();
  });

  it('tidies a typed code', () => {
    expect(normaliseRoomCode(' abc-234 ')).toBe('ABC234');
    expect(normaliseRoomCode('abc 23')).toBeNull();
  });

  it('builds the link a friend opens', () => {
    expect(shareLink('https://play.example', 'ABC234')).toBe('https://play.example/r/ABC234');
  });
});
