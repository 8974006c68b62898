export type PlayerId = number;

/** One player as the simulation sees it. Plain data: copied, never mutated in place by `step`. */
export interface PlayerState {
  readonly id: PlayerId;
  readonly x: number;
  readonly y: number;
  readonly aim: number;
  readonly hp: number;
  readonly alive: boolean;
  /** Seconds until respawn while dead. */
  readonly respawnIn: number;
  /** Seconds of spawn protection left (no damage taken). */
  readonly protectedFor: number;
  /** Seconds until the laser can fire again. */
  readonly cooldown: number;
  readonly kills: number;
  readonly deaths: number;
  /** Sequence number of the last input applied to this player (-1 before the first). */
  readonly lastSeq: number;
}

export const RoundPhase = {
  PLAYING: 0,
  ENDED: 1,
} as const;
export type RoundPhase = (typeof RoundPhase)[keyof typeof RoundPhase];

export interface RoundState {
  readonly number: number;
  readonly phase: RoundPhase;
  /** Seconds left in the round, or in the intermission once ended. Unused while playing an untimed round. */
  readonly timeLeft: number;
  readonly timed: boolean;
  /** Length of a round in seconds (0 = untimed). */
  readonly roundSeconds: number;
  readonly killLimit: number;
  /** Winner of the last finished round, or -1. */
  readonly winner: PlayerId;
}

/** Things that happened during one step; the transport forwards them, the client animates them. */
export type SimEvent =
  | {
      readonly type: 'shot';
      readonly shooter: PlayerId;
      readonly x1: number;
      readonly y1: number;
      readonly x2: number;
      readonly y2: number;
      readonly hit: PlayerId;
    }
  | { readonly type: 'damage'; readonly target: PlayerId; readonly by: PlayerId; readonly amount: number }
  | { readonly type: 'kill'; readonly killer: PlayerId; readonly victim: PlayerId }
  | { readonly type: 'spawn'; readonly id: PlayerId; readonly x: number; readonly y: number }
  | { readonly type: 'round-end'; readonly winner: PlayerId; readonly round: number }
  | { readonly type: 'round-start'; readonly round: number };

export interface GameState {
  readonly tick: number;
  /** mulberry32 state; the only source of randomness. */
  readonly rng: number;
  /** Players ordered by id, so iteration order (and so the result) never depends on insertion order. */
  readonly players: readonly PlayerState[];
  readonly round: RoundState;
  /** Events produced by the step that made this state. */
  readonly events: readonly SimEvent[];
}

/**
 * One player's intent for one tick, as the simulation consumes it. The simulation owns this type; the wire
 * protocol maps its packets onto it. Values are expected on their grids (`quanta.ts`): `mx`/`my` on the
 * axis grid, `aim` on the aim grid. `movePlayer` re-quantizes the aim, so the state stays on the grid
 * whoever produced the input.
 */
export interface SimInput {
  /** Sequence number, echoed back as the player's `lastSeq`. */
  readonly seq: number;
  /** Movement direction, each axis in [-1, 1]; a vector longer than 1 is normalised. */
  readonly mx: number;
  readonly my: number;
  /** Facing in radians. */
  readonly aim: number;
  readonly fire: boolean;
  /**
   * The server tick (fractional) of the world the player was looking at when it sampled this input: where
   * it saw the other players when it fired. Only the server's lag compensation reads it (through
   * `StepContext.shotTargets`); `step` itself ignores it, so prediction is unaffected. Absent: the present.
   */
  readonly viewTick?: number;
}

/** What `step` needs per player for one tick. Players without an entry stand still and hold fire. */
export type TickInputs = ReadonlyMap<PlayerId, SimInput>;

export interface GameOptions {
  seed: number;
  /** Kills that end a round; 0 = none. */
  killLimit?: number;
  /** Round length in seconds; 0 = untimed. */
  roundSeconds?: number;
}
