import { Interest } from '@tick-arena/common';

/**
 * The camera centre that shows `target` while keeping the view inside the arena plus `margin`. When the
 * view is wider than that, the arena is centred instead (spectators, big screens).
 */
export function clampCentre(target: number, view: number, world: number, margin: number): number {
  const lo = -margin + view / 2;
  const hi = world + margin - view / 2;
  if (lo > hi) return world / 2;
  return Math.min(hi, Math.max(lo, target));
}

/**
 * Zoom for playing: about 1150 x 720 world units on screen, so a laptop sees a fair slice of the
 * 2000 x 1200 arena and a phone in landscape is not cramped. Bounded so neither extreme gets silly, and
 * never zoomed out past `Interest.MAX_VIEW_*`: the server sends only the players within that view (plus a
 * margin), so a huge screen must not show empty ground where players really are.
 */
export function playZoom(width: number, height: number): number {
  const widest = Math.max(width / Interest.MAX_VIEW_WIDTH, height / Interest.MAX_VIEW_HEIGHT);
  return Math.min(1.35, Math.max(0.45, widest, Math.min(width / 1150, height / 720)));
}

/** Zoom that fits the whole arena (plus a margin) on screen. */
export function fitZoom(
  width: number,
  height: number,
  worldW: number,
  worldH: number,
  margin: number,
): number {
  return Math.min(width / (worldW + 2 * margin), height / (worldH + 2 * margin));
}
