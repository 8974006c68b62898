import { Quanta, aimToSteps, axisToSteps, quantizeAim } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { InputSampler, changesCourse, type InputIntent } from '../../src/netcode/input-sampler.js';

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

  it('folds any aim into [-PI, PI), on the aim grid', () => {
    const s = new InputSampler(sourceOf({ mx: 0, my: 0, aim: 3 * Math.PI + 0.5, fire: false }));
    const { aim } = s.next();
    expect(aim).toBeCloseTo(-Math.PI + 0.5, 2);
    expect(aim).toBeGreaterThanOrEqual(-Math.PI);
    expect(aim).toBeLessThan(Math.PI);
    expect(quantizeAim(aim)).toBe(aim);
  });

  it('puts movement and aim on the wire grids once, so prediction and server use the same numbers', () => {
    const s = new InputSampler(sourceOf({ mx: 0.123456, my: -0.987654, aim: 0.777777, fire: false }));
    const cmd = s.next();
    expect(Number.isInteger(axisToSteps(cmd.mx))).toBe(true);
    expect(cmd.mx * Quanta.AXIS_STEPS).toBeCloseTo(Math.round(0.123456 * Quanta.AXIS_STEPS), 9);
    expect(cmd.my * Quanta.AXIS_STEPS).toBeCloseTo(Math.round(-0.987654 * Quanta.AXIS_STEPS), 9);
    expect(cmd.aim).toBe(quantizeAim(0.777777));
    expect(cmd.aim).not.toBe(0.777777);
    expect(aimToSteps(cmd.aim)).toBe(Math.round(0.777777 / ((2 * Math.PI) / Quanta.AIM_STEPS)));
  });

  it('keeps the last aim while the device has none', () => {
    const s = new InputSampler(
      sourceOf({ mx: 0, my: 0, aim: 1.25, fire: false }, { mx: 0, my: 0, aim: null, fire: false }),
    );
    s.next();
    expect(s.next().aim).toBe(quantizeAim(1.25));
  });
});

describe('changesCourse', () => {
  const last = { seq: 7, mx: 1, my: 0, aim: 0.5, fire: false };
  const intent = (mx: number, my: number, fire = false, aim: number | null = 0.5): InputIntent => ({
    mx,
    my,
    aim,
    fire,
  });

  it('is true for a start, a stop, a turn and the trigger', () => {
    expect(changesCourse(intent(0, 0), last)).toBe(true);
    expect(changesCourse(intent(-1, 0), last)).toBe(true);
    expect(changesCourse(intent(1, -1), last)).toBe(true);
    expect(changesCourse(intent(1, 0, true), last)).toBe(true);
    expect(changesCourse(intent(1, 0), { ...last, mx: 0 })).toBe(true);
  });

  it('is false for the same keys, a stick nudged the same way, or a new aim', () => {
    expect(changesCourse(intent(1, 0), last)).toBe(false);
    expect(changesCourse(intent(0.6, 0.0001), last)).toBe(false);
    expect(changesCourse(intent(2, 0, false, 3), last)).toBe(false);
  });
});
