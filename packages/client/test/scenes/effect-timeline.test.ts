import { describe, expect, it } from 'vitest';
import { EffectDuration, EffectTimeline } from '../../src/scenes/effect-timeline.js';

const ctx = {
  colourOf: (id: number) => id * 100,
  positionOf: (id: number) => (id === 2 ? { x: 50, y: 60 } : undefined),
};

describe('EffectTimeline', () => {
  it('turns a shot into a beam in the shooter colour that fades away', () => {
    const fx = new EffectTimeline();
    fx.add([{ type: 'shot', shooter: 3, x1: 0, y1: 0, x2: 10, y2: 0, hit: -1 }], 1000, ctx);
    expect(fx.beams).toMatchObject([{ colour: 300, hit: false, born: 1000 }]);
    fx.prune(1000 + EffectDuration.BEAM);
    expect(fx.beams).toEqual([]);
  });

  it('flashes a damaged player, strongest at once', () => {
    const fx = new EffectTimeline();
    fx.add([{ type: 'damage', target: 2, by: 1, amount: 34 }], 0, ctx);
    expect(fx.flashLevel(2, 0)).toBe(1);
    expect(fx.flashLevel(2, EffectDuration.FLASH / 2)).toBeCloseTo(0.5);
    expect(fx.flashLevel(1, 0)).toBe(0);
  });

  it('rings a kill where the victim is drawn and a spawn where it happens', () => {
    const fx = new EffectTimeline();
    fx.add(
      [
        { type: 'kill', killer: 1, victim: 2 },
        { type: 'kill', killer: 1, victim: 9 },
        { type: 'spawn', id: 4, x: 7, y: 8 },
      ],
      0,
      ctx,
    );
    expect(fx.rings).toMatchObject([
      { kind: 'kill', x: 50, y: 60 },
      { kind: 'spawn', x: 7, y: 8, colour: 400 },
    ]);
  });
});
