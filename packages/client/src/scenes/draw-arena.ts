import type { ArenaMap } from '@tick-arena/common';
import type * as Phaser from 'phaser';
import { Palette } from './palette.js';

const GRID = 80;

/** Draw the static map once: floor, grid, spawn marks, walls with a drop shadow and a lit edge. */
export function drawArena(g: Phaser.GameObjects.Graphics, map: ArenaMap): void {
  g.fillStyle(Palette.FLOOR, 1).fillRect(0, 0, map.width, map.height);

  g.lineStyle(1, Palette.GRID, 0.9);
  for (let x = GRID; x < map.width; x += GRID) g.lineBetween(x, 0, x, map.height);
  for (let y = GRID; y < map.height; y += GRID) g.lineBetween(0, y, map.width, y);

  g.lineStyle(2, Palette.SPAWN_MARK, 1);
  for (const s of map.spawns) g.strokeCircle(s.x, s.y, 22);

  for (const w of map.walls) g.fillStyle(Palette.WALL_SHADOW, 0.35).fillRect(w.x + 6, w.y + 8, w.w, w.h);
  for (const w of map.walls) {
    g.fillStyle(Palette.WALL, 1).fillRect(w.x, w.y, w.w, w.h);
    g.lineStyle(2, Palette.WALL_EDGE, 0.8).strokeRect(w.x + 1, w.y + 1, w.w - 2, w.h - 2);
  }
}
