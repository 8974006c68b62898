import { Interest } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import {
  clampCentre,
  FOLLOW_SLACK,
  fitZoom,
  followCentre,
  MIN_SHORT_SIDE_UNITS,
  playZoom,
} from '../../src/scenes/camera-focus.js';

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

  it('zooms a laptop to show 1150 x 720 units, within bounds', () => {
    expect(playZoom(1150, 720)).toBe(1);
    expect(playZoom(10_000, 10_000)).toBe(1.35);
  });

  it('shows at least the minimum across the short side of a phone, held either way', () => {
    for (const [w, h] of [
      [390, 844],
      [844, 390],
      [360, 740],
      [430, 932],
      [740, 360],
    ] as const) {
      const zoom = playZoom(w, h);
      const shortSide = Math.min(w, h) / zoom;
      expect(shortSide).toBeGreaterThanOrEqual(MIN_SHORT_SIDE_UNITS - 1e-9);
      // Never more than the server sends players for.
      expect(w / zoom).toBeLessThanOrEqual(Interest.MAX_VIEW_WIDTH + 1e-9);
      expect(h / zoom).toBeLessThanOrEqual(Interest.MAX_VIEW_HEIGHT + 1e-9);
    }
    // The same phone turned on its side keeps the same zoom: only the orientation of the view changes.
    expect(playZoom(844, 390)).toBe(playZoom(390, 844));
    expect(playZoom(390, 844)).toBeCloseTo(390 / MIN_SHORT_SIDE_UNITS);
  });

  it('lets the interest bound win on a very tall portrait screen', () => {
    // 360 x 900: 720 units across would be 1800 units tall, past the 1600 the server covers.
    expect(playZoom(360, 900)).toBeCloseTo(900 / Interest.MAX_VIEW_HEIGHT);
  });

  it('keeps a followed player within the slack of the middle, even in a corner', () => {
    // A laptop's 1280 x 720 view: the slack is a share of the short side.
    const view = 1280;
    const slack = FOLLOW_SLACK * 720;
    // In the open: exactly centred.
    expect(followCentre(1000, view, 2000, 120, slack)).toBe(1000);
    // By the left wall the clamp alone would put the centre 400 units right of the player (at 120), a
    // sixth of the screen from its edge; following keeps it within the slack.
    expect(clampCentre(120, view, 2000, 120)).toBe(520);
    expect(followCentre(120, view, 2000, 120, slack)).toBeCloseTo(120 + slack);
    expect(followCentre(1880, view, 2000, 120, slack)).toBeCloseTo(1880 - slack);
    // Infinite slack is the plain clamp (spectators).
    expect(followCentre(120, view, 2000, 120, Infinity)).toBe(520);
    // Close to a wall, within the slack, the clamp still decides: less dark beyond the wall.
    expect(followCentre(450, view, 2000, 120, slack)).toBe(520);
  });

  it('fits the whole arena for spectators', () => {
    // 2100 x 1300 units with the margin; the width is the tighter fit.
    expect(fitZoom(1050, 700, 2000, 1200, 50)).toBe(0.5);
  });
});
