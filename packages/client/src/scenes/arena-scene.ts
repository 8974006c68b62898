import { ARENA, type ArenaMap, type PlayerId } from '@tick-arena/common';
import * as Phaser from 'phaser';
import type { RenderFrame, RenderPlayer } from '../netcode/world-view.js';
import type { ArenaModel, ArenaSessionView } from './arena-model.js';
import { clampCentre, fitZoom, playZoom } from './camera-focus.js';
import { BAR_OFFSET, drawEffects, drawPlayer } from './draw-actors.js';
import { drawArena } from './draw-arena.js';
import { EffectTimeline } from './effect-timeline.js';
import { Palette, playerColour } from './palette.js';
import { SceneKey } from './scene-keys.js';

/** World units the camera may show beyond the walls, so a player by a wall is not under the HUD. */
const MARGIN = 120;
/** Camera smoothing time constant, ms: snapshots step positions at the tick rate, the camera glides. */
const CAMERA_LAG_MS = 90;

/**
 * Draws the arena and whatever the model's session shows: players, lasers, hits, deaths and respawns, and
 * moves the camera after the local player. It reads the model and never talks to the network; with no
 * session (the menu) it drifts slowly over the empty arena as a backdrop.
 */
export class ArenaScene extends Phaser.Scene {
  private walls!: Phaser.GameObjects.Graphics;
  private map: ArenaMap = ARENA;
  private actors!: Phaser.GameObjects.Graphics;
  private fx!: Phaser.GameObjects.Graphics;
  private readonly labels = new Map<PlayerId, Phaser.GameObjects.Text>();
  private readonly effects = new EffectTimeline();
  private shown: ArenaSessionView | null = null;
  private focus = { x: ARENA.width / 2, y: ARENA.height / 2 };

  constructor(private readonly model: ArenaModel) {
    super({ key: SceneKey.ARENA });
  }

  create(): void {
    this.walls = this.add.graphics();
    drawArena(this.walls, this.map);
    this.actors = this.add.graphics().setDepth(10);
    this.fx = this.add.graphics().setDepth(20);
    this.cameras.main.setBackgroundColor(Palette.BACKGROUND);
  }

  override update(_time: number, delta: number): void {
    const now = performance.now();
    const session = this.model.session;
    if (session !== this.shown) this.switchTo(session);
    this.actors.clear();
    this.fx.clear();
    const frame = session?.frame(now) ?? null;
    if (!session || !frame) {
      this.model.aimAnchor.clear();
      this.model.drawn.clear();
      this.drift(now, delta);
      return;
    }
    const byId = new Map(frame.players.map((p) => [p.id, p]));
    this.effects.add(session.drainEvents(now), now, {
      colourOf: playerColour,
      positionOf: (id) => byId.get(id),
    });
    this.effects.prune(now);
    this.follow(session, frame, delta);
    for (const p of frame.players) {
      const self = p.id === session.selfId;
      drawPlayer(this.actors, p, playerColour(p.id), self, this.effects.flashLevel(p.id, now), now);
    }
    drawEffects(this.fx, this.effects, now);
    this.placeLabels(session, frame.players);
    this.model.drawn.record(now, frame.players);
  }

  private switchTo(session: ArenaSessionView | null): void {
    this.shown = session;
    const map = session?.map ?? ARENA;
    if (map !== this.map) {
      this.map = map;
      this.walls.clear();
      drawArena(this.walls, map);
    }
    this.effects.clear();
    for (const label of this.labels.values()) label.destroy();
    this.labels.clear();
  }

  /** Follow the local player; spectators see the whole arena. */
  private follow(session: ArenaSessionView, frame: RenderFrame, delta: number): void {
    const cam = this.cameras.main;
    const self = frame.players.find((p) => p.id === session.selfId);
    const zoom = self
      ? playZoom(cam.width, cam.height)
      : fitZoom(cam.width, cam.height, this.map.width, this.map.height, MARGIN);
    const target = self ?? { x: this.map.width / 2, y: this.map.height / 2 };
    this.glide(target, zoom, delta);
    if (self?.alive) {
      // Canvas position of the player, for mouse aiming: the camera zooms about the view's centre.
      this.model.aimAnchor.set(
        (self.x - this.focus.x) * cam.zoom + cam.width / 2,
        (self.y - this.focus.y) * cam.zoom + cam.height / 2,
      );
    } else {
      this.model.aimAnchor.clear();
    }
  }

  /** Menu backdrop: a slow pan across the arena. */
  private drift(now: number, delta: number): void {
    const cam = this.cameras.main;
    const zoom = Math.max(cam.width / 1700, cam.height / 1000);
    const target = {
      x: this.map.width / 2 + Math.sin(now / 9000) * 420,
      y: this.map.height / 2 + Math.cos(now / 11000) * 220,
    };
    this.glide(target, zoom, delta);
  }

  private glide(target: { x: number; y: number }, zoom: number, delta: number): void {
    const cam = this.cameras.main;
    cam.setZoom(zoom);
    const viewW = cam.width / zoom;
    const viewH = cam.height / zoom;
    const tx = clampCentre(target.x, viewW, this.map.width, MARGIN);
    const ty = clampCentre(target.y, viewH, this.map.height, MARGIN);
    const k = 1 - Math.exp(-delta / CAMERA_LAG_MS);
    this.focus = { x: this.focus.x + (tx - this.focus.x) * k, y: this.focus.y + (ty - this.focus.y) * k };
    cam.centerOn(this.focus.x, this.focus.y);
  }

  /** Name labels: one text object per player, kept while the player is in the frame. */
  private placeLabels(session: ArenaSessionView, players: readonly RenderPlayer[]): void {
    const seen = new Set<PlayerId>();
    for (const p of players) {
      seen.add(p.id);
      const self = p.id === session.selfId;
      let label = this.labels.get(p.id);
      if (!label) {
        label = this.add
          .text(0, 0, '', {
            fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
            fontSize: '14px',
            fontStyle: self ? 'bold' : 'normal',
            color: self ? Palette.LABEL_SELF : Palette.LABEL,
            stroke: Palette.LABEL_STROKE,
            strokeThickness: 4,
          })
          .setOrigin(0.5, 1)
          .setDepth(30);
        this.labels.set(p.id, label);
      }
      const name = session.nameOf(p.id) || `Player ${p.id}`;
      if (label.text !== name) label.setText(name);
      label.setPosition(p.x, p.y - BAR_OFFSET - 4);
      label.setAlpha(p.alive ? 1 : 0.3);
    }
    for (const [id, label] of this.labels) {
      if (!seen.has(id)) {
        label.destroy();
        this.labels.delete(id);
      }
    }
  }
}
