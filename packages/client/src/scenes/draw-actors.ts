import { Sim } from '@tick-arena/common';
import type * as Phaser from 'phaser';
import type { RenderPlayer } from '../netcode/world-view.js';
import { EffectDuration, type EffectTimeline } from './effect-timeline.js';
import { Palette, healthColour } from './palette.js';

const R = Sim.PLAYER_RADIUS;
const BAR_W = 40;
const BAR_H = 5;
/** Distance from a player's centre to the top of its health bar. */
export const BAR_OFFSET = R + 12;

/** A player body: shadow, spawn-protection shield, body, hit flash, outline, facing line and health bar. */
export function drawPlayer(
  g: Phaser.GameObjects.Graphics,
  p: RenderPlayer,
  colour: number,
  self: boolean,
  flash: number,
  now: number,
): void {
  if (!p.alive) {
    // A faded cross where the player fell, until the respawn moves it.
    g.lineStyle(3, colour, 0.35);
    g.lineBetween(p.x - 9, p.y - 9, p.x + 9, p.y + 9);
    g.lineBetween(p.x - 9, p.y + 9, p.x + 9, p.y - 9);
    return;
  }
  if (self) g.fillStyle(colour, 0.12).fillCircle(p.x, p.y, R + 16);
  g.fillStyle(0x000000, 0.4).fillCircle(p.x + 3, p.y + 5, R);
  if (p.protected) {
    // Spawn protection (until the player moves or fires; Sim.SPAWN_PROTECTION_MAX): a cyan bubble with a
    // bright, pulsing rim, so a player sees at a glance who cannot be hurt yet, themselves included.
    const shield = R + 13 + 1.5 * Math.sin(now / 110);
    g.fillStyle(Palette.SHIELD, 0.22).fillCircle(p.x, p.y, shield);
    g.lineStyle(4, Palette.SHIELD, 0.8 + 0.2 * Math.sin(now / 70)).strokeCircle(p.x, p.y, shield);
  }
  g.fillStyle(colour, 1).fillCircle(p.x, p.y, R);
  if (flash > 0) g.fillStyle(0xffffff, 0.85 * flash).fillCircle(p.x, p.y, R);
  g.lineStyle(self ? 3 : 2, self ? Palette.SELF_RING : 0x05070d, self ? 1 : 0.7).strokeCircle(p.x, p.y, R);

  const cos = Math.cos(p.aim);
  const sin = Math.sin(p.aim);
  g.lineStyle(5, 0x05070d, 0.6).lineBetween(
    p.x + cos * 6,
    p.y + sin * 6,
    p.x + cos * (R + 12),
    p.y + sin * (R + 12),
  );
  g.lineStyle(3, 0xffffff, 0.95).lineBetween(
    p.x + cos * 6,
    p.y + sin * 6,
    p.x + cos * (R + 11),
    p.y + sin * (R + 11),
  );

  const ratio = Math.max(0, Math.min(1, p.hp / Sim.MAX_HEALTH));
  const bx = p.x - BAR_W / 2;
  const by = p.y - BAR_OFFSET;
  g.fillStyle(Palette.HP_BACK, 0.75).fillRect(bx - 1, by - 1, BAR_W + 2, BAR_H + 2);
  g.fillStyle(healthColour(ratio), 1).fillRect(bx, by, BAR_W * ratio, BAR_H);
}

/** Laser beams (glow plus a white core, fading out) and spawn / kill rings. */
export function drawEffects(g: Phaser.GameObjects.Graphics, fx: EffectTimeline, now: number): void {
  for (const b of fx.beams) {
    const fade = 1 - (now - b.born) / EffectDuration.BEAM;
    g.lineStyle(8, b.colour, 0.25 * fade).lineBetween(b.x1, b.y1, b.x2, b.y2);
    g.lineStyle(3, b.colour, 0.9 * fade).lineBetween(b.x1, b.y1, b.x2, b.y2);
    g.lineStyle(1, 0xffffff, fade).lineBetween(b.x1, b.y1, b.x2, b.y2);
    if (b.hit) g.fillStyle(0xffffff, 0.8 * fade).fillCircle(b.x2, b.y2, 4 + 8 * (1 - fade));
  }
  for (const r of fx.rings) {
    const t = (now - r.born) / EffectDuration.RING;
    if (r.kind === 'spawn') {
      g.lineStyle(3, r.colour, 1 - t).strokeCircle(r.x, r.y, R + 4 + 30 * t);
    } else {
      g.lineStyle(4, r.colour, 1 - t).strokeCircle(r.x, r.y, R + 50 * t);
      g.fillStyle(r.colour, 0.3 * (1 - t)).fillCircle(r.x, r.y, R + 20 * t);
    }
  }
}
