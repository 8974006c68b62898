import { describe, expect, it } from 'vitest';
import { soundForCue, type Listener } from '../../src/audio/cue-sounds.js';
import {
  CENTRE,
  deathSound,
  HEARING_UNITS,
  hitSound,
  hurtSound,
  killSound,
  laserSound,
  MAX_PAN,
  placeSound,
  recipeLength,
  respawnSound,
  roundEndSound,
  type SoundRecipe,
} from '../../src/audio/sound-recipes.js';

const ALL: SoundRecipe[] = [
  laserSound(true),
  laserSound(false, { pan: -0.5, gain: 0.4 }),
  hitSound(),
  hurtSound(34),
  killSound(),
  deathSound(),
  respawnSound(),
  roundEndSound(true),
  roundEndSound(false),
];

describe('sound recipes', () => {
  it('are short, audible, within level and stereo range', () => {
    for (const r of ALL) {
      expect(r.tones.length + r.noise.length, r.name).toBeGreaterThan(0);
      expect(r.gain, r.name).toBeGreaterThan(0);
      expect(r.gain, r.name).toBeLessThanOrEqual(1);
      expect(Math.abs(r.pan), r.name).toBeLessThanOrEqual(1);
      expect(recipeLength(r), r.name).toBeLessThanOrEqual(1.2);
      for (const t of r.tones) {
        for (const hz of [t.fromHz, t.toHz]) {
          expect(hz, r.name).toBeGreaterThanOrEqual(20);
          expect(hz, r.name).toBeLessThanOrEqual(20_000);
        }
        expect(t.duration, r.name).toBeGreaterThan(0);
        expect(t.gain, r.name).toBeGreaterThan(0);
        expect(t.gain, r.name).toBeLessThanOrEqual(1);
      }
      for (const n of r.noise) {
        expect(n.duration, r.name).toBeGreaterThan(0);
        expect(n.cutoffHz, r.name).toBeGreaterThan(20);
      }
    }
  });

  it('makes your own laser higher and louder than anyone else’s', () => {
    const own = laserSound(true);
    const other = laserSound(false);
    expect(own.gain).toBeGreaterThan(other.gain);
    expect(own.tones[0]?.fromHz).toBeGreaterThan(other.tones[0]?.fromHz ?? Infinity);
    // A laser falls in pitch: a zap, not a chirp.
    for (const t of own.tones) expect(t.toHz).toBeLessThan(t.fromHz);
  });

  it('thumps harder for more damage', () => {
    expect(hurtSound(50).gain).toBeGreaterThan(hurtSound(10).gain);
    expect(hurtSound(1000).gain).toBe(hurtSound(50).gain);
  });

  it('rises for a round won and falls for a round lost', () => {
    const pitches = (r: SoundRecipe) => r.tones.map((t) => t.fromHz);
    const won = pitches(roundEndSound(true));
    const lost = pitches(roundEndSound(false));
    expect(won).toEqual([...won].sort((a, b) => a - b));
    expect(lost).toEqual([...won].reverse());
  });

  it('places a sound by its offset from the listener and fades it with distance', () => {
    const me = { x: 1000, y: 600 };
    expect(placeSound(me, me, 500)).toEqual({ pan: 0, gain: 1 });
    const right = placeSound({ x: 1250, y: 600 }, me, 500);
    expect(right.pan).toBeCloseTo(0.5 * MAX_PAN);
    const left = placeSound({ x: 0, y: 600 }, me, 500);
    expect(left.pan).toBeCloseTo(-MAX_PAN);
    expect(right.gain).toBeGreaterThan(left.gain);
    expect(placeSound({ x: 1000 + HEARING_UNITS, y: 600 }, me, 500).gain).toBe(0);
  });
});

describe('soundForCue', () => {
  const listener: Listener = { x: 0, y: 0, halfView: 600 };

  it('plays the local player’s laser in the middle, and others’ placed around the listener', () => {
    const own = soundForCue({ kind: 'laser', own: true, x: 900, y: 0 }, listener);
    expect(own).toMatchObject({ name: 'laser', pan: CENTRE.pan });
    const other = soundForCue({ kind: 'laser', own: false, x: 300, y: 0 }, listener);
    expect(other?.pan).toBeGreaterThan(0);
    expect(other?.gain).toBeLessThan(laserSound(false).gain);
  });

  it('stays silent for a laser out of earshot', () => {
    expect(soundForCue({ kind: 'laser', own: false, x: HEARING_UNITS, y: 0 }, listener)).toBeNull();
  });

  it('gives each of the other cues its own sound', () => {
    expect(soundForCue({ kind: 'hit', target: 2, x: 0, y: 0 }, listener)?.name).toBe('hit');
    expect(soundForCue({ kind: 'hurt', by: 2, amount: 34, from: null }, listener)?.name).toBe('hurt');
    expect(soundForCue({ kind: 'kill', victim: 2 }, listener)?.name).toBe('kill');
    expect(soundForCue({ kind: 'death', killer: 2, killerName: 'Bea', respawnAt: 0 }, listener)?.name).toBe(
      'death',
    );
    expect(soundForCue({ kind: 'respawn' }, listener)?.name).toBe('respawn');
    expect(soundForCue({ kind: 'round-end', won: true }, listener)?.name).toBe('round-end');
  });
});
