import type { AudioState } from '../audio/sound-player.js';
import type { SoundName } from '../audio/sound-recipes.js';
import type { CueKind } from '../feedback/cues.js';
import type { NetFigures } from '../netcode/net-stats.js';

/** One player as the debug hook reports it. */
export interface DebugPlayer {
  id: number;
  x: number;
  y: number;
  alive: boolean;
  hp: number;
}

export interface DebugSnapshot {
  roomCode: string;
  playerId: number;
  tick: number;
  players: DebugPlayer[];
  /** Our own kills and deaths as the page shows them (the reliable `scores` channel), null before any. */
  score: { kills: number; deaths: number } | null;
}

/** One player where the scene drew it. */
export interface DebugDrawnPlayer {
  readonly id: number;
  readonly x: number;
  readonly y: number;
  readonly aim: number;
  readonly alive: boolean;
}

/** The newest frame the scene drew. */
export interface DebugRendered {
  /** Frames drawn in a room since the page loaded: tells a new frame from the same one read twice. */
  readonly frame: number;
  /** `performance.now()` when it was drawn, ms. */
  readonly time: number;
  readonly players: readonly DebugDrawnPlayer[];
}

/** What the player was made to see, hear and feel (sound, shake, the death card). */
export interface DebugFeedback {
  /** Sound is muted (the toggle, remembered per browser). */
  readonly muted: boolean;
  /** The Web Audio context: 'none' before the first user gesture, then 'running' (or 'suspended'). */
  readonly audio: AudioState;
  /** `prefers-reduced-motion: reduce` is on. */
  readonly reducedMotion: boolean;
  /** Feedback cues since the room was entered, by kind ('laser', 'hit', 'hurt', 'death', ...). */
  readonly cues: Readonly<Record<CueKind, number>>;
  /** Sounds asked for since the page loaded, by name, and those that really played (not muted, unlocked). */
  readonly soundsRequested: Readonly<Record<SoundName, number>>;
  readonly soundsPlayed: Readonly<Record<SoundName, number>>;
  /** Camera shake applied in the newest frame, and the most in any frame since the room was entered, CSS px. */
  readonly shakePx: number;
  readonly maxShakePx: number;
  /** What the death card says ('' when it is not up). */
  readonly deathCard: string;
  /**
   * The newest frame's camera in a room: the world point at the middle of the screen and CSS px per world
   * unit (null before the first frame).
   */
  readonly camera: { readonly x: number; readonly y: number; readonly zoom: number } | null;
}

/**
 * TEST-ONLY, READ-ONLY: `window.__tickArena`, what browser end-to-end tests read instead of scraping the
 * canvas. It exposes nothing the page does not already know (the newest snapshot the client holds, what it
 * drew, the net graph's figures, the feedback it gave), every call returns a fresh copy, and nothing on it
 * can change the game.
 */
export interface TickArenaDebug {
  /** The newest snapshot in the room being played or watched, or null outside a room / before the first tick. */
  snapshot(): DebugSnapshot | null;
  /** What the newest frame drew (every player's drawn position), or null outside a room / before the first frame. */
  rendered(): DebugRendered | null;
  /** The net graph's figures, or null outside a room. */
  netStats(): NetFigures | null;
  /** Sound, shake and death-card state (also outside a room: the mute setting). */
  feedback(): DebugFeedback;
  /** State ticks received since the page loaded. */
  readonly ticksReceived: number;
}

/** Where the hook reads from. */
export interface DebugSources {
  snapshot(): DebugSnapshot | null;
  rendered(): DebugRendered | null;
  netStats(): NetFigures | null;
  feedback(): DebugFeedback;
  ticks(): number;
}

declare global {
  interface Window {
    readonly __tickArena?: TickArenaDebug;
  }
}

export function installDebugHook(sources: DebugSources): void {
  const hook: TickArenaDebug = Object.freeze({
    snapshot: () => {
      const s = sources.snapshot();
      return s
        ? { ...s, players: s.players.map((p) => ({ ...p })), score: s.score ? { ...s.score } : null }
        : null;
    },
    rendered: () => {
      const r = sources.rendered();
      if (!r) return null;
      const players = r.players.map(({ id, x, y, aim, alive }) => Object.freeze({ id, x, y, aim, alive }));
      return Object.freeze({ frame: r.frame, time: r.time, players: Object.freeze(players) });
    },
    netStats: () => {
      const f = sources.netStats();
      return f ? Object.freeze({ ...f }) : null;
    },
    feedback: () => {
      const f = sources.feedback();
      return Object.freeze({
        ...f,
        cues: Object.freeze({ ...f.cues }),
        soundsRequested: Object.freeze({ ...f.soundsRequested }),
        soundsPlayed: Object.freeze({ ...f.soundsPlayed }),
        camera: f.camera ? Object.freeze({ ...f.camera }) : null,
      });
    },
    get ticksReceived() {
      return sources.ticks();
    },
  });
  Object.defineProperty(window, '__tickArena', { value: hook, writable: false, configurable: false });
}
