import type { RoundPhase, PlayerId, SimEvent, GameState } from '../sim/types.js';

/**
 * The state tick on the wire: positional arrays rather than objects, about a third of the JSON size.
 * One snapshot is encoded once per room and broadcast; each player's own tuple carries the last input
 * sequence the server applied for it (`lastSeq`), which is how a client learns its acknowledgement.
 */
export interface SnapshotWire {
  /** Server tick number. */
  t: number;
  /** Server wall-clock time in ms (epoch, fractional), for snapshot age and interpolation timing. */
  st: number;
  /** Players: [id, x, y, aim, hp, flags, lastSeq, kills, deaths]. */
  p: PlayerTuple[];
  /** Events since the previous snapshot, see `EventKind`. */
  e: EventTuple[];
  /** Round: [number, phase, timeLeft (s, one decimal), winner]. */
  r: [number, RoundPhase, number, PlayerId];
}

export type PlayerTuple = [
  id: number,
  x: number,
  y: number,
  aim: number,
  hp: number,
  flags: number,
  lastSeq: number,
  kills: number,
  deaths: number,
];
export type EventTuple = number[];

export const PlayerFlag = { ALIVE: 1, PROTECTED: 2 } as const;

export const EventKind = {
  SHOT: 0,
  DAMAGE: 1,
  KILL: 2,
  SPAWN: 3,
  ROUND_END: 4,
  ROUND_START: 5,
} as const;

export interface SnapshotPlayer {
  id: PlayerId;
  x: number;
  y: number;
  aim: number;
  hp: number;
  alive: boolean;
  protected: boolean;
  lastSeq: number;
  kills: number;
  deaths: number;
}

export interface Snapshot {
  tick: number;
  serverTime: number;
  players: SnapshotPlayer[];
  events: SimEvent[];
  round: { number: number; phase: RoundPhase; timeLeft: number; winner: PlayerId };
}

const AIM_QUANTUM = 1000;

export function encodeEvent(e: SimEvent): EventTuple {
  switch (e.type) {
    case 'shot':
      return [EventKind.SHOT, e.shooter, e.x1, e.y1, e.x2, e.y2, e.hit];
    case 'damage':
      return [EventKind.DAMAGE, e.target, e.by, e.amount];
    case 'kill':
      return [EventKind.KILL, e.killer, e.victim];
    case 'spawn':
      return [EventKind.SPAWN, e.id, e.x, e.y];
    case 'round-end':
      return [EventKind.ROUND_END, e.winner, e.round];
    case 'round-start':
      return [EventKind.ROUND_START, e.round];
  }
}

export function decodeEvent(t: EventTuple): SimEvent | undefined {
  const n = (i: number) => t[i] ?? 0;
  switch (t[0]) {
    case EventKind.SHOT:
      return { type: 'shot', shooter: n(1), x1: n(2), y1: n(3), x2: n(4), y2: n(5), hit: n(6) };
    case EventKind.DAMAGE:
      return { type: 'damage', target: n(1), by: n(2), amount: n(3) };
    case EventKind.KILL:
      return { type: 'kill', killer: n(1), victim: n(2) };
    case EventKind.SPAWN:
      return { type: 'spawn', id: n(1), x: n(2), y: n(3) };
    case EventKind.ROUND_END:
      return { type: 'round-end', winner: n(1), round: n(2) };
    case EventKind.ROUND_START:
      return { type: 'round-start', round: n(1) };
    default:
      return undefined;
  }
}

/** Encode a game state (plus the events gathered since the last snapshot) for broadcast. */
export function encodeSnapshot(
  state: GameState,
  serverTime: number,
  events: readonly SimEvent[],
): SnapshotWire {
  return {
    t: state.tick,
    st: Math.round(serverTime * 10) / 10,
    p: state.players.map((p) => [
      p.id,
      p.x,
      p.y,
      Math.round(p.aim * AIM_QUANTUM) / AIM_QUANTUM,
      p.hp,
      (p.alive ? PlayerFlag.ALIVE : 0) | (p.protectedFor > 0 ? PlayerFlag.PROTECTED : 0),
      p.lastSeq,
      p.kills,
      p.deaths,
    ]),
    e: events.map(encodeEvent),
    r: [
      state.round.number,
      state.round.phase,
      Math.round(state.round.timeLeft * 10) / 10,
      state.round.winner,
    ],
  };
}

export function decodeSnapshot(w: SnapshotWire): Snapshot {
  return {
    tick: w.t,
    serverTime: w.st,
    players: w.p.map(([id, x, y, aim, hp, flags, lastSeq, kills, deaths]) => ({
      id,
      x,
      y,
      aim,
      hp,
      alive: (flags & PlayerFlag.ALIVE) !== 0,
      protected: (flags & PlayerFlag.PROTECTED) !== 0,
      lastSeq,
      kills,
      deaths,
    })),
    events: w.e.map(decodeEvent).filter((e): e is SimEvent => e !== undefined),
    round: { number: w.r[0], phase: w.r[1], timeLeft: w.r[2], winner: w.r[3] },
  };
}
