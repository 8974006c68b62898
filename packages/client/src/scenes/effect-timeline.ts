import type { PlayerId, SimEvent } from '@tick-arena/common';

/** How long each effect lasts, ms: long enough to read, short enough not to clutter a busy fight. */
export const EffectDuration = {
  BEAM: 220,
  FLASH: 160,
  RING: 520,
} as const;

export interface Beam {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly colour: number;
  readonly hit: boolean;
  readonly born: number;
}

export interface Ring {
  readonly x: number;
  readonly y: number;
  readonly colour: number;
  readonly kind: 'spawn' | 'kill';
  readonly born: number;
}

export interface EffectContext {
  colourOf(id: PlayerId): number;
  /** Where a player is drawn now, if it is in the frame. */
  positionOf(id: PlayerId): { x: number; y: number } | undefined;
}

/**
 * Short-lived visual effects triggered by simulation events: laser beams, hit flashes, spawn and kill
 * rings. Plain bookkeeping with explicit times, kept apart from the Phaser drawing code.
 */
export class EffectTimeline {
  beams: Beam[] = [];
  rings: Ring[] = [];
  private readonly flashes = new Map<PlayerId, number>();

  add(events: readonly SimEvent[], now: number, ctx: EffectContext): void {
    for (const e of events) {
      switch (e.type) {
        case 'shot':
          this.beams.push({ ...e, colour: ctx.colourOf(e.shooter), hit: e.hit >= 0, born: now });
          break;
        case 'damage':
          this.flashes.set(e.target, now);
          break;
        case 'kill': {
          const at = ctx.positionOf(e.victim);
          if (at) this.rings.push({ ...at, colour: ctx.colourOf(e.victim), kind: 'kill', born: now });
          break;
        }
        case 'spawn':
          this.rings.push({ x: e.x, y: e.y, colour: ctx.colourOf(e.id), kind: 'spawn', born: now });
          break;
        default:
          break;
      }
    }
  }

  /** Strength of a player's hit flash at `now`, from 1 (just hit) down to 0. */
  flashLevel(id: PlayerId, now: number): number {
    const at = this.flashes.get(id);
    if (at === undefined) return 0;
    return Math.max(0, 1 - (now - at) / EffectDuration.FLASH);
  }

  /** Drop finished effects. */
  prune(now: number): void {
    this.beams = this.beams.filter((b) => now - b.born < EffectDuration.BEAM);
    this.rings = this.rings.filter((r) => now - r.born < EffectDuration.RING);
    for (const [id, at] of this.flashes) if (now - at >= EffectDuration.FLASH) this.flashes.delete(id);
  }

  clear(): void {
    this.beams = [];
    this.rings = [];
    this.flashes.clear();
  }
}
