import type { ArenaMap, Point, Rect } from './types.js';

const W = 8000;
const H = 4800;
const T = 32; // outer wall thickness
/** Distance between the centres of the cover blocks. */
const CELL = 800;

/**
 * A large open map (8000 x 4800) built from a regular pattern: a block of cover in every 800-unit cell,
 * alternating between a square pillar and a long bar, with a spawn point in the free middle of each cell
 * edge. It exists for interest management: on the default arena every player sees everyone, here a
 * player's view covers about a quarter of the map, so a full room sends each client only its neighbours.
 * Built once at load; the result is plain data like every map.
 */
function buildExpanse(): ArenaMap {
  const walls: Rect[] = [
    { x: 0, y: 0, w: W, h: T },
    { x: 0, y: H - T, w: W, h: T },
    { x: 0, y: 0, w: T, h: H },
    { x: W - T, y: 0, w: T, h: H },
  ];
  const spawns: Point[] = [];
  for (let cy = CELL / 2; cy < H; cy += CELL) {
    for (let cx = CELL / 2; cx < W; cx += CELL) {
      const i = Math.round((cx - CELL / 2) / CELL + (cy - CELL / 2) / CELL);
      if (i % 3 === 0) walls.push({ x: cx - 60, y: cy - 60, w: 120, h: 120 });
      else if (i % 3 === 1) walls.push({ x: cx - 180, y: cy - 20, w: 360, h: 40 });
      else walls.push({ x: cx - 20, y: cy - 180, w: 40, h: 360 });
      // The cell corner is at least 200 units from every block: open ground for a spawn.
      if (cx + CELL / 2 < W && cy + CELL / 2 < H) spawns.push({ x: cx + CELL / 2, y: cy + CELL / 2 });
    }
  }
  return { id: 'expanse', width: W, height: H, walls, spawns };
}

export const EXPANSE: ArenaMap = buildExpanse();
