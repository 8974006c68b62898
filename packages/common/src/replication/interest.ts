import type { NetPlayer } from './types.js';

/**
 * What a player can see: a rectangle centred on it. The client's camera never shows more than
 * `Interest.MAX_VIEW_WIDTH x MAX_VIEW_HEIGHT` world units (it zooms in rather than out past that), and the
 * server sends every player within that view plus a margin on each side, so a player walking into view
 * has been known (and interpolated) for a while. The default arena (2000 x 1200) fits inside the interest
 * rectangle from anywhere in it: a full arena room is the worst case, everyone sees everyone.
 */
export const Interest = {
  MAX_VIEW_WIDTH: 2560,
  MAX_VIEW_HEIGHT: 1600,
  /** Half-extents of the interest rectangle: half the largest view plus a 720 x 400 margin. */
  HALF_WIDTH: 2000,
  HALF_HEIGHT: 1200,
} as const;

/** True when `p` is inside the interest rectangle centred on (cx, cy). */
export function inInterest(cx: number, cy: number, p: { readonly x: number; readonly y: number }): boolean {
  return Math.abs(p.x - cx) <= Interest.HALF_WIDTH && Math.abs(p.y - cy) <= Interest.HALF_HEIGHT;
}

/**
 * The players a viewer at (cx, cy) receives, in id order. Returns `all` itself (not a copy) when every
 * player is in view, so viewers that see everything share one array and one encoded snapshot.
 */
export function visiblePlayers(
  all: readonly NetPlayer[],
  cx: number,
  cy: number,
  selfId: number,
): readonly NetPlayer[] {
  let outside = 0;
  for (const p of all) if (p.id !== selfId && !inInterest(cx, cy, p)) outside += 1;
  if (outside === 0) return all;
  return all.filter((p) => p.id === selfId || inInterest(cx, cy, p));
}
