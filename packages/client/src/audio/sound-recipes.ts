/**
 * Every sound of the game as a small recipe: oscillator tones with a pitch glide and noise bursts through a
 * low-pass filter, each with a start, a length and a peak level. Pure data from pure functions: the Web
 * Audio player (`sound-player.ts`) turns a recipe into nodes, the tests read the numbers, and the game
 * needs no audio files (nothing to download, nothing binary in the repository).
 */

export type Wave = 'sine' | 'square' | 'sawtooth' | 'triangle';

export interface Tone {
  readonly wave: Wave;
  /** Start, seconds after the sound begins. */
  readonly at: number;
  /** Length, seconds: a fast attack, then an exponential decay to silence at the end. */
  readonly duration: number;
  /** Pitch at the start and at the end, Hz (an exponential glide between them). */
  readonly fromHz: number;
  readonly toHz: number;
  /** Peak level, 0..1. */
  readonly gain: number;
}

export interface NoiseBurst {
  readonly at: number;
  readonly duration: number;
  /** White noise through a low-pass filter at this frequency, Hz: lower sounds duller and heavier. */
  readonly cutoffHz: number;
  readonly gain: number;
}

export type SoundName = 'laser' | 'hit' | 'hurt' | 'kill' | 'death' | 'respawn' | 'round-end';

export interface SoundRecipe {
  readonly name: SoundName;
  readonly tones: readonly Tone[];
  readonly noise: readonly NoiseBurst[];
  /** Stereo position, -1 (left) .. 1 (right). */
  readonly pan: number;
  /** Overall level, 0..1, applied on top of each part's own. */
  readonly gain: number;
}

/** Where a sound comes from, relative to the listener, as the mixer needs it. */
export interface Placement {
  readonly pan: number;
  readonly gain: number;
}

/** The centre of the screen: a sound there is in the middle at full level. */
export const CENTRE: Placement = { pan: 0, gain: 1 };

/** How far a laser is heard, world units: a little beyond a laptop's view (1150 units across). */
export const HEARING_UNITS = 1400;
/** Pan never goes fully to one side: a sound in one ear only is tiring on headphones. */
export const MAX_PAN = 0.8;

/**
 * Stereo position and level of a sound at `source` for a listener at `listener` who sees `halfView` world
 * units either side: panned by horizontal offset (full `MAX_PAN` at the view's edge), quieter with
 * distance (quadratic fall-off, silent from `HEARING_UNITS`).
 */
export function placeSound(
  source: { readonly x: number; readonly y: number },
  listener: { readonly x: number; readonly y: number },
  halfView: number,
): Placement {
  const dx = source.x - listener.x;
  const dist = Math.hypot(dx, source.y - listener.y);
  const pan = Math.max(-1, Math.min(1, dx / Math.max(1, halfView))) * MAX_PAN;
  const near = Math.max(0, 1 - dist / HEARING_UNITS);
  return { pan, gain: near * near };
}

/**
 * A laser: a bright square-wave zap falling two octaves and a puff of noise. The local player's is
 * higher and louder than anyone else's, so your own trigger is always the one you hear.
 */
export function laserSound(own: boolean, at: Placement = CENTRE): SoundRecipe {
  return {
    name: 'laser',
    tones: [
      { wave: 'square', at: 0, duration: 0.13, fromHz: own ? 1760 : 1320, toHz: own ? 330 : 240, gain: 0.5 },
      { wave: 'sine', at: 0, duration: 0.09, fromHz: own ? 3520 : 2640, toHz: 880, gain: 0.2 },
    ],
    noise: [{ at: 0, duration: 0.05, cutoffHz: 5000, gain: 0.25 }],
    pan: at.pan,
    gain: (own ? 0.32 : 0.18) * at.gain,
  };
}

/** Your shot hit: a short, high, dry tick, the sound of the hit marker. */
export function hitSound(): SoundRecipe {
  return {
    name: 'hit',
    tones: [
      { wave: 'triangle', at: 0, duration: 0.06, fromHz: 1975, toHz: 1975, gain: 0.9 },
      { wave: 'sine', at: 0.015, duration: 0.05, fromHz: 2960, toHz: 2960, gain: 0.5 },
    ],
    noise: [],
    pan: 0,
    gain: 0.4,
  };
}

/** You were hit: a low thump, heavier for more damage (`damage` in health points). */
export function hurtSound(damage: number): SoundRecipe {
  const weight = Math.max(0.3, Math.min(1, damage / 50));
  return {
    name: 'hurt',
    tones: [{ wave: 'sine', at: 0, duration: 0.2, fromHz: 190, toHz: 55, gain: 1 }],
    noise: [{ at: 0, duration: 0.12, cutoffHz: 900, gain: 0.6 }],
    pan: 0,
    gain: 0.55 * weight,
  };
}

/** You got a kill: two quick rising notes, a fifth apart. */
export function killSound(): SoundRecipe {
  return {
    name: 'kill',
    tones: [
      { wave: 'square', at: 0, duration: 0.1, fromHz: 659, toHz: 659, gain: 0.5 },
      { wave: 'square', at: 0.09, duration: 0.2, fromHz: 988, toHz: 988, gain: 0.5 },
    ],
    noise: [],
    pan: 0,
    gain: 0.3,
  };
}

/** You died: a long sawtooth falling away, over a dull burst. */
export function deathSound(): SoundRecipe {
  return {
    name: 'death',
    tones: [{ wave: 'sawtooth', at: 0, duration: 0.75, fromHz: 440, toHz: 65, gain: 0.7 }],
    noise: [{ at: 0, duration: 0.35, cutoffHz: 600, gain: 0.5 }],
    pan: 0,
    gain: 0.35,
  };
}

/** You are back: a soft rising sweep with an octave above it. */
export function respawnSound(): SoundRecipe {
  return {
    name: 'respawn',
    tones: [
      { wave: 'sine', at: 0, duration: 0.35, fromHz: 330, toHz: 990, gain: 0.8 },
      { wave: 'triangle', at: 0.08, duration: 0.3, fromHz: 660, toHz: 1320, gain: 0.35 },
    ],
    noise: [],
    pan: 0,
    gain: 0.3,
  };
}

/** C major, C5 to C6, Hz. */
const FANFARE = [523.25, 659.25, 783.99, 1046.5] as const;
/** Seconds between fanfare notes. */
const NOTE_S = 0.13;

/** The round is over: the arpeggio rises when you won it, falls when someone else did. */
export function roundEndSound(won: boolean): SoundRecipe {
  const notes = won ? FANFARE : [...FANFARE].reverse();
  return {
    name: 'round-end',
    tones: notes.map((hz, i) => ({
      wave: 'triangle' as const,
      at: i * NOTE_S,
      duration: i === notes.length - 1 ? 0.45 : NOTE_S + 0.04,
      fromHz: hz,
      toHz: hz,
      gain: 0.8,
    })),
    noise: [],
    pan: 0,
    gain: 0.3,
  };
}

/** How long a recipe sounds, seconds: its last part's end. */
export function recipeLength(r: SoundRecipe): number {
  return Math.max(0, ...r.tones.map((t) => t.at + t.duration), ...r.noise.map((n) => n.at + n.duration));
}
