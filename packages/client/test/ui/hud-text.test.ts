import { describe, expect, it } from 'vitest';
import { deathTitle, respawnText } from '../../src/ui/death-card.js';
import { shareLinkParts } from '../../src/ui/share-link-parts.js';

describe('share link parts', () => {
  it('drops the scheme and keeps the path with the code whole', () => {
    expect(shareLinkParts('http://127.0.0.1:42597/r/YKNSDQ')).toEqual({
      host: '127.0.0.1:42597',
      path: '/r/YKNSDQ',
    });
    expect(shareLinkParts('https://play.example.com/r/ABCDEF?netsim=150')).toEqual({
      host: 'play.example.com',
      path: '/r/ABCDEF?netsim=150',
    });
  });

  it('shows something that is not a URL whole, as the path', () => {
    expect(shareLinkParts('not a url')).toEqual({ host: '', path: 'not a url' });
  });
});

describe('death card text', () => {
  it('names the killer, or says you died', () => {
    expect(deathTitle('Bea')).toBe('You were killed by Bea');
    expect(deathTitle('')).toBe('You died');
  });

  it('counts down in tenths, rounding up, and never shows 0.0 while waiting', () => {
    expect(respawnText(2500)).toBe('Respawn in 2.5 s');
    expect(respawnText(2401)).toBe('Respawn in 2.5 s');
    expect(respawnText(1)).toBe('Respawn in 0.1 s');
    expect(respawnText(0)).toBe('Respawning…');
    expect(respawnText(-50)).toBe('Respawning…');
    expect(respawnText(Number.NaN)).toBe('Respawning…');
  });
});
