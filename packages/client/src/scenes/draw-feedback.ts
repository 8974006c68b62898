import { Sim } from '@tick-arena/common';
import type * as Phaser from 'phaser';
import type { Point } from '../feedback/cues.js';
import { arcPoints, bearing, Indicator, indicatorAlpha } from '../feedback/direction.js';
import { HIT_MARKER_MS, type DamageMark, type HitMarker } from './feel-timeline.js';
import { Palette } from './palette.js';

/** Hit markers: four short strokes around where a shot landed, opening out as they fade. */
export function drawHitMarkers(
  g: Phaser.GameObjects.Graphics,
  markers: readonly HitMarker[],
  now: number,
): void {
  for (const m of markers) {
    const t = (now - m.born) / HIT_MARKER_MS;
    const inner = (m.kill ? 14 : 9) + 6 * t;
    const outer = inner + (m.kill ? 12 : 8);
    const colour = m.kill ? Palette.KILL_MARKER : Palette.HIT_MARKER;
    g.lineStyle(m.kill ? 4 : 3, colour, 1 - t);
    for (const a of [Math.PI / 4, (3 * Math.PI) / 4, (5 * Math.PI) / 4, (7 * Math.PI) / 4]) {
      const c = Math.cos(a);
      const s = Math.sin(a);
      g.lineBetween(m.x + c * inner, m.y + s * inner, m.x + c * outer, m.y + s * outer);
    }
  }
}

/** Damage-direction arcs around the local player (drawn at `self`), each facing where its shot came from. */
export function drawDamageMarks(
  g: Phaser.GameObjects.Graphics,
  marks: readonly DamageMark[],
  self: Point,
  now: number,
): void {
  for (const d of marks) {
    const angle = bearing(self, d.from);
    const alpha = indicatorAlpha(now - d.born);
    if (angle === null || alpha <= 0) continue;
    const radius = Indicator.RADIUS + Sim.PLAYER_RADIUS / 2;
    const arc = arcPoints(self, angle, radius);
    polyline(g.lineStyle(9, Palette.DAMAGE, 0.25 * alpha), arc);
    polyline(g.lineStyle(4, Palette.DAMAGE, 0.9 * alpha), arc);
  }
}

function polyline(g: Phaser.GameObjects.Graphics, points: readonly Point[]): void {
  const [first, ...rest] = points;
  if (!first) return;
  g.beginPath();
  g.moveTo(first.x, first.y);
  for (const p of rest) g.lineTo(p.x, p.y);
  g.strokePath();
}

/**
 * The damage flash: a red frame just inside the edges of what the camera shows (`view`, world units),
 * `level` its opacity. Thickness is given in CSS px and divided by the zoom so it looks the same on any
 * screen.
 */
export function drawFlash(
  g: Phaser.GameObjects.Graphics,
  view: { readonly x: number; readonly y: number; readonly width: number; readonly height: number },
  zoom: number,
  level: number,
): void {
  if (level <= 0) return;
  const bands = [
    { px: 56, alpha: 0.25 },
    { px: 28, alpha: 0.45 },
    { px: 10, alpha: 0.8 },
  ];
  for (const b of bands) {
    const w = b.px / zoom;
    g.lineStyle(w, Palette.DAMAGE, level * b.alpha);
    g.strokeRect(view.x + w / 2, view.y + w / 2, view.width - w, view.height - w);
  }
}
