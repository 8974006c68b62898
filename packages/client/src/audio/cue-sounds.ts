import type { Cue } from '../feedback/cues.js';
import {
  CENTRE,
  deathSound,
  hitSound,
  hurtSound,
  killSound,
  laserSound,
  placeSound,
  respawnSound,
  roundEndSound,
  type SoundRecipe,
} from './sound-recipes.js';

/** Where the player listens from: the camera's centre, and how many world units it shows either side. */
export interface Listener {
  readonly x: number;
  readonly y: number;
  readonly halfView: number;
}

/** Below this level a sound is not worth a voice. */
const AUDIBLE = 0.01;

/**
 * The sound of a cue, or null for a cue that makes none or a laser too far away to hear. Other players'
 * lasers are placed in stereo around the listener; everything about the local player plays in the middle.
 */
export function soundForCue(cue: Cue, listener: Listener): SoundRecipe | null {
  switch (cue.kind) {
    case 'laser': {
      const at = cue.own ? CENTRE : placeSound(cue, listener, listener.halfView);
      return at.gain < AUDIBLE ? null : laserSound(cue.own, at);
    }
    case 'hit':
      return hitSound();
    case 'hurt':
      return hurtSound(cue.amount);
    case 'kill':
      return killSound();
    case 'death':
      return deathSound();
    case 'respawn':
      return respawnSound();
    case 'round-end':
      return roundEndSound(cue.won);
    default:
      return null;
  }
}
