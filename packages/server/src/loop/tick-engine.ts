import {
  addPlayer,
  clampViewTick,
  removePlayer,
  rewindTargets,
  step,
  type ArenaMap,
  type FrameHistory,
  type GameState,
  type PlayerId,
  type SimInput,
  type StepContext,
  type ViewClamp,
} from '@tick-arena/common';
import { FRAME_RING_SECONDS, FrameRing, type Frame } from './frame-ring.js';

/**
 * A change to the world other than an input. Handlers and timers never touch the game state: they queue a
 * command, and the next tick applies it at a defined point, so every change is replayable and lands in the
 * frame ring like any other.
 */
export type RoomCommand =
  | { readonly kind: 'join'; readonly id: PlayerId }
  | { readonly kind: 'leave'; readonly id: PlayerId }
  | { readonly kind: 'bot-swap'; readonly add: PlayerId | null; readonly remove: PlayerId | null }
  | { readonly kind: 'seat-expiry'; readonly id: PlayerId }
  | { readonly kind: 'resume'; readonly id: PlayerId };

/** The order in which a tick applies commands (after draining inputs, before `step`). */
export const COMMAND_ORDER: Readonly<Record<RoomCommand['kind'], number>> = {
  join: 0,
  leave: 1,
  'bot-swap': 2,
  'seat-expiry': 3,
  resume: 4,
};

/**
 * How long a player's last input stands in for missing ones: 100 ms (3 ticks at 30 Hz). A late packet must
 * not become a stop the client did not predict; a client that really went quiet stops after this.
 */
export const INPUT_REPEAT_SECONDS = 0.1;

/**
 * How far back a shot may be judged by default, ms: Overwatch's figure. It covers a 150 ms round trip plus
 * the client's interpolation delay (two snapshot intervals, 67 ms at 30 Hz); past it, the shooter leads.
 */
export const DEFAULT_MAX_REWIND_MS = 250;

/** How one shot was judged by lag compensation (for metrics). */
export interface ShotJudgement {
  readonly shooter: PlayerId;
  /** How far back the other players were rewound, ms (0 = the present). */
  readonly rewindMs: number;
  /** Whether the shooter's view tick was outside [now - bound, now] and was moved to its edge. */
  readonly clamped: ViewClamp;
}

export interface TickEngineOptions {
  state: GameState;
  tickRate: number;
  map: ArenaMap;
  /** Wall clock in epoch ms for frame timestamps. */
  clock: () => number;
  /**
   * Lag compensation bound: a shot is judged against the other players as the shooter saw them (its input's
   * `viewTick`), at most this far in the past, ms; 0 judges every shot against the present.
   * @default DEFAULT_MAX_REWIND_MS
   */
  maxRewindMs?: number;
  /** Called for every shot that claimed a view tick, while lag compensation is on. */
  onShot?: (judgement: ShotJudgement) => void;
}

/** Where the engine gets a player's input for a tick: the room's queues, or a bot's brain. */
export type InputSource = (id: PlayerId, state: GameState) => SimInput | undefined;

interface HeldInput {
  input: SimInput;
  repeats: number;
}

/**
 * The tick body of a room: a pure tick engine around the shared `step`. Each tick:
 *
 * 1. inputs: one per player from the room's source; a player with none repeats its last input (movement
 *    and aim, never the trigger, same `seq`) for up to `INPUT_REPEAT_SECONDS`;
 * 2. commands queued since the last tick, in `COMMAND_ORDER`: join, leave, bot swap, seat expiry, resume;
 * 3. `step(state, inputs, 1 / tickRate)`, a shot judged against the other players rewound through the ring
 *    to the shooter's view tick (lag compensation, bounded by `maxRewindMs`; see `rewindTargets`);
 * 4. the new frame goes into the ring.
 *
 * Nothing else changes the state, so a room's history is exactly its frames.
 */
export class TickEngine {
  readonly ring: FrameRing;
  private current: GameState;
  private readonly dt: number;
  private readonly maxRepeats: number;
  private readonly commands: RoomCommand[] = [];
  private readonly held = new Map<PlayerId, HeldInput>();
  /** The lag compensation bound in ticks (fractional: 250 ms is 7.5 ticks at 30 Hz). */
  private readonly maxRewindTicks: number;
  private readonly history: FrameHistory = (tick) => this.ring.at(tick)?.state.players;

  constructor(private readonly opts: TickEngineOptions) {
    this.current = opts.state;
    this.dt = 1 / opts.tickRate;
    this.maxRepeats = Math.max(1, Math.round(opts.tickRate * INPUT_REPEAT_SECONDS));
    this.ring = new FrameRing(opts.tickRate);
    const maxRewindMs = opts.maxRewindMs ?? DEFAULT_MAX_REWIND_MS;
    if (!(maxRewindMs >= 0 && maxRewindMs <= FRAME_RING_SECONDS * 1000))
      throw new RangeError(
        `maxRewindMs ${maxRewindMs} is outside the frame ring (0 .. ${FRAME_RING_SECONDS * 1000})`,
      );
    this.maxRewindTicks = (maxRewindMs / 1000) * opts.tickRate;
  }

  get state(): GameState {
    return this.current;
  }

  /** Commands waiting for the next tick. */
  get pending(): readonly RoomCommand[] {
    return this.commands;
  }

  queue(cmd: RoomCommand): void {
    this.commands.push(cmd);
  }

  /** Run one tick; returns the new frame (also the ring's newest). */
  tick(source: InputSource): Frame {
    let state = this.current;
    const inputs = new Map<PlayerId, SimInput>();
    for (const p of state.players) {
      const input = this.inputFor(p.id, source(p.id, state));
      if (input) inputs.set(p.id, input);
    }
    if (this.commands.length > 0) state = this.applyCommands(state, inputs);
    const shotTargets = this.lagCompensation(inputs, state.tick + 1);
    state = step(state, inputs, this.dt, { map: this.opts.map, shotTargets });
    this.current = state;
    const frame: Frame = {
      tick: state.tick,
      serverTime: Math.round(this.opts.clock() * 10) / 10,
      state,
    };
    this.ring.push(frame);
    return frame;
  }

  /**
   * Where each shooter of tick `nowTick` saw the other players: rewound through the ring to its input's view
   * tick, clamped to [now - bound, now] and to the frames held. Undefined (everyone judged against the
   * present) when lag compensation is off.
   */
  private lagCompensation(
    inputs: ReadonlyMap<PlayerId, SimInput>,
    nowTick: number,
  ): StepContext['shotTargets'] {
    if (this.maxRewindTicks <= 0) return undefined;
    return (shooter, players) => {
      const claim = inputs.get(shooter)?.viewTick;
      const view = clampViewTick(claim, nowTick, this.maxRewindTicks, this.ring.oldestTick);
      // Bots (and clients before their first snapshot) claim no view: not lag compensation's figures.
      if (claim !== undefined) {
        const rewindMs = (view.rewindTicks * 1000) / this.opts.tickRate;
        this.opts.onShot?.({ shooter, rewindMs, clamped: view.clamped });
      }
      if (view.rewindTicks <= 0) return players;
      return rewindTargets(this.history, { tick: nowTick, players }, view.tick, this.dt);
    };
  }

  private inputFor(id: PlayerId, fresh: SimInput | undefined): SimInput | undefined {
    if (fresh) {
      const h = this.held.get(id);
      if (h) {
        h.input = fresh;
        h.repeats = 0;
      } else this.held.set(id, { input: fresh, repeats: 0 });
      return fresh;
    }
    const h = this.held.get(id);
    if (!h || h.repeats >= this.maxRepeats) return undefined;
    h.repeats += 1;
    return h.input.fire ? { ...h.input, fire: false } : h.input;
  }

  private applyCommands(state: GameState, inputs: Map<PlayerId, SimInput>): GameState {
    // A stable sort keeps commands of one kind in arrival order.
    const ordered = this.commands.splice(0).sort((a, b) => COMMAND_ORDER[a.kind] - COMMAND_ORDER[b.kind]);
    const has = (s: GameState, id: PlayerId) => s.players.some((p) => p.id === id);
    const drop = (s: GameState, id: PlayerId) => {
      inputs.delete(id);
      this.held.delete(id);
      return has(s, id) ? removePlayer(s, id) : s;
    };
    for (const c of ordered) {
      switch (c.kind) {
        case 'join':
          if (!has(state, c.id)) state = addPlayer(state, c.id, this.opts.map);
          break;
        case 'leave':
        case 'seat-expiry':
          state = drop(state, c.id);
          break;
        case 'bot-swap':
          if (c.remove !== null) state = drop(state, c.remove);
          if (c.add !== null && !has(state, c.add)) state = addPlayer(state, c.add, this.opts.map);
          break;
        case 'resume':
          // The seat's new connection starts a new input stream: forget the old one's last input.
          this.held.delete(c.id);
          break;
      }
    }
    return state;
  }
}
