/**
 * Screen shake and red flash when the local player is hurt. A shake says "you were hit" louder than any
 * HUD element, but it is motion: with `prefers-reduced-motion` there is none, only a gentler flash.
 */
export const Shake = {
  /** Shake amplitude per point of damage, CSS px (a 34-point laser hit shakes 7.5 px). */
  PX_PER_DAMAGE: 0.22,
  /** The most a single hit shakes, CSS px. */
  MAX_PX: 10,
  /** How long a shake lasts, ms: short, so it never gets in the way of aiming. */
  MS: 220,
} as const;

export const Flash = {
  /** Peak opacity of the red frame around the screen, and how long it fades, ms. */
  PEAK: 0.55,
  MS: 260,
  /** With reduced motion: fainter and slower, so it reads as a glow rather than a blink. */
  GENTLE_PEAK: 0.3,
  GENTLE_MS: 600,
} as const;

/** How hard to shake for `damage` points, CSS px: 0 when the player asked for reduced motion. */
export function shakeAmplitude(damage: number, reducedMotion: boolean): number {
  if (reducedMotion || damage <= 0) return 0;
  return Math.min(Shake.MAX_PX, damage * Shake.PX_PER_DAMAGE);
}

/** The damage flash's shape. */
export function flashFor(reducedMotion: boolean): { readonly peak: number; readonly ms: number } {
  return reducedMotion
    ? { peak: Flash.GENTLE_PEAK, ms: Flash.GENTLE_MS }
    : { peak: Flash.PEAK, ms: Flash.MS };
}

/**
 * The shake and flash in progress, on an injected clock (ms). A new hit takes over if it is stronger than
 * what is left of the last one. The wobble is two sines of unrelated frequencies, not random: the same
 * time gives the same offset, so it is testable and never jumps between frames.
 */
export class CameraFeel {
  private shakeAt = Number.NEGATIVE_INFINITY;
  private shakePx = 0;
  private flashAt = Number.NEGATIVE_INFINITY;
  private flash = { peak: 0, ms: 1 };

  /** The local player took `damage`. */
  hurt(damage: number, reducedMotion: boolean, now: number): void {
    const px = shakeAmplitude(damage, reducedMotion);
    if (px > this.amplitude(now)) {
      this.shakePx = px;
      this.shakeAt = now;
    }
    this.flash = flashFor(reducedMotion);
    this.flashAt = now;
  }

  /** The shake's amplitude at `now`, CSS px, falling to 0 over `Shake.MS` (quadratic ease-out). */
  amplitude(now: number): number {
    const t = (now - this.shakeAt) / Shake.MS;
    if (t < 0 || t >= 1) return 0;
    return this.shakePx * (1 - t) * (1 - t);
  }

  /** The camera offset at `now`, CSS px. */
  offset(now: number): { x: number; y: number } {
    const a = this.amplitude(now);
    if (a === 0) return { x: 0, y: 0 };
    const t = now - this.shakeAt;
    return { x: a * Math.sin(t * 0.09), y: a * Math.cos(t * 0.071) };
  }

  /** The flash's opacity at `now`, 0..peak. */
  flashLevel(now: number): number {
    const t = (now - this.flashAt) / this.flash.ms;
    if (t < 0 || t >= 1) return 0;
    return this.flash.peak * (1 - t);
  }

  reset(): void {
    this.shakeAt = Number.NEGATIVE_INFINITY;
    this.flashAt = Number.NEGATIVE_INFINITY;
    this.shakePx = 0;
  }
}

/** True while the player asks for less motion (read live: the setting can change mid-game). */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
