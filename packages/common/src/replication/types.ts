import type { PlayerId, RoundPhase, SimEvent } from '../sim/types.js';

/**
 * What one client holds of the world after decoding a snapshot: the players it can see and the round, all
 * on the simulation's grids (`sim/quanta.ts`), plus the fields only the owner receives. The server's
 * replicator builds one per client per sent snapshot and keeps it as a baseline; the client's receiver
 * keeps the decoded ones as its baselines. Both sides hash the same fields (`hashClientFrame`).
 */
export interface ClientFrame {
  readonly tick: number;
  /** Server time of the tick in epoch ms, on a 0.1 ms grid (`Math.round(ms * 10) / 10`). */
  readonly serverTime: number;
  /** Visible players, ascending by id. Unchanged players may be the very objects of the baseline. */
  readonly players: readonly NetPlayer[];
  readonly round: NetRound;
  /** Fields only the player this frame is for receives; null for a spectator. */
  readonly owner: OwnerFields | null;
}

/** One player as every client in view of it receives it. */
export interface NetPlayer {
  /** 1 .. 2^20 - 1 (ids grow for the life of a room). */
  readonly id: PlayerId;
  /** World units on the position grid, within [0, 8192). */
  readonly x: number;
  readonly y: number;
  /** Radians on the aim grid, in [-PI, PI). */
  readonly aim: number;
  /** 0 .. 255. */
  readonly hp: number;
  readonly alive: boolean;
  /** Spawn protection is on. */
  readonly protected: boolean;
}

export interface NetRound {
  /** 1 .. 2^20. */
  readonly number: number;
  readonly phase: RoundPhase;
  /** The tick at which the round's (or the intermission's) timer runs out; -1 for an untimed round in play. */
  readonly endTick: number;
  /** Winner of the last finished round, or -1. */
  readonly winner: PlayerId;
}

/**
 * Only the owner needs these: its acknowledgement and its own timers. Timers are whole ticks left
 * (`ceil(seconds * tickRate - 1e-9)`), a display grid; the simulation's own timers stay in seconds.
 */
export interface OwnerFields {
  /** Sequence number of the last input the server applied for this player (-1 before the first). */
  readonly lastSeq: number;
  /** Ticks until the laser can fire again (0 = ready). 0 .. 65535. */
  readonly cooldownTicks: number;
  /** Ticks until respawn while dead (0 when alive). 0 .. 65535. */
  readonly respawnTicks: number;
}

/** A decoded snapshot: the frame the client now holds, and what came with it. */
export interface DecodedSnapshot {
  readonly frame: ClientFrame;
  /** Tick of the baseline it was a delta against, or -1 for a full snapshot. */
  readonly baseTick: number;
  /** Events of the ticks since the previous snapshot sent to this client, in order (not part of the state). */
  readonly events: readonly SimEvent[];
  /** Present every Nth snapshot: the hash of `frame` the server expects (`hashClientFrame`). */
  readonly hash: number | null;
}
