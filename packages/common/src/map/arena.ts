import type { ArenaMap } from './types.js';

const T = 24; // thickness of the outer walls

/**
 * The default arena: a 2000 x 1200 hall with border walls, a central block, four pillars and L-shaped cover
 * near each corner. Spawns sit in open space, at least a player radius clear of every wall.
 */
export const ARENA = {
  id: 'arena-1' as const,
  width: 2000,
  height: 1200,
  walls: [
    // border
    { x: 0, y: 0, w: 2000, h: T },
    { x: 0, y: 1200 - T, w: 2000, h: T },
    { x: 0, y: 0, w: T, h: 1200 },
    { x: 2000 - T, y: 0, w: T, h: 1200 },
    // centre block
    { x: 900, y: 520, w: 200, h: 160 },
    // pillars
    { x: 560, y: 300, w: 80, h: 80 },
    { x: 1360, y: 300, w: 80, h: 80 },
    { x: 560, y: 820, w: 80, h: 80 },
    { x: 1360, y: 820, w: 80, h: 80 },
    // corner cover (L shapes)
    { x: 220, y: 200, w: 160, h: 30 },
    { x: 220, y: 200, w: 30, h: 140 },
    { x: 1620, y: 200, w: 160, h: 30 },
    { x: 1750, y: 200, w: 30, h: 140 },
    { x: 220, y: 970, w: 160, h: 30 },
    { x: 220, y: 860, w: 30, h: 140 },
    { x: 1620, y: 970, w: 160, h: 30 },
    { x: 1750, y: 860, w: 30, h: 140 },
    // mid-side barriers
    { x: 960, y: 150, w: 80, h: 180 },
    { x: 960, y: 870, w: 80, h: 180 },
    { x: 300, y: 560, w: 180, h: 80 },
    { x: 1520, y: 560, w: 180, h: 80 },
  ],
  spawns: [
    { x: 120, y: 120 },
    { x: 1880, y: 120 },
    { x: 120, y: 1080 },
    { x: 1880, y: 1080 },
    { x: 1000, y: 80 },
    { x: 1000, y: 1120 },
    { x: 120, y: 600 },
    { x: 1880, y: 600 },
    { x: 700, y: 600 },
    { x: 1300, y: 600 },
    { x: 480, y: 120 },
    { x: 1520, y: 120 },
    { x: 480, y: 1080 },
    { x: 1520, y: 1080 },
    { x: 760, y: 440 },
    { x: 1240, y: 760 },
  ],
} satisfies ArenaMap;
