import { describe, expect, it } from 'vitest';
import { InputSampler, type InputIntent } from '../../src/netcode/input-sampler.js';

function sourceOf(...intents: InputIntent[]) {
  let i = 0;
  return { read: () => intents[Math.min(i++, intents.length - 1)] as InputIntent };
}

describe('InputSampler', () => {
  it('numbers commands 0, 1, 2, ...', () => {
    const s = new InputSampler(sourceOf({ mx: 0, my: 0, aim: 0, fire: false }));
    expect([s.next().seq, s.next().seq, s.next().seq]).toEqual([0, 1, 2]);
    expect(s.nextSeq).toBe(3);
  });

  it('clamps movement into [-1, 1] and turns NaN into 0', () => {
    const s = new InputSampler(sourceOf({ mx: 2, my: Number.NaN, aim: 0, fire: true }));
    const cmd = s.next();
    expect(cmd).toMatchObject({ mx: 1, my: 0, fire: true });
  });

  it('folds any aim into (-PI, PI], inside the protocol bound of 7', () => {
    const s = new InputSampler(sourceOf({ mx: 0, my: 0, aim: 3 * Math.PI + 0.5, fire: false }));
    const { aim } = s.next();
    expect(aim).toBeCloseTo(-Math.PI + 0.5, 10);
    expect(Math.abs(aim)).toBeLessThanOrEqual(Math.PI);
  });

  it('keeps the last aim while the device has none', () => {
    const s = new InputSampler(
      sourceOf({ mx: 0, my: 0, aim: 1.25, fire: false }, { mx: 0, my: 0, aim: null, fire: false }),
    );
    s.next();
    expect(s.next().aim).toBe(1.25);
  });
});
