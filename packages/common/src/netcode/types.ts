import type { PlayerId } from '../sim/types.js';

/**
 * What interpolation reads of a player. A client's decoded snapshot player has more fields (health,
 * protection): they ride along, taken from the later snapshot of a pair.
 */
export interface InterpolatedPlayer {
  readonly id: PlayerId;
  readonly x: number;
  readonly y: number;
  /** Radians, as on the wire grid. */
  readonly aim: number;
  readonly alive: boolean;
}

/** What interpolation reads of a snapshot: its tick, the server time of that tick and its players. */
export interface TimedSnapshot<P extends InterpolatedPlayer = InterpolatedPlayer> {
  readonly tick: number;
  /** Server time of the tick, ms (epoch ms as the server stamps it). */
  readonly serverTime: number;
  readonly players: readonly P[];
}

/** The player type of a snapshot type. */
export type PlayerOf<S extends TimedSnapshot> = S['players'][number];
