import type { Page } from 'playwright-core';
import type { DebugDrawnPlayer, DebugRendered } from '../../../src/debug/debug-hook.js';

/** A key press as the page saw it (`performance.now()`, the clock `rendered().time` is on). */
export interface PageKey {
  readonly code: string;
  readonly at: number;
}

export interface Recording {
  /** Every distinct drawn frame seen, in order (one read per animation frame). */
  readonly frames: readonly DebugRendered[];
  readonly keys: readonly PageKey[];
}

interface PageRecorder {
  frames: DebugRendered[];
  keys: PageKey[];
  running: boolean;
  onKey: (e: KeyboardEvent) => void;
}

type RecorderWindow = Window & { __frameRecorder?: PageRecorder };

/**
 * Start reading `window.__tickArena.rendered()` on every animation frame in the page, keeping each frame
 * the scene drew once (by its frame number), and noting every keydown with its time.
 */
export function startRecording(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as RecorderWindow;
    const rec: PageRecorder = {
      frames: [],
      keys: [],
      running: true,
      onKey: (e) => rec.keys.push({ code: e.code, at: performance.now() }),
    };
    w.__frameRecorder = rec;
    addEventListener('keydown', rec.onKey, { capture: true });
    const read = (): void => {
      if (!rec.running) return;
      const r = window.__tickArena?.rendered();
      const last = rec.frames[rec.frames.length - 1];
      if (r && r.frame !== last?.frame) rec.frames.push(r);
      requestAnimationFrame(read);
    };
    requestAnimationFrame(read);
  });
}

export function stopRecording(page: Page): Promise<Recording> {
  return page.evaluate(() => {
    const rec = (window as RecorderWindow).__frameRecorder;
    if (!rec) throw new Error('not recording');
    rec.running = false;
    removeEventListener('keydown', rec.onKey, { capture: true });
    return { frames: rec.frames, keys: rec.keys };
  });
}

export function drawnPlayer(frame: DebugRendered, id: number): DebugDrawnPlayer | undefined {
  return frame.players.find((p) => p.id === id);
}

/**
 * How many frames the scene drew after `at` up to and including the first one that shows player `id`
 * somewhere else than the last frame before `at` did (1 = the very next frame). Counted by the scene's own
 * frame numbers, so a frame the recorder missed still counts. Null when it never moved.
 */
export function framesUntilMoved(frames: readonly DebugRendered[], id: number, at: number): number | null {
  const before = [...frames].reverse().find((f) => f.time <= at);
  const from = before && drawnPlayer(before, id);
  if (!before || !from) return null;
  for (const f of frames) {
    if (f.time <= at) continue;
    const p = drawnPlayer(f, id);
    if (p && (p.x !== from.x || p.y !== from.y)) return f.frame - before.frame;
  }
  return null;
}

/** How player `id` was drawn while it walked: see `walkSteps`. */
export interface WalkReport {
  /** Consecutive recorded frame pairs inside the walk. */
  readonly pairs: number;
  /** Of those, pairs where the drawn position changed. */
  readonly moving: number;
  /** Frames the scene drew in the walk that the recorder did not see (they still count via time). */
  readonly unseen: number;
  /** Largest step between two recorded frames beyond what `maxStep(dt)` allows, units (≤ 0 is within). */
  readonly worstExcess: number;
  /** The step and time between frames where that happened. */
  readonly worst: { readonly step: number; readonly dtMs: number };
  /** Distance drawn from the first to the last frame of the walk, units. */
  readonly distance: number;
}

/**
 * The walk of player `id` as drawn: from the last frame showing it at its start point to the first frame
 * showing it at its end point (both taken from the recording). Between them, every pair of consecutive
 * recorded frames is checked for movement and for a step longer than `maxStep(dtMs)`.
 */
export function walkSteps(
  frames: readonly DebugRendered[],
  id: number,
  maxStep: (dtMs: number) => number,
): WalkReport {
  const track = frames
    .map((f) => ({ f, p: drawnPlayer(f, id) }))
    .filter((e): e is { f: DebugRendered; p: DebugDrawnPlayer } => e.p !== undefined);
  const start = track[0]?.p;
  const end = track[track.length - 1]?.p;
  if (!start || !end) throw new Error(`player ${id} was never drawn`);
  const same = (a: DebugDrawnPlayer, b: DebugDrawnPlayer): boolean => a.x === b.x && a.y === b.y;
  const first = track.findIndex((e) => !same(e.p, start)) - 1;
  const last = track.findIndex((e) => same(e.p, end));
  if (first < 0 || last <= first) throw new Error(`player ${id} was not drawn walking`);
  let moving = 0;
  let unseen = 0;
  let worstExcess = Number.NEGATIVE_INFINITY;
  let worst = { step: 0, dtMs: 0 };
  for (let i = first + 1; i <= last; i++) {
    const a = track[i - 1];
    const b = track[i];
    if (!a || !b) continue;
    const step = Math.hypot(b.p.x - a.p.x, b.p.y - a.p.y);
    const dtMs = b.f.time - a.f.time;
    if (step > 0) moving += 1;
    unseen += b.f.frame - a.f.frame - 1;
    const excess = step - maxStep(dtMs);
    if (excess > worstExcess) {
      worstExcess = excess;
      worst = { step, dtMs };
    }
  }
  const a = track[first]?.p ?? start;
  const b = track[last]?.p ?? end;
  return {
    pairs: last - first,
    moving,
    unseen,
    worstExcess,
    worst,
    distance: Math.hypot(b.x - a.x, b.y - a.y),
  };
}
