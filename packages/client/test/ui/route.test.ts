import { describe, expect, it } from 'vitest';
import { normaliseRoomCode, parseRoomPath, roomCodeFromPath, shareLink } from '../../src/ui/route.js';

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

  it('tells a broken room link from the menu, so it can be said at once', () => {
    expect(parseRoomPath('/')).toEqual({ kind: 'menu' });
    expect(parseRoomPath('/rooms')).toEqual({ kind: 'menu' });
    expect(parseRoomPath('/r/abc234')).toEqual({ kind: 'room', code: 'ABC234' });
    expect(parseRoomPath('/r/abc')).toEqual({ kind: 'malformed', raw: 'abc' });
    expect(parseRoomPath('/r/')).toEqual({ kind: 'malformed', raw: '' });
    expect(parseRoomPath('/r')).toEqual({ kind: 'malformed', raw: '' });
    expect(parseRoomPath('/r/%E0%A4%A')).toEqual({ kind: 'malformed', raw: '%E0%A4%A' });
    expect(parseRoomPath(`/r/${'x'.repeat(40)}`)).toEqual({ kind: 'malformed', raw: `${'x'.repeat(24)}…` });
  });

  it('tidies a typed code', () => {
    expect(normaliseRoomCode(' abc-234 ')).toBe('ABC234');
    expect(normaliseRoomCode('abc 23')).toBeNull();
  });

  it('builds the link a friend opens', () => {
    expect(shareLink('https://play.example', 'ABC234')).toBe('https://play.example/r/ABC234');
  });
});
