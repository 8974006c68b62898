import type { SimEvent } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { CueTracker, type CueContext } from '../../src/feedback/cues.js';

const SELF = 1;
const ctx: CueContext = {
  positionOf: (id) => (id === 2 ? { x: 500, y: 100 } : undefined),
  nameOf: (id) => (id === 2 ? 'Bea' : ''),
};
const alive = { alive: true };
const dead = { alive: false };

describe('CueTracker', () => {
  it('hears every laser and marks a hit only for the local player’s shots', () => {
    const t = new CueTracker(SELF);
    const events: SimEvent[] = [
      { type: 'shot', shooter: SELF, x1: 0, y1: 0, x2: 90, y2: 5, hit: 2 },
      { type: 'shot', shooter: 2, x1: 500, y1: 100, x2: 300, y2: 100, hit: 3 },
      { type: 'shot', shooter: SELF, x1: 0, y1: 0, x2: 40, y2: 0, hit: -1 },
    ];
    expect(t.update(events, alive, ctx, 0)).toEqual([
      { kind: 'laser', own: true, x: 0, y: 0 },
      { kind: 'hit', target: 2, x: 90, y: 5 },
      { kind: 'laser', own: false, x: 500, y: 100 },
      { kind: 'laser', own: true, x: 0, y: 0 },
    ]);
  });

  it('points the hurt cue at the origin of the beam that hit us, else at the attacker', () => {
    const t = new CueTracker(SELF);
    const withBeam = t.update(
      [
        { type: 'shot', shooter: 3, x1: 70, y1: 80, x2: 0, y2: 0, hit: SELF },
        { type: 'damage', target: SELF, by: 3, amount: 34 },
      ],
      alive,
      ctx,
      0,
    );
    expect(withBeam).toContainEqual({ kind: 'hurt', by: 3, amount: 34, from: { x: 70, y: 80 } });
    const noBeam = t.update([{ type: 'damage', target: SELF, by: 2, amount: 34 }], alive, ctx, 10);
    expect(noBeam).toEqual([{ kind: 'hurt', by: 2, amount: 34, from: { x: 500, y: 100 } }]);
    const unknown = t.update([{ type: 'damage', target: SELF, by: 9, amount: 34 }], alive, ctx, 20);
    expect(unknown).toEqual([{ kind: 'hurt', by: 9, amount: 34, from: null }]);
    // Someone else's damage is not ours to feel.
    expect(t.update([{ type: 'damage', target: 2, by: SELF, amount: 34 }], alive, ctx, 30)).toEqual([]);
  });

  it('starts the respawn countdown when the local player is seen to fall, names the killer with the kill', () => {
    const t = new CueTracker(SELF, 2500);
    t.update([], alive, ctx, 0);
    expect(t.update([], dead, ctx, 1000)).toEqual([]);
    // The kill is drawn a render delay later, with the killer's beam.
    const cues = t.update([{ type: 'kill', killer: 2, victim: SELF }], dead, ctx, 1100);
    expect(cues).toEqual([{ kind: 'death', killer: 2, killerName: 'Bea', respawnAt: 3500 }]);
    expect(t.update([], alive, ctx, 3510)).toEqual([{ kind: 'respawn' }]);
  });

  it('says no one killed us for a suicide, and counts from the kill when the fall was not seen', () => {
    const t = new CueTracker(SELF, 2500);
    const cues = t.update([{ type: 'kill', killer: SELF, victim: SELF }], null, ctx, 200);
    expect(cues).toEqual([{ kind: 'death', killer: -1, killerName: '', respawnAt: 2700 }]);
  });

  it('does not announce a respawn for the first frame of a room, or for a spectator', () => {
    const t = new CueTracker(SELF);
    expect(t.update([], alive, ctx, 0)).toEqual([]);
    const spectator = new CueTracker(-1);
    const cues = spectator.update(
      [
        { type: 'kill', killer: 2, victim: 3 },
        { type: 'round-end', winner: 2, round: 1 },
      ],
      null,
      ctx,
      0,
    );
    expect(cues).toEqual([{ kind: 'round-end', won: false }]);
  });

  it('cheers the local player’s kills and its round win', () => {
    const t = new CueTracker(SELF);
    expect(
      t.update(
        [
          { type: 'kill', killer: SELF, victim: 2 },
          { type: 'round-end', winner: SELF, round: 3 },
        ],
        alive,
        ctx,
        0,
      ),
    ).toEqual([
      { kind: 'kill', victim: 2 },
      { kind: 'round-end', won: true },
    ]);
  });
});
