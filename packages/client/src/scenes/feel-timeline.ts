import type { PlayerId } from '@tick-arena/common';
import type { Cue, Point } from '../feedback/cues.js';
import { Indicator } from '../feedback/direction.js';

/** How long a hit marker stays, ms: a glance, gone before the next shot (cooldown 350 ms). */
export const HIT_MARKER_MS = 280;

export interface HitMarker {
  readonly x: number;
  readonly y: number;
  /** A kill (drawn bigger and gold) rather than a hit. */
  readonly kill: boolean;
  readonly born: number;
}

export interface DamageMark {
  /** Where the shot came from; the arc is drawn from wherever the local player is now towards it. */
  readonly from: Point;
  readonly born: number;
}

/**
 * The local player's own feedback in the arena: hit markers where its shots land, and damage-direction
 * marks pointing at whoever hurt it. Fed with `Cue`s, on an injected clock; the drawing is elsewhere.
 */
export class FeelTimeline {
  markers: HitMarker[] = [];
  damage: DamageMark[] = [];

  add(cues: readonly Cue[], now: number, positionOf: (id: PlayerId) => Point | undefined): void {
    for (const c of cues) {
      if (c.kind === 'hit') this.markers.push({ x: c.x, y: c.y, kill: false, born: now });
      else if (c.kind === 'kill') {
        const at = positionOf(c.victim);
        if (at) this.markers.push({ x: at.x, y: at.y, kill: true, born: now });
      } else if (c.kind === 'hurt' && c.from) this.damage.push({ from: c.from, born: now });
      else if (c.kind === 'death') this.damage = [];
    }
  }

  /** Drop what has faded. */
  prune(now: number): void {
    this.markers = this.markers.filter((m) => now - m.born < HIT_MARKER_MS);
    this.damage = this.damage.filter((d) => now - d.born < Indicator.MS);
  }

  clear(): void {
    this.markers = [];
    this.damage = [];
  }
}
