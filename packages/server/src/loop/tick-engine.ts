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
 *
 * A stand-in is a guess at the command that is late, and it is booked as that command: it carries the next
 * sequence number, so the snapshot tells the client "command N applied" and the client's prediction (which
 * applied the real N) agrees whenever the guess was right. When the real N then arrives, its movement has
 * already been simulated: if it matches the guess, only its aim and trigger are applied (no second step); if
 * not, it is applied as usual and the client corrects the difference. Either way the late command is not
 * lost and never applied twice, and the player keeps moving while the packet is late.
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
  /** The newest real command: what a stand-in repeats. */
  input: SimInput;
  /** Stand-ins since the last real command. */
  repeats: number;
  /** The highest sequence number simulated for this player, by a real command or a stand-in. */
  simulated: number;
  /** Stand-ins whose real command has not arrived yet, oldest first: their sequence number and movement. */
  standIns: { seq: number; mx: number; my: number }[];
}

/**
 * The tick body of a room: a pure tick engine around the shared `step`. Each tick:
 *
 * 1. inputs: one per player from the room's source; a player with none gets a stand-in, its last input
 *    (movement and aim, never the trigger) booked as the missing command, for up to
 *    `INPUT_REPEAT_SECONDS`; the late command is settled against its stand-in when it arrives;
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
    const h = this.held.get(id);
    if (fresh) {
      if (!h) {
        this.held.set(id, { input: fresh, repeats: 0, simulated: fresh.seq, standIns: [] });
        return fresh;
      }
      h.repeats = 0;
      if (fresh.seq > h.simulated) {
        h.input = fresh;
        h.simulated = fresh.seq;
        h.standIns.length = 0;
        return fresh;
      }
      // A late command whose tick a stand-in already simulated (see INPUT_REPEAT_SECONDS).
      return this.settleLate(h, fresh);
    }
    if (!h || h.repeats >= this.maxRepeats) return undefined;
    h.repeats += 1;
    h.simulated += 1;
    const { mx, my } = h.input;
    h.standIns.push({ seq: h.simulated, mx, my });
    return { ...h.input, seq: h.simulated, fire: false };
  }

  /**
   * `late` arrived after a stand-in took its place. Its movement is already simulated if the guess was right:
   * keep only its aim and trigger. The booked sequence number never goes backwards.
   */
  private settleLate(h: HeldInput, late: SimInput): SimInput {
    while (h.standIns.length > 0 && (h.standIns[0]?.seq ?? 0) < late.seq) h.standIns.shift();
    const guess = h.standIns[0]?.seq === late.seq ? h.standIns.shift() : undefined;
    h.input = late;
    const booked = { ...late, seq: h.simulated };
    return guess && guess.mx === late.mx && guess.my === late.my ? { ...booked, mx: 0, my: 0 } : booked;
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
