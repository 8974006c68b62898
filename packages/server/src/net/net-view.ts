import type { NetPlayer, NetRound, PlayerState, SimEvent } from '@tick-arena/common';
import { RoundPhase } from '@tick-arena/common';
import type { Frame } from '../loop/frame-ring.js';

/**
 * A frame as every client could see it, computed once per room per published frame: players as
 * `NetPlayer`s (the same object as in the previous view when nothing a client sees changed, so encoders and
 * groupers compare by reference first) and the round with its timer as an end tick.
 */
export interface NetView {
  readonly tick: number;
  readonly serverTime: number;
  readonly players: readonly NetPlayer[];
  readonly round: NetRound;
  /** Simulation state of each player by id, for the owner-only fields. */
  readonly byId: ReadonlyMap<number, PlayerState>;
}

export function buildNetView(frame: Frame, tickRate: number, previous: NetView | null): NetView {
  const prevById = new Map<number, NetPlayer>();
  for (const p of previous?.players ?? []) prevById.set(p.id, p);
  const byId = new Map<number, PlayerState>();
  const players = frame.state.players.map((p) => {
    byId.set(p.id, p);
    return toNetPlayer(p, prevById.get(p.id));
  });
  const r = frame.state.round;
  const counting = r.phase === RoundPhase.ENDED || r.timed;
  const round: NetRound = {
    number: r.number,
    phase: r.phase,
    endTick: counting ? frame.tick + Math.round(r.timeLeft * tickRate) : -1,
    winner: r.winner,
  };
  const prevRound = previous?.round;
  const sameRound =
    prevRound &&
    prevRound.number === round.number &&
    prevRound.phase === round.phase &&
    prevRound.endTick === round.endTick &&
    prevRound.winner === round.winner;
  return {
    tick: frame.tick,
    serverTime: frame.serverTime,
    players,
    round: sameRound ? prevRound : round,
    byId,
  };
}

function toNetPlayer(p: PlayerState, prev: NetPlayer | undefined): NetPlayer {
  const prot = p.protectedFor > 0;
  if (
    prev &&
    prev.x === p.x &&
    prev.y === p.y &&
    prev.aim === p.aim &&
    prev.hp === p.hp &&
    prev.alive === p.alive &&
    prev.protected === prot
  ) {
    return prev;
  }
  return { id: p.id, x: p.x, y: p.y, aim: p.aim, hp: p.hp, alive: p.alive, protected: prot };
}

/** Whole ticks left on a timer in seconds (a display grid for the owner's cooldown and respawn). */
export function ticksLeft(seconds: number, tickRate: number): number {
  return seconds <= 0 ? 0 : Math.min(65535, Math.ceil(seconds * tickRate - 1e-9));
}

/** Does an event concern a viewer whose interest rectangle is centred at (cx, cy)? */
export function eventVisible(e: SimEvent, inView: (x: number, y: number) => boolean): boolean {
  switch (e.type) {
    case 'shot':
      return inView(e.x1, e.y1) || inView(e.x2, e.y2);
    case 'spawn':
      return inView(e.x, e.y);
    default:
      // Damage, kills and round changes are small and feed the HUD and kill feed: everyone gets them.
      return true;
  }
}
