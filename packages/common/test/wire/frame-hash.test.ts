import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RoundPhase, hashClientFrame, type ClientFrame } from '../../src/index.js';
import { arbFrame, netPlayer } from '../support/frames.js';

const frame: ClientFrame = {
  tick: 1234,
  serverTime: 1_767_225_600_041.1,
  players: [
    netPlayer(1),
    netPlayer(2, { x: 8191.9375, aim: -Math.PI, hp: 0, alive: false, protected: true }),
  ],
  round: { number: 3, phase: RoundPhase.ENDED, endTick: 1400, winner: 2 },
  owner: { lastSeq: 77, cooldownTicks: 4, respawnTicks: 0 },
};

describe('hashClientFrame', () => {
  it('is pinned: a change to what is hashed, or how, is a wire change', () => {
    expect(hashClientFrame(frame)).toBe(hashClientFrame(structuredClone(frame)));
    expect(hashClientFrame(frame)).toMatchInlineSnapshot(`1716183409`);
  });

  it('is a 32-bit unsigned integer', () => {
    fc.assert(
      fc.property(arbFrame, (f) => {
        const h = hashClientFrame(f);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
      }),
    );
  });

  const changes: [string, (f: ClientFrame) => ClientFrame][] = [
    ['tick', (f) => ({ ...f, tick: f.tick + 1 })],
    ['round number', (f) => ({ ...f, round: { ...f.round, number: 4 } })],
    ['round phase', (f) => ({ ...f, round: { ...f.round, phase: RoundPhase.PLAYING } })],
    ['round end tick', (f) => ({ ...f, round: { ...f.round, endTick: -1 } })],
    ['winner', (f) => ({ ...f, round: { ...f.round, winner: -1 } })],
    ['a player id', (f) => ({ ...f, players: [netPlayer(3), ...f.players.slice(1)] })],
    [
      'a position by one step',
      (f) => ({ ...f, players: [netPlayer(1, { x: 100.0625 }), ...f.players.slice(1)] }),
    ],
    [
      'an aim by one step',
      (f) => ({ ...f, players: [netPlayer(1, { aim: Math.PI / 1024 }), ...f.players.slice(1)] }),
    ],
    ['hp', (f) => ({ ...f, players: [netPlayer(1, { hp: 99 }), ...f.players.slice(1)] })],
    ['alive', (f) => ({ ...f, players: [netPlayer(1, { alive: false }), ...f.players.slice(1)] })],
    ['protected', (f) => ({ ...f, players: [netPlayer(1, { protected: true }), ...f.players.slice(1)] })],
    ['a player leaving', (f) => ({ ...f, players: f.players.slice(1) })],
    ['lastSeq', (f) => ({ ...f, owner: { lastSeq: 78, cooldownTicks: 4, respawnTicks: 0 } })],
    ['a timer', (f) => ({ ...f, owner: { lastSeq: 77, cooldownTicks: 4, respawnTicks: 1 } })],
    ['the owner fields going', (f) => ({ ...f, owner: null })],
  ];
  for (const [what, change] of changes) {
    it(`changes when ${what} changes`, () => {
      expect(hashClientFrame(change(frame))).not.toBe(hashClientFrame(frame));
    });
  }

  it('ignores serverTime, which is not state a client could drift on', () => {
    expect(hashClientFrame({ ...frame, serverTime: 0 })).toBe(hashClientFrame(frame));
  });
});
