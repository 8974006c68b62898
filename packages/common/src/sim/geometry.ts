import type { Rect } from '../map/types.js';

/** Push a circle out of every rectangle it overlaps. Two passes settle corners between adjacent walls. */
export function resolveCircleRects(
  x: number,
  y: number,
  r: number,
  walls: readonly Rect[],
): { x: number; y: number } {
  for (let pass = 0; pass < 2; pass++) {
    for (const w of walls) {
      const cx = Math.max(w.x, Math.min(x, w.x + w.w));
      const cy = Math.max(w.y, Math.min(y, w.y + w.h));
      const dx = x - cx;
      const dy = y - cy;
      const d2 = dx * dx + dy * dy;
      if (d2 >= r * r) continue;
      if (d2 > 1e-12) {
        const d = Math.sqrt(d2);
        x = cx + (dx / d) * r;
        y = cy + (dy / d) * r;
      } else {
        // Centre inside the rectangle: leave by the nearest face.
        const left = x - w.x;
        const right = w.x + w.w - x;
        const top = y - w.y;
        const bottom = w.y + w.h - y;
        const m = Math.min(left, right, top, bottom);
        if (m === left) x = w.x - r;
        else if (m === right) x = w.x + w.w + r;
        else if (m === top) y = w.y - r;
        else y = w.y + w.h + r;
      }
    }
  }
  return { x, y };
}

/** Distance along a unit ray to a rectangle (slab method), or Infinity when missed within `maxT`. */
export function rayRect(ox: number, oy: number, dx: number, dy: number, w: Rect, maxT: number): number {
  let tmin = 0;
  let tmax = maxT;
  if (Math.abs(dx) < 1e-12) {
    if (ox < w.x || ox > w.x + w.w) return Infinity;
  } else {
    let t1 = (w.x - ox) / dx;
    let t2 = (w.x + w.w - ox) / dx;
    if (t1 > t2) [t1, t2] = [t2, t1];
    tmin = Math.max(tmin, t1);
    tmax = Math.min(tmax, t2);
    if (tmin > tmax) return Infinity;
  }
  if (Math.abs(dy) < 1e-12) {
    if (oy < w.y || oy > w.y + w.h) return Infinity;
  } else {
    let t1 = (w.y - oy) / dy;
    let t2 = (w.y + w.h - oy) / dy;
    if (t1 > t2) [t1, t2] = [t2, t1];
    tmin = Math.max(tmin, t1);
    tmax = Math.min(tmax, t2);
    if (tmin > tmax) return Infinity;
  }
  return tmin;
}

/** Distance along a unit ray to a circle, or Infinity when missed within `maxT`. */
export function rayCircle(
  ox: number,
  oy: number,
  dx: number,
  dy: number,
  cx: number,
  cy: number,
  r: number,
  maxT: number,
): number {
  const fx = ox - cx;
  const fy = oy - cy;
  const b = fx * dx + fy * dy;
  const c = fx * fx + fy * fy - r * r;
  // A ray that starts inside the circle (players overlapping at point blank) hits it at once.
  if (c <= 0) return 0;
  const disc = b * b - c;
  if (disc < 0) return Infinity;
  const t = -b - Math.sqrt(disc);
  if (t < 0 || t > maxT) return Infinity;
  return t;
}

/** Distance along the ray to the first wall, capped at `maxT`. */
export function rayWalls(
  ox: number,
  oy: number,
  dx: number,
  dy: number,
  walls: readonly Rect[],
  maxT: number,
): number {
  let best = maxT;
  for (const w of walls) {
    const t = rayRect(ox, oy, dx, dy, w, best);
    if (t < best) best = t;
  }
  return best;
}

export function quantize(v: number, quantum: number): number {
  return Math.round(v * quantum) / quantum;
}
