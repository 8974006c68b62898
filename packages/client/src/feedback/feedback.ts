import type { Listener } from '../audio/cue-sounds.js';
import { soundForCue } from '../audio/cue-sounds.js';
import { loadMuted, saveMuted } from '../audio/mute-store.js';
import { SoundPlayer } from '../audio/sound-player.js';
import type { DebugFeedback } from '../debug/debug-hook.js';
import type { CameraView, FeedbackSink } from '../scenes/arena-model.js';
import { DeathCard } from '../ui/death-card.js';
import { MuteButton } from '../ui/mute-button.js';
import type { Cue, CueKind } from './cues.js';
import { prefersReducedMotion } from './shake.js';

/**
 * What the player hears and reads about the fight, outside the canvas: the sound of each cue, the death
 * card, the mute toggle (remembered per browser). The scene derives the cues from what it draws and hands
 * them here once per frame, so a sound plays when its event is seen, not when its packet arrives.
 */
export class Feedback implements FeedbackSink {
  readonly deathCard = new DeathCard();
  readonly mute: MuteButton;
  private readonly sound: SoundPlayer;
  /** Cues seen since the room was entered, by kind. */
  private counts = zeroCues();
  private lastShakePx = 0;
  private maxShakePx = 0;
  private view: CameraView | null = null;

  constructor() {
    const muted = loadMuted();
    this.sound = new SoundPlayer(muted);
    this.mute = new MuteButton(muted, (m) => {
      this.sound.muted = m;
      saveMuted(m);
    });
  }

  /** A room was entered: counters start again and M toggles sound. */
  enter(): void {
    this.counts = zeroCues();
    this.lastShakePx = 0;
    this.maxShakePx = 0;
    this.view = null;
    this.deathCard.hide();
    this.mute.bindKey();
  }

  /** The room was left. */
  leave(): void {
    this.deathCard.hide();
    this.mute.unbindKey();
  }

  cues(cues: readonly Cue[], listener: Listener, _now: number): void {
    for (const cue of cues) {
      this.counts[cue.kind] += 1;
      const recipe = soundForCue(cue, listener);
      if (recipe) this.sound.play(recipe);
      if (cue.kind === 'death') this.deathCard.show(cue.killerName, cue.respawnAt);
      else if (cue.kind === 'respawn') this.deathCard.hide();
    }
  }

  camera(view: CameraView): void {
    this.view = view;
    this.lastShakePx = view.shakePx;
    this.maxShakePx = Math.max(this.maxShakePx, view.shakePx);
  }

  /** For the test hook. */
  report(): DebugFeedback {
    return {
      muted: this.sound.muted,
      audio: this.sound.state,
      reducedMotion: prefersReducedMotion(),
      cues: { ...this.counts },
      soundsRequested: { ...this.sound.requested },
      soundsPlayed: { ...this.sound.played },
      shakePx: this.lastShakePx,
      maxShakePx: this.maxShakePx,
      deathCard: this.deathCard.text,
      camera: this.view ? { x: this.view.x, y: this.view.y, zoom: this.view.zoom } : null,
    };
  }
}

function zeroCues(): Record<CueKind, number> {
  return { laser: 0, hit: 0, hurt: 0, kill: 0, death: 0, respawn: 0, 'round-end': 0 };
}
