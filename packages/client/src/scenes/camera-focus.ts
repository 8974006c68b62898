import { Interest } from '@tick-arena/common';

/**
 * The least a player's view shows across its short side, world units: a laptop's 720-pixel-high view at
 * zoom 1. A phone zooms out to keep it, so a 390 px wide portrait screen still sees 360 units either side of
 * its player (a laser reaches 1100) instead of 195.
 */
export const MIN_SHORT_SIDE_UNITS = 720;
/** The least a player's view shows across its long side, world units (a laptop's 1150 x 720). */
export const MIN_LONG_SIDE_UNITS = 1150;
/**
 * How far the camera may leave the local player to show less of the dark beyond a wall, as a share of
 * the view's short side: under a sixth, so the player stays in the middle third of the screen both ways.
 */
export const FOLLOW_SLACK = 0.15;
/** The closest the play camera zooms in, on a big screen (it shows more pixels, not more arena). */
export const MAX_PLAY_ZOOM = 1.35;

/**
 * The camera centre that shows `target` while keeping the view inside the arena plus `margin`. When the
 * view is wider than that, the arena is centred instead (spectators, the menu's backdrop).
 */
export function clampCentre(target: number, view: number, world: number, margin: number): number {
  const lo = -margin + view / 2;
  const hi = world + margin - view / 2;
  if (lo > hi) return world / 2;
  return Math.min(hi, Math.max(lo, target));
}

/**
 * The camera centre (one axis) for following a player at `target`: as `clampCentre` would put it, but
 * never more than `slack` world units away from the player. In the open the player is in the middle; by a
 * wall or in a corner it sits at most `slack` off the middle, and the view shows the dark beyond the wall.
 */
export function followCentre(
  target: number,
  view: number,
  world: number,
  margin: number,
  slack: number,
): number {
  const c = clampCentre(target, view, world, margin);
  return Math.min(target + slack, Math.max(target - slack, c));
}

/**
 * Zoom for playing, in either orientation: the view's short side shows at least `MIN_SHORT_SIDE_UNITS`
 * and its long side at least `MIN_LONG_SIDE_UNITS`, so a phone held either way sees as much around its
 * player as a laptop does across its height. Never zoomed out past `Interest.MAX_VIEW_*` (the server
 * sends only the players within that view plus a margin, so a screen must not show empty ground where
 * players really are): on a tall portrait phone that bound, not the short side, sets the zoom.
 */
export function playZoom(width: number, height: number): number {
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  const fit = Math.min(short / MIN_SHORT_SIDE_UNITS, long / MIN_LONG_SIDE_UNITS);
  const widest = Math.max(width / Interest.MAX_VIEW_WIDTH, height / Interest.MAX_VIEW_HEIGHT);
  return Math.min(MAX_PLAY_ZOOM, Math.max(widest, fit));
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
