import { describe, expect, it } from 'vitest';
import { countOf } from '../../src/ui/plural.js';
import { roomLine } from '../../src/ui/room-list.js';
import { occupancy } from '../../src/ui/invite-view.js';

describe('plurals that read right', () => {
  it('says "1 bot" and "2 bots", "0 kills" and "1 kill"', () => {
    expect(countOf(1, 'bot')).toBe('1 bot');
    expect(countOf(2, 'bot')).toBe('2 bots');
    expect(countOf(0, 'kill')).toBe('0 kills');
    expect(countOf(1, 'death')).toBe('1 death');
    expect(countOf(3, 'person', 'people')).toBe('3 people');
  });

  it('words a public room row with its bots counted right', () => {
    const base = {
      code: 'ABC234',
      public: true,
      tickRate: 30,
      snapshotEvery: 1,
      spectators: 0,
      mapId: 'arena-1',
    };
    expect(roomLine({ ...base, players: 2, maxPlayers: 8, bots: 1 })).toBe('2/8 players · 30 Hz · 1 bot');
    expect(roomLine({ ...base, players: 4, maxPlayers: 8, bots: 3 })).toBe('4/8 players · 30 Hz · 3 bots');
    expect(roomLine({ ...base, players: 1, maxPlayers: 1, bots: 0 })).toBe('1/1 player · 30 Hz');
    // The bots' difficulty, when the server says it.
    expect(roomLine({ ...base, players: 4, maxPlayers: 8, bots: 3, botDifficulty: 'hard' })).toBe(
      '4/8 players · 30 Hz · 3 hard bots',
    );
    expect(roomLine({ ...base, players: 2, maxPlayers: 8, bots: 1, botDifficulty: 'easy' })).toBe(
      '2/8 players · 30 Hz · 1 easy bot',
    );
  });

  it('words who is in a room an invitation leads to', () => {
    const peek = { code: 'ABC234', exists: true, full: false, maxPlayers: 8 };
    expect(occupancy({ ...peek, humans: 1, bots: 1 })).toBe('1/8 players, 1 bot');
    expect(occupancy({ ...peek, humans: 2, bots: 0 })).toBe('2/8 players');
  });
});
