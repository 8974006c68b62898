import type { RoomInfo } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { fullestWithSpace, parseNodeRecord, type PlacedRoom } from '../../src/scale/node-record.js';
import { roomCodeOfToken, resumeTokenFor } from '../../src/rooms/room-code.js';

const room = (code: string, players: number, bots: number, maxPlayers = 8): RoomInfo => ({
  code,
  public: true,
  maxPlayers,
  tickRate: 30,
  snapshotEvery: 1,
  bots,
  players,
  spectators: 0,
  mapId: 'arena-1',
});
const placed = (nodeId: string, r: RoomInfo): PlacedRoom => ({ room: r, nodeId, url: `http://${nodeId}` });

describe('fullestWithSpace', () => {
  it('picks the room with the most humans that still has a seat for one (bots give theirs up)', () => {
    const pick = fullestWithSpace(
      [
        placed('a', room('AAAAAA', 8, 6)), // 2 humans, bots make way
        placed('b', room('BBBBBB', 5, 0)), // 5 humans
        placed('c', room('CCCCCC', 8, 0)), // full of humans
      ],
      'a',
    );
    expect(pick?.room.code).toBe('BBBBBB');
  });

  it('keeps a tie on the node that was asked, whatever the order', () => {
    const here = placed('self', room('HHHHHH', 3, 0));
    const there = placed('other', room('TTTTTT', 3, 0));
    expect(fullestWithSpace([there, here], 'self')?.room.code).toBe('HHHHHH');
    expect(fullestWithSpace([here, there], 'self')?.room.code).toBe('HHHHHH');
  });

  it('finds nothing when every room is full of humans', () => {
    expect(fullestWithSpace([placed('a', room('AAAAAA', 4, 0, 4))], 'a')).toBeNull();
    expect(fullestWithSpace([], 'a')).toBeNull();
  });
});

describe('parseNodeRecord', () => {
  it('reads a record back and refuses anything else', () => {
    const r = { id: 'n1', url: 'http://n1', players: 3, rooms: 1, publicRooms: [] };
    expect(parseNodeRecord(JSON.stringify(r))).toEqual(r);
    for (const bad of [null, '', 'not json', '42', '{"id":"n1"}', JSON.stringify({ ...r, players: '3' })]) {
      expect(parseNodeRecord(bad)).toBeNull();
    }
  });
});

describe('resume tokens', () => {
  it('carry their room code in front, so any node knows where the seat is', () => {
    const token = resumeTokenFor('ABC234', new Uint8Array(18).fill(7));
    expect(token).toMatch(/^ABC234\.[A-Za-z0-9_-]{24}$/);
    expect(roomCodeOfToken(token)).toBe('ABC234');
    expect(roomCodeOfToken('no-dot-here-at-all')).toBeNull();
    expect(roomCodeOfToken('AB.cdefghijklmnopqrst')).toBeNull();
  });
});
