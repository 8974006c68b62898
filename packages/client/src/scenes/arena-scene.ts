import { ARENA, type ArenaMap, type PlayerId } from '@tick-arena/common';
import * as Phaser from 'phaser';
import { CueTracker, type Cue } from '../feedback/cues.js';
import { CameraFeel, prefersReducedMotion } from '../feedback/shake.js';
import type { RenderFrame, RenderPlayer } from '../netcode/world-view.js';
import type { ArenaModel, ArenaSessionView, FeedbackSink } from './arena-model.js';
import { FOLLOW_SLACK, fitZoom, followCentre, playZoom } from './camera-focus.js';
import { BAR_OFFSET, drawEffects, drawPlayer } from './draw-actors.js';
import { drawArena } from './draw-arena.js';
import { drawDamageMarks, drawFlash, drawHitMarkers } from './draw-feedback.js';
import { EffectTimeline } from './effect-timeline.js';
import { FeelTimeline } from './feel-timeline.js';
import { Palette, playerColour } from './palette.js';
import { SceneKey } from './scene-keys.js';

/** World units a spectator's camera shows beyond the walls, so the arena's edge is not under the HUD. */
const MARGIN = 120;
/** Camera smoothing time constant, ms: snapshots step positions at the tick rate, the camera glides. */
const CAMERA_LAG_MS = 90;

/**
 * Draws the arena and whatever the model's session shows: players, lasers, hits, deaths and respawns, the
 * local player's feedback (hit markers, damage direction, shake and flash), and keeps the camera centred
 * on the local player. It reads the model and never talks to the network; what the player should hear
 * and read goes to the session's feedback sink. With no session (the menu) it drifts slowly over the
 * empty arena as a backdrop.
 */
export class ArenaScene extends Phaser.Scene {
  private walls!: Phaser.GameObjects.Graphics;
  private map: ArenaMap = ARENA;
  private actors!: Phaser.GameObjects.Graphics;
  private fx!: Phaser.GameObjects.Graphics;
  /** Hit markers, damage arcs and the flash: above everything else in the arena. */
  private feelLayer!: Phaser.GameObjects.Graphics;
  private readonly labels = new Map<PlayerId, Phaser.GameObjects.Text>();
  private readonly effects = new EffectTimeline();
  private readonly feel = new FeelTimeline();
  private readonly cameraFeel = new CameraFeel();
  private cueTracker = new CueTracker(-1);
  private shown: ArenaSessionView | null = null;
  private focus = { x: ARENA.width / 2, y: ARENA.height / 2 };
  /** The damage shake applied in this frame, CSS px. */
  private shakeOffset = { x: 0, y: 0 };

  constructor(private readonly model: ArenaModel) {
    super({ key: SceneKey.ARENA });
  }

  create(): void {
    this.walls = this.add.graphics();
    drawArena(this.walls, this.map);
    this.actors = this.add.graphics().setDepth(10);
    this.fx = this.add.graphics().setDepth(20);
    this.feelLayer = this.add.graphics().setDepth(40);
    this.cameras.main.setBackgroundColor(Palette.BACKGROUND);
  }

  override update(_time: number, delta: number): void {
    const now = performance.now();
    const session = this.model.session;
    if (session !== this.shown) this.switchTo(session);
    this.actors.clear();
    this.fx.clear();
    this.feelLayer.clear();
    const frame = session?.frame(now) ?? null;
    if (!session || !frame) {
      this.model.aimAnchor.clear();
      this.model.drawn.clear();
      this.drift(now, delta);
      return;
    }
    const byId = new Map(frame.players.map((p) => [p.id, p]));
    const positionOf = (id: PlayerId) => byId.get(id);
    const events = session.drainEvents(now);
    this.effects.add(events, now, { colourOf: playerColour, positionOf });
    this.effects.prune(now);
    const self = byId.get(session.selfId) ?? null;
    const cues = this.cueTracker.update(
      events,
      self,
      { positionOf, nameOf: (id) => session.nameOf(id) },
      now,
    );
    this.feelCues(cues, positionOf, now);
    this.follow(session, frame, delta, now);
    for (const p of frame.players) {
      const own = p.id === session.selfId;
      drawPlayer(this.actors, p, playerColour(p.id), own, this.effects.flashLevel(p.id, now), now);
    }
    drawEffects(this.fx, this.effects, now);
    this.drawFeel(self, now);
    this.placeLabels(session, frame.players);
    this.model.drawn.record(now, frame.players);
    this.handOver(session.feedback, cues, now);
  }

  /**
   * The canvas's share of the cues: hit markers, damage arcs, and the shake and flash on damage (with
   * reduced motion the shake is left out: `CameraFeel`).
   */
  private feelCues(
    cues: readonly Cue[],
    positionOf: (id: PlayerId) => RenderPlayer | undefined,
    now: number,
  ): void {
    this.feel.add(cues, now, positionOf);
    this.feel.prune(now);
    for (const c of cues) {
      if (c.kind === 'hurt') this.cameraFeel.hurt(c.amount, prefersReducedMotion(), now);
    }
  }

  /** The rest goes to the session's feedback (sounds, the death card), heard from the camera's centre. */
  private handOver(sink: FeedbackSink, cues: readonly Cue[], now: number): void {
    const cam = this.cameras.main;
    const { x, y } = this.focus;
    sink.cues(cues, { x, y, halfView: cam.width / cam.zoom / 2 }, now);
    sink.camera({ x, y, zoom: cam.zoom, shakePx: Math.hypot(this.shakeOffset.x, this.shakeOffset.y) });
  }

  private drawFeel(self: RenderPlayer | null, now: number): void {
    drawHitMarkers(this.feelLayer, this.feel.markers, now);
    if (self?.alive) drawDamageMarks(this.feelLayer, this.feel.damage, self, now);
    // What the camera shows this frame (its own `worldView` is only updated when it renders).
    const cam = this.cameras.main;
    const w = cam.width / cam.zoom;
    const h = cam.height / cam.zoom;
    const cx = this.focus.x + this.shakeOffset.x / cam.zoom;
    const cy = this.focus.y + this.shakeOffset.y / cam.zoom;
    const view = { x: cx - w / 2, y: cy - h / 2, width: w, height: h };
    drawFlash(this.feelLayer, view, cam.zoom, this.cameraFeel.flashLevel(now));
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
    this.feel.clear();
    this.cameraFeel.reset();
    this.shakeOffset = { x: 0, y: 0 };
    this.cueTracker = new CueTracker(session?.selfId ?? -1);
    for (const label of this.labels.values()) label.destroy();
    this.labels.clear();
  }

  /**
   * Keep the local player in the middle of the screen wherever it is: by a wall the view shows some of the
   * dark beyond it rather than pushing the player towards the screen's edge, under the HUD or a thumb
   * (`followCentre`). Spectators see the whole arena.
   */
  private follow(session: ArenaSessionView, frame: RenderFrame, delta: number, now: number): void {
    const cam = this.cameras.main;
    const self = frame.players.find((p) => p.id === session.selfId);
    if (self) this.glide(self, playZoom(cam.width, cam.height), delta, now, true);
    else {
      const zoom = fitZoom(cam.width, cam.height, this.map.width, this.map.height, MARGIN);
      this.glide({ x: this.map.width / 2, y: this.map.height / 2 }, zoom, delta, now, false);
    }
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
    this.glide(target, zoom, delta, now, false);
  }

  /**
   * Move the camera towards `target` (a player to `follow`, or a point to show with the arena clamped to
   * the view plus `MARGIN`), smoothed, then offset by the damage shake. The shake moves the picture only: `focus`, which mouse aiming reads, stays.
   */
  private glide(
    target: { x: number; y: number },
    zoom: number,
    delta: number,
    now: number,
    follow: boolean,
  ): void {
    const cam = this.cameras.main;
    cam.setZoom(zoom);
    const viewW = cam.width / zoom;
    const viewH = cam.height / zoom;
    // A player is followed within a slack (`followCentre`); a spectator's view is clamped (slack: none).
    const slack = follow ? FOLLOW_SLACK * Math.min(viewW, viewH) : Number.POSITIVE_INFINITY;
    const tx = followCentre(target.x, viewW, this.map.width, MARGIN, slack);
    const ty = followCentre(target.y, viewH, this.map.height, MARGIN, slack);
    const k = 1 - Math.exp(-delta / CAMERA_LAG_MS);
    this.focus = { x: this.focus.x + (tx - this.focus.x) * k, y: this.focus.y + (ty - this.focus.y) * k };
    this.shakeOffset = this.cameraFeel.offset(now);
    cam.centerOn(this.focus.x + this.shakeOffset.x / zoom, this.focus.y + this.shakeOffset.y / zoom);
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
