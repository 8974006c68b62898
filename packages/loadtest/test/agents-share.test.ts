import { describe, expect, it } from 'vitest';
import { Recruiter } from '../src/agents/recruit.js';
import { AgentTiming, type AgentRecord } from '../src/agents/protocol.js';
import { shareClients, shareRooms } from '../src/agents/share.js';
import { RoomPlanner } from '../src/coordinator/room-planner.js';
import { LoadtestErrorCode } from '../src/errors.js';
import type { RoomSource } from '../src/options.js';

const fill = (roomSize: number, rooms?: number): RoomSource => ({
  kind: 'create',
  rooms,
  roomSize,
  tickRate: 30,
  snapshotEvery: undefined,
});

/** Bots per room of a single tester's plan of `total` bots. */
function occupancy(source: RoomSource, total: number): number[] {
  const planner = new RoomPlanner(source, 1);
  const rooms: number[] = [];
  for (let i = 0; i < total; i++) {
    const r = planner.roomIndexOf(i);
    rooms[r] = (rooms[r] ?? 0) + 1;
  }
  return rooms;
}

describe('splitting a run between testers', () => {
  it('gives every bot to exactly one tester, whatever the total and the number of testers', () => {
    const sources: RoomSource[] = [
      fill(16),
      fill(5),
      fill(16, 7),
      { kind: 'join', codes: ['AAAAA', 'BBBBB', 'CCCCC', 'DDDDD', 'EEEEE'] },
      { kind: 'join', codes: ['AAAAA'] },
    ];
    for (const source of sources)
      for (const testers of [1, 2, 3, 8])
        for (const total of [1, 15, 16, 17, 100, 1001]) {
          const shares = Array.from({ length: testers }, (_, k) => shareClients(source, k, testers, total));
          expect(
            shares.reduce((a, b) => a + b),
            JSON.stringify({ source, testers, total }),
          ).toBe(total);
        }
  });

  it('deals whole rooms round-robin, so each tester fills the same rooms a single tester would', () => {
    // 100 bots in rooms of 16: rooms of 16,16,16,16,16,16,4. Three testers own rooms {0,3,6}, {1,4}, {2,5}.
    const source = fill(16);
    expect([0, 1, 2].map((k) => shareClients(source, k, 3, 100))).toEqual([16 + 16 + 4, 32, 32]);
    // Each tester's own plan of its share (rooms filled in order) has the occupancy of the rooms it owns.
    const global = occupancy(source, 100);
    for (let k = 0; k < 3; k++) {
      const owned = global.filter((_, r) => r % 3 === k);
      expect(occupancy(shareRooms(source, k, 3), shareClients(source, k, 3, 100))).toEqual(owned);
    }
  });

  it('never moves a bot when a capacity search grows the run', () => {
    const source = fill(16);
    for (let k = 0; k < 3; k++) {
      let before = 0;
      for (let total = 0; total <= 500; total += 50) {
        const now = shareClients(source, k, 3, total);
        expect(now).toBeGreaterThanOrEqual(before);
        before = now;
      }
    }
  });

  it('splits a fixed number of rooms, and --join codes, between testers', () => {
    expect(shareRooms(fill(16, 7), 0, 3)).toMatchObject({ rooms: 3 });
    expect(shareRooms(fill(16, 7), 2, 3)).toMatchObject({ rooms: 2 });
    const codes: RoomSource = { kind: 'join', codes: ['AAAAA', 'BBBBB', 'CCCCC'] };
    expect(shareRooms(codes, 1, 2)).toEqual({ kind: 'join', codes: ['BBBBB'] });
    // Fewer codes than testers: everyone joins every room, the bots are split one by one.
    expect(shareRooms(codes, 3, 4)).toEqual(codes);
    expect([0, 1, 2, 3].map((k) => shareClients(codes, k, 4, 10))).toEqual([3, 3, 2, 2]);
  });
});

const agent = (name: string, state: AgentRecord['state'] = 'idle'): AgentRecord => ({
  id: name,
  name,
  host: 'h',
  pid: 1,
  workers: 1,
  cores: 2,
  state,
  runId: state === 'busy' ? 'other' : null,
});

describe('gathering agents', () => {
  it('invites idle agents into places 1..N and hands a declined place to the next agent', () => {
    const invites: [string, number][] = [];
    const r = new Recruiter(2, (rec, index) => invites.push([rec.name, index]));
    r.step([agent('a'), agent('b'), agent('c'), agent('d', 'busy')], 0);
    expect(invites).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    expect(r.answer(agent('a'), true)).toBe(1);
    expect(r.answer(agent('b'), false, 'cannot reach http://x')).toBeNull();
    r.step([agent('a', 'busy'), agent('b'), agent('c'), agent('d', 'busy')], 100);
    expect(invites.at(-1)).toEqual(['c', 2]);
    expect(r.answer(agent('c'), true)).toBe(2);
    expect(r.done).toBe(true);
  });

  it('gives up an invitation that is not answered in time and ignores the late answer', () => {
    const invites: string[] = [];
    const r = new Recruiter(1, (rec) => invites.push(rec.name));
    r.step([agent('slow'), agent('b')], 0);
    r.step([agent('slow'), agent('b')], AgentTiming.INVITE_TIMEOUT_MS + 1);
    expect(invites).toEqual(['slow', 'b']);
    expect(r.answer(agent('slow'), true)).toBeNull();
    expect(r.answer(agent('b'), true)).toBe(1);
    expect(r.declined.get('slow')).toBe('did not answer the invitation');
    // A refusal that arrives late still explains better than the silence.
    r.answer(agent('slow'), false, 'cannot reach http://x: timed out');
    expect(r.declined.get('slow')).toBe('cannot reach http://x: timed out');
  });

  it('says how many agents it found and what each was doing when too few joined', () => {
    const r = new Recruiter(3, () => {});
    r.step([agent('a'), agent('b'), agent('z', 'busy')], 0);
    r.answer(agent('a'), true);
    r.answer(agent('b'), false, 'cannot reach http://10.0.0.9:3000: ECONNREFUSED');
    const err = r.shortfall('redis://127.0.0.1:6379', 10_000);
    expect(err.code).toBe(LoadtestErrorCode.AGENTS_MISSING);
    expect(err.message).toBe(
      '--agents 3: 1 of 3 tester agents joined within 10 s on redis://127.0.0.1:6379; 3 found; joined: a; ' +
        'busy: z (run other); declined: b (cannot reach http://10.0.0.9:3000: ECONNREFUSED). ' +
        'Start agents with: pnpm loadtest agent --redis redis://127.0.0.1:6379',
    );
    expect(new Recruiter(2, () => {}).shortfall('redis://r', 5000).message).toMatch(
      /^--agents 2: 0 of 2 tester agents joined within 5 s on redis:\/\/r; no agent is waiting there\./,
    );
  });
});
