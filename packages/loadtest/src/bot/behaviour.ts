import { hash01, quantizeAim, quantizeAxis, type SimInput } from '@tick-arena/common';

/** What a bot does on one input tick, without the sequence number. */
export type BotIntent = Omit<SimInput, 'seq'>;

/**
 * A person-like input pattern without a game state: walk in a direction for one to three seconds, pause
 * now and then, sweep the aim back and forth and fire in bursts. Pure and seeded (same seed and sequence,
 * same input), so a run is repeatable and the function is cheap: it runs 30-60 times a second per bot.
 * `botInput` from common plays better but needs the whole game state, which a load bot never builds.
 *
 * The values are on the simulation's grids (`quantizeAxis`, `quantizeAim`), as a browser client sends
 * them: `encodeInput` would put them there anyway, and on the grid `decodeInput(encodeInput(x))` is `x`.
 */
export function scriptedIntent(seed: number, seq: number, tickRate: number): BotIntent {
  const legTicks = Math.max(1, Math.round(tickRate * (1 + 2 * hash01(seed, 1))));
  const leg = Math.floor(seq / legTicks);
  const heading = hash01(seed, leg * 3 + 2) * 2 * Math.PI;
  const standing = hash01(seed, leg * 3 + 3) < 0.15;
  const seconds = seq / tickRate;
  const sweep = Math.sin(seconds * (1 + hash01(seed, 4))) * 0.9;
  const burstTicks = Math.max(1, Math.round(tickRate * 0.3));
  const burstEvery = Math.max(burstTicks + 1, Math.round(tickRate * (0.8 + hash01(seed, 5))));
  const firing = hash01(seed, leg * 3 + 4) > 0.3 && seq % burstEvery < burstTicks;
  return {
    mx: standing ? 0 : quantizeAxis(Math.cos(heading)),
    my: standing ? 0 : quantizeAxis(Math.sin(heading)),
    // quantizeAim folds any angle into [-PI, PI) on the 2048-step circle.
    aim: quantizeAim(heading + sweep),
    fire: firing,
  };
}
