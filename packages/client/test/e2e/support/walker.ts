import {
  movePlayer,
  quantizeAxis,
  type ArenaMap,
  type NetPlayer,
  type PlayerState,
  type ReceivedSnapshot,
} from '@tick-arena/common';
import { ScriptedPlayer, joinRoom, type Intent } from './scripted-player.js';

/** A movement direction as input axes. */
export interface Heading {
  readonly mx: number;
  readonly my: number;
}

/** The eight directions of a keyboard, on the input grid. */
export const HEADINGS: readonly Heading[] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
].map(([x = 0, y = 0]) => ({ mx: quantizeAxis(x), my: quantizeAxis(y) }));

/**
 * A heading along which a player at `from` walks `ticks` ticks at full speed without touching a wall (each
 * step as long as the first), found with the shared `movePlayer`; null when there is none.
 */
export function openHeading(
  from: { readonly id: number; readonly x: number; readonly y: number },
  map: ArenaMap,
  tickRate: number,
  ticks: number,
  headings: readonly Heading[] = HEADINGS,
): Heading | null {
  const dt = 1 / tickRate;
  for (const h of headings) {
    let p: PlayerState = {
      id: from.id,
      x: from.x,
      y: from.y,
      aim: 0,
      hp: 100,
      alive: true,
      respawnIn: 0,
      protectedFor: 0,
      cooldown: 0,
      kills: 0,
      deaths: 0,
      lastSeq: 0,
    };
    let first = Number.NaN;
    let clear = true;
    for (let i = 0; i < ticks && clear; i++) {
      const next = movePlayer(p, { seq: i, mx: h.mx, my: h.my, aim: 0, fire: false }, dt, map);
      const d = Math.hypot(next.x - p.x, next.y - p.y);
      if (Number.isNaN(first)) first = d;
      clear = d > 0 && Math.abs(d - first) < 0.2;
      p = next;
    }
    if (clear) return h;
  }
  return null;
}

/** A second player for browser tests that walks where it is told (a `ScriptedPlayer`). */
export class Walker extends ScriptedPlayer {
  private heading: Heading = { mx: 0, my: 0 };
  private self: NetPlayer | null = null;
  /** Inputs sent with a non-zero heading. */
  movingInputs = 0;

  /** Connect to `url` and join room `code` as `name`. */
  static async join(url: string, code: string, name: string): Promise<Walker> {
    const { socket, joined } = await joinRoom(url, code, name, 'walker');
    const walker = new Walker(socket, joined);
    walker.start();
    return walker;
  }

  /** The walker as its own newest snapshot shows it. */
  get position(): NetPlayer | null {
    return this.self;
  }

  walk(heading: Heading): void {
    this.heading = heading;
  }

  stand(): void {
    this.heading = { mx: 0, my: 0 };
  }

  protected onSnapshot(s: ReceivedSnapshot): void {
    const me = s.snapshot.frame.players.find((p) => p.id === this.id);
    if (me) this.self = me;
  }

  protected intent(): Intent {
    const { mx, my } = this.heading;
    if (mx !== 0 || my !== 0) this.movingInputs += 1;
    return { mx, my, aim: 0, fire: false };
  }
}
