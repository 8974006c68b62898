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

/**
 * TEST-ONLY, READ-ONLY: `window.__tickArena`, what browser end-to-end tests read instead of scraping the
 * canvas. It exposes nothing the page does not already know (the newest snapshot the client holds, what it
 * drew, the net graph's figures), every call returns a fresh copy, and nothing on it can change the game.
 */
export interface TickArenaDebug {
  /** The newest snapshot in the room being played or watched, or null outside a room / before the first tick. */
  snapshot(): DebugSnapshot | null;
  /** What the newest frame drew (every player's drawn position), or null outside a room / before the first frame. */
  rendered(): DebugRendered | null;
  /** The net graph's figures, or null outside a room. */
  netStats(): NetFigures | null;
  /** State ticks received since the page loaded. */
  readonly ticksReceived: number;
}

/** Where the hook reads from. */
export interface DebugSources {
  snapshot(): DebugSnapshot | null;
  rendered(): DebugRendered | null;
  netStats(): NetFigures | null;
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
    get ticksReceived() {
      return sources.ticks();
    },
  });
  Object.defineProperty(window, '__tickArena', { value: hook, writable: false, configurable: false });
}
