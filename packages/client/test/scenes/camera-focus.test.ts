import { describe, expect, it } from 'vitest';
import { clampCentre, fitZoom, playZoom } from '../../src/scenes/camera-focus.js';

describe('camera focus', () => {
  it('follows the target in the open', () => {
    expect(clampCentre(1000, 800, 2000, 100)).toBe(1000);
  });

  it('stops at the arena edge plus the margin', () => {
    expect(clampCentre(0, 800, 2000, 100)).toBe(300);
    expect(clampCentre(2000, 800, 2000, 100)).toBe(1700);
  });

  it('centres the arena when the view is wider than it', () => {
    expect(clampCentre(123, 2400, 2000, 100)).toBe(1000);
  });

  it('zooms to show about 1150 x 720 units, within bounds', () => {
    expect(playZoom(1150, 720)).toBe(1);
    expect(playZoom(100, 100)).toBe(0.45);
    expect(playZoom(10_000, 10_000)).toBe(1.35);
  });

  it('fits the whole arena for spectators', () => {
    // 2100 x 1300 units with the margin; the width is the tighter fit.
    expect(fitZoom(1050, 700, 2000, 1200, 50)).toBe(0.5);
  });
});
