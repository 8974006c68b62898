import { hash01, quantizeAim } from '@tick-arena/common';
import { scriptedIntent, type BotIntent } from './behaviour.js';

/**
 * How a bot plays, for a scenario's behaviour mix. Every kind sends one input per tick, as a browser does
 * whatever its player is doing, so the server's per-input cost is the same; what differs is what the
 * inputs make the simulation do (moving players widen deltas, shots cost lag-compensated hit tests).
 */
export const BotBehaviour = {
  /** At the keyboard but not playing: stands still, aims one way, never fires (an AFK player). */
  IDLE: 'idle',
  /** Walks and sweeps its aim like the default bot, never fires. */
  WALKER: 'walker',
  /** The default bot: walks, sweeps its aim and fires in bursts (`scriptedIntent`). */
  FIGHTER: 'fighter',
  /** A fighter whose connection drops now and then: it reconnects and resumes its seat with its token. */
  RECONNECTING: 'reconnecting',
} as const;
export type BotBehaviour = (typeof BotBehaviour)[keyof typeof BotBehaviour];

export const BOT_BEHAVIOURS = Object.values(BotBehaviour);

/** The input of a bot of this behaviour on input `seq`. Pure and seeded, like `scriptedIntent`. */
export function intentFor(behaviour: BotBehaviour, seed: number, seq: number, tickRate: number): BotIntent {
  switch (behaviour) {
    case BotBehaviour.IDLE:
      return { mx: 0, my: 0, aim: quantizeAim(hash01(seed, 6) * 2 * Math.PI), fire: false };
    case BotBehaviour.WALKER:
      return { ...scriptedIntent(seed, seq, tickRate), fire: false };
    case BotBehaviour.FIGHTER:
    case BotBehaviour.RECONNECTING:
      return scriptedIntent(seed, seq, tickRate);
  }
}
