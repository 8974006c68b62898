import type { RoomInfo } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { LOBBY_PUSH_INTERVAL_MS, LobbyFeed } from '../../src/net/lobby-feed.js';
import { FakeTimers } from '../support/fake-timers.js';

const room = (code: string, players: number): RoomInfo => ({
  code,
  public: true,
  maxPlayers: 8,
  tickRate: 30,
  snapshotEvery: 1,
  bots: 0,
  players,
  spectators: 0,
  mapId: 'arena-1',
});

function feedWith(timers: FakeTimers, refreshEveryMs = 0) {
  const state = { rooms: [room('AAAAAA', 1)], watchers: 1 };
  const sent: RoomInfo[][] = [];
  const feed = new LobbyFeed({
    list: () => state.rooms,
    watchers: () => state.watchers,
    send: (rooms) => sent.push(rooms),
    refreshEveryMs,
    timers,
  });
  return { state, sent, feed };
}

describe('LobbyFeed', () => {
  it('pushes a changed list, at most twice a second, and never the same list twice', () => {
    const timers = new FakeTimers();
    const { state, sent, feed } = feedWith(timers);
    feed.changed();
    timers.advance(0);
    expect(sent).toHaveLength(1);
    // Twenty changes in 200 ms: one more push, with the final list.
    for (let i = 2; i < 22; i++) {
      state.rooms = [room('AAAAAA', i % 8)];
      feed.changed();
      timers.advance(10);
    }
    timers.advance(LOBBY_PUSH_INTERVAL_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(state.rooms);
    // A change that leaves the list as it was (a bot's kill, a private room) sends nothing.
    feed.changed();
    timers.advance(LOBBY_PUSH_INTERVAL_MS);
    expect(sent).toHaveLength(2);
  });

  it('sends nothing while nobody watches', () => {
    const timers = new FakeTimers();
    const { state, sent, feed } = feedWith(timers);
    state.watchers = 0;
    state.rooms = [];
    feed.changed();
    timers.advance(5000);
    expect(sent).toHaveLength(0);
    expect(timers.scheduled).toBe(0);
  });

  it('after a new watcher, a list equal to the last push is sent again (the newcomer may hold another)', () => {
    const timers = new FakeTimers();
    const { state, sent, feed } = feedWith(timers);
    feed.changed();
    timers.advance(0);
    const first = sent[0];
    state.rooms = [room('BBBBBB', 2)];
    feed.watched(); // its ack carried [BBBBBB]
    state.rooms = first ?? [];
    feed.changed();
    timers.advance(LOBBY_PUSH_INTERVAL_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(first);
  });

  it('re-reads the list periodically while someone watches, and stops once nobody does', () => {
    const timers = new FakeTimers();
    const { state, sent, feed } = feedWith(timers, 2000);
    feed.watched();
    // Another node's room vanished without a word: only the periodic re-read notices.
    state.rooms = [];
    timers.advance(2000 + LOBBY_PUSH_INTERVAL_MS);
    expect(sent.at(-1)).toEqual([]);
    state.watchers = 0;
    timers.advance(10_000);
    expect(timers.scheduled).toBe(0);
  });
});
