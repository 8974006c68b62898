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
}

/**
 * TEST-ONLY, READ-ONLY: `window.__tickArena`, what browser end-to-end tests read instead of scraping the
 * canvas. It exposes nothing the page does not already know (the newest snapshot the client holds), every
 * call returns a fresh copy, and nothing on it can change the game.
 */
export interface TickArenaDebug {
  /** The newest snapshot in the room being played or watched, or null outside a room / before the first tick. */
  snapshot(): DebugSnapshot | null;
  /** State ticks received since the page loaded. */
  readonly ticksReceived: number;
}

declare global {
  interface Window {
    readonly __tickArena?: TickArenaDebug;
  }
}

export function installDebugHook(read: () => DebugSnapshot | null, ticks: () => number): void {
  const hook: TickArenaDebug = Object.freeze({
    snapshot: () => {
      const s = read();
      return s ? { ...s, players: s.players.map((p) => ({ ...p })) } : null;
    },
    get ticksReceived() {
      return ticks();
    },
  });
  Object.defineProperty(window, '__tickArena', { value: hook, writable: false, configurable: false });
}
