import { Quanta, aimFromSteps, aimToSteps } from '../sim/quanta.js';

/**
 * The documented ranges of everything the binary codecs carry (see `replication/types.ts`). The encoder
 * refuses values outside them with a `RangeError` (a server bug); the decoder refuses them with
 * `E_DECODE_MALFORMED` (a bad or forged buffer). The caps on counts bound what a forged buffer can make a
 * decoder allocate.
 */
export const WireBounds = {
  /** Player ids are 1 .. 2^20 - 1. */
  MAX_PLAYER_ID: 2 ** 20 - 1,
  /** Round numbers are 1 .. 2^20. */
  MAX_ROUND: 2 ** 20,
  /** Positions are within [0, 8192) world units, i.e. [0, 2^17) steps of 1/16. */
  POSITION_BITS: 17,
  /** Aim steps fold into [-1024, 1023]: 11 bits. */
  AIM_BITS: 11,
  /** hp is 0 .. 255. */
  HP_BITS: 8,
  /** Owner timers are 0 .. 65535 ticks. */
  MAX_TIMER_TICKS: 65_535,
  /** Input sequence numbers are 0 .. 2^31 - 1 (`lastSeq` may also be -1). */
  MAX_SEQ: 2 ** 31 - 1,
  /** Ticks are 0 .. 2^32 - 1 (more than four years at 30 Hz). */
  MAX_TICK: 2 ** 32 - 1,
  /** Most players one frame may hold (a room has at most 16; margin for spectated or larger rooms). */
  MAX_FRAME_PLAYERS: 64,
  /** Most events one snapshot may carry. */
  MAX_EVENTS: 256,
} as const;

const POSITION_LIMIT = 2 ** WireBounds.POSITION_BITS;

/** World units -> position-grid steps, refusing off-grid or out-of-range values. */
export function positionToSteps(v: number): number {
  const s = v * Quanta.POSITION;
  if (!Number.isInteger(s) || s < 0 || s >= POSITION_LIMIT) {
    throw new RangeError(`position ${v} is off the 1/${Quanta.POSITION} grid or outside [0, 8192)`);
  }
  return s;
}

export function positionFromSteps(s: number): number {
  return s / Quanta.POSITION;
}

/** True when `s` is a valid position step (for the decoder's checks). */
export function isPositionSteps(s: number): boolean {
  return Number.isInteger(s) && s >= 0 && s < POSITION_LIMIT;
}

/** An aim angle on the grid -> its step in [-1024, 1023], refusing angles that are not on the grid. */
export function aimToGridSteps(a: number): number {
  const k = aimToSteps(a);
  if (aimFromSteps(k) !== a) throw new RangeError(`aim ${a} is not on the aim grid in [-PI, PI)`);
  return k;
}

/** Wrap an aim-step difference into [-1024, 1023] (the short way round). */
export function wrapAimDelta(d: number): number {
  const half = Quanta.AIM_STEPS / 2;
  return ((((d + half) % Quanta.AIM_STEPS) + Quanta.AIM_STEPS) % Quanta.AIM_STEPS) - half;
}

export function isPlayerId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= WireBounds.MAX_PLAYER_ID;
}

/** A player id, or -1 for "nobody" (winners, hits, killers). */
export function isPlayerIdOrNone(id: number): boolean {
  return id === -1 || isPlayerId(id);
}

export function isRoundNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= WireBounds.MAX_ROUND;
}

/** Encoder-side guard: throw a RangeError naming the field. */
export function requireRange(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new RangeError(`${what} out of range: ${String(value)}`);
}
