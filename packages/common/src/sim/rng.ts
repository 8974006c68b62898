/**
 * mulberry32: a tiny, fast, well-distributed 32-bit PRNG. Pure: takes the state, returns the value in
 * [0, 1) and the next state, so the RNG lives inside the game state and replays are exact.
 */
export function nextRandom(state: number): [value: number, next: number] {
  const next = (state + 0x6d2b79f5) | 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return [((t ^ (t >>> 14)) >>> 0) / 4294967296, next];
}

/** A generator of `nextRandom` values from `seed`, for code that wants a plain `() => number` (tests, benches). */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    const [value, next] = nextRandom(state);
    state = next;
    return value;
  };
}

/** A stateless hash to [0, 1) for decisions that must not advance the game RNG (bot brains). */
export function hash01(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}
