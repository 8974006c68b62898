import { Sim, type PlayerId, type SimEvent } from '@tick-arena/common';

/** A point in world units. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * Something the local player should see, hear or feel, derived from the events being drawn: the one list
 * both the scene (hit markers, the damage-direction indicator, the shake) and the HUD (sounds, the death
 * card) act on, so they never disagree about what happened.
 */
export type Cue =
  /** A laser fired, from (x, y); `own` for the local player's (shown at the trigger pull). */
  | { readonly kind: 'laser'; readonly own: boolean; readonly x: number; readonly y: number }
  /** The local player's shot hit `target`, at (x, y): the hit marker. */
  | { readonly kind: 'hit'; readonly target: PlayerId; readonly x: number; readonly y: number }
  /** The local player took `amount` damage from `by`, who fired from `from` (null when unknown). */
  | { readonly kind: 'hurt'; readonly by: PlayerId; readonly amount: number; readonly from: Point | null }
  /** The local player killed `victim`. */
  | { readonly kind: 'kill'; readonly victim: PlayerId }
  /**
   * The local player was killed by `killer` (-1 or itself: no one), named `killerName` ('' for no one);
   * it respawns at `respawnAt` (the caller's clock, ms).
   */
  | {
      readonly kind: 'death';
      readonly killer: PlayerId;
      readonly killerName: string;
      readonly respawnAt: number;
    }
  /** The local player is alive again. */
  | { readonly kind: 'respawn' }
  /** A round ended; `won` when the local player won it. */
  | { readonly kind: 'round-end'; readonly won: boolean };

export type CueKind = Cue['kind'];

/** The local player as drawn this frame. */
export interface SelfDrawn {
  readonly alive: boolean;
}

/** What the tracker needs to know about the frame it reads. */
export interface CueContext {
  /** Where a player is drawn now, if it is in the frame. */
  positionOf(id: PlayerId): Point | undefined;
  /** A player's display name ('' when unknown). */
  nameOf(id: PlayerId): string;
}

/**
 * Turns the events drawn in each frame, and the local player's own life, into `Cue`s. Plain bookkeeping on
 * an injected clock (`now`, ms), no DOM and no Phaser, so it is tested by feeding frames.
 *
 * Death and respawn are read from the local player's `alive` flag, which the view takes from the newest
 * snapshot (the own player is drawn in the present), while the kill event that names the killer is drawn
 * a render delay later with everyone else. So the respawn countdown starts when the local player was seen
 * to fall, and the card that names the killer comes with the kill.
 */
export class CueTracker {
  private selfAlive: boolean | null = null;
  /** When the local player was last seen to fall (NaN while alive). */
  private diedAt = Number.NaN;

  constructor(
    private readonly selfId: PlayerId,
    /** How long a dead player waits, ms. @default Sim.RESPAWN_DELAY in ms */
    private readonly respawnMs: number = Sim.RESPAWN_DELAY * 1000,
  ) {}

  /** The cues of one drawn frame: its events (oldest first) and the local player (null if not drawn). */
  update(events: readonly SimEvent[], self: SelfDrawn | null, ctx: CueContext, now: number): Cue[] {
    const cues: Cue[] = [];
    if (self && this.selfId >= 0) this.trackLife(self.alive, now, cues);
    for (const e of events) this.fromEvent(e, events, ctx, now, cues);
    return cues;
  }

  /** Forget the local player's life (a new room, or a seat resumed after a reconnect). */
  reset(): void {
    this.selfAlive = null;
    this.diedAt = Number.NaN;
  }

  private trackLife(alive: boolean, now: number, cues: Cue[]): void {
    const was = this.selfAlive;
    this.selfAlive = alive;
    if (was === null) {
      // Joined dead (between a death and its respawn): the countdown is unknown, assume a full one.
      if (!alive) this.diedAt = now;
      return;
    }
    if (was && !alive) this.diedAt = now;
    if (!was && alive) {
      this.diedAt = Number.NaN;
      cues.push({ kind: 'respawn' });
    }
  }

  private fromEvent(
    e: SimEvent,
    batch: readonly SimEvent[],
    ctx: CueContext,
    now: number,
    cues: Cue[],
  ): void {
    const self = this.selfId;
    switch (e.type) {
      case 'shot':
        cues.push({ kind: 'laser', own: self >= 0 && e.shooter === self, x: e.x1, y: e.y1 });
        if (self >= 0 && e.shooter === self && e.hit >= 0) {
          cues.push({ kind: 'hit', target: e.hit, x: e.x2, y: e.y2 });
        }
        break;
      case 'damage':
        if (self >= 0 && e.target === self) {
          cues.push({
            kind: 'hurt',
            by: e.by,
            amount: e.amount,
            from: attackerOrigin(e.by, self, batch, ctx),
          });
        }
        break;
      case 'kill':
        if (self < 0) break;
        if (e.victim === self) {
          const named = e.killer >= 0 && e.killer !== self;
          const diedAt = Number.isNaN(this.diedAt) ? now : this.diedAt;
          cues.push({
            kind: 'death',
            killer: named ? e.killer : -1,
            killerName: named ? ctx.nameOf(e.killer) || `Player ${e.killer}` : '',
            respawnAt: diedAt + this.respawnMs,
          });
        } else if (e.killer === self) {
          cues.push({ kind: 'kill', victim: e.victim });
        }
        break;
      case 'round-end':
        cues.push({ kind: 'round-end', won: self >= 0 && e.winner === self });
        break;
      default:
        break;
    }
  }
}

/**
 * Where the shot that hurt the local player came from: the origin of the attacker's beam at us in the same
 * tick (what the player sees drawn), else where the attacker is drawn now, else unknown.
 */
function attackerOrigin(
  by: PlayerId,
  self: PlayerId,
  batch: readonly SimEvent[],
  ctx: CueContext,
): Point | null {
  for (const e of batch) {
    if (e.type === 'shot' && e.shooter === by && e.hit === self) return { x: e.x1, y: e.y1 };
  }
  return ctx.positionOf(by) ?? null;
}
