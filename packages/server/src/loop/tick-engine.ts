import {
  addPlayer,
  removePlayer,
  step,
  type ArenaMap,
  type GameState,
  type PlayerId,
  type SimInput,
} from '@tick-arena/common';
import { FrameRing, type Frame } from './frame-ring.js';

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

export interface TickEngineOptions {
  state: GameState;
  tickRate: number;
  map: ArenaMap;
  /** Wall clock in epoch ms for frame timestamps. */
  clock: () => number;
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
 * 3. `step(state, inputs, 1 / tickRate)`;
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

  constructor(private readonly opts: TickEngineOptions) {
    this.current = opts.state;
    this.dt = 1 / opts.tickRate;
    this.maxRepeats = Math.max(1, Math.round(opts.tickRate * INPUT_REPEAT_SECONDS));
    this.ring = new FrameRing(opts.tickRate);
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
    state = step(state, inputs, this.dt, { map: this.opts.map });
    this.current = state;
    const frame: Frame = {
      tick: state.tick,
      serverTime: Math.round(this.opts.clock() * 10) / 10,
      state,
    };
    this.ring.push(frame);
    return frame;
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
