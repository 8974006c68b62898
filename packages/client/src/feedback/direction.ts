import type { Point } from './cues.js';

/**
 * Angle from `from` to `to` in screen terms, radians in (-PI, PI]: 0 points right (east) and PI/2 points
 * down, since world and screen y both grow downwards. Null when the points coincide (no direction).
 */
export function bearing(from: Point, to: Point): number | null {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  if (dx === 0 && dy === 0) return null;
  return Math.atan2(dy, dx);
}

/** How the damage-direction indicator looks: a red arc around the local player facing the attacker. */
export const Indicator = {
  /** Half the arc's opening, radians: wide enough to read at a glance, narrow enough to point. */
  HALF_SPREAD: 0.42,
  /** Distance from the player's centre to the arc, world units (clear of the body and its health bar). */
  RADIUS: 48,
  /** How long it stays, fading out, ms. */
  MS: 900,
} as const;

/** The indicator's opacity `age` ms after the hit: full for a moment, then fading linearly to 0. */
export function indicatorAlpha(age: number): number {
  if (age < 0 || age >= Indicator.MS) return 0;
  const hold = Indicator.MS * 0.25;
  return age <= hold ? 1 : 1 - (age - hold) / (Indicator.MS - hold);
}

/**
 * The indicator's arc as a polyline around `centre`: `segments + 1` points from `angle - HALF_SPREAD` to
 * `angle + HALF_SPREAD` at `radius`.
 */
export function arcPoints(centre: Point, angle: number, radius: number, segments = 10): Point[] {
  const points: Point[] = [];
  for (let i = 0; i <= segments; i++) {
    const a = angle - Indicator.HALF_SPREAD + (2 * Indicator.HALF_SPREAD * i) / segments;
    points.push({ x: centre.x + Math.cos(a) * radius, y: centre.y + Math.sin(a) * radius });
  }
  return points;
}
