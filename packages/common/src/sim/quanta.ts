/**
 * The grids the simulation's state and inputs live on. Every value the server simulates is on its grid, and
 * the wire carries grid steps (integers), so what a client decodes is bit for bit what the server simulated
 * and prediction never chases a rounding error. Each grid is chosen so that `quantize(quantize(v)) ===
 * quantize(v)` and `fromSteps(toSteps(v)) === v` for every on-grid `v` (power-of-two position steps are
 * exact in binary floating point; angles and axes are always produced by the same expression).
 */
export const Quanta = {
  /** Position steps per world unit: 1/16 unit, well below a pixel at any zoom the client allows. */
  POSITION: 16,
  /** Aim steps per full turn: 2048 (0.18 degrees, 3.4 units of sideways error at the laser's full range). */
  AIM_STEPS: 2048,
  /** Movement-axis steps on each side of zero: an axis is k / 127 with k in [-127, 127] (one signed byte). */
  AXIS_STEPS: 127,
} as const;

const AIM_STEP = (2 * Math.PI) / Quanta.AIM_STEPS;
const HALF_TURN_STEPS = Quanta.AIM_STEPS / 2;

/** A position on the 1/16-unit grid. */
export function quantizePosition(v: number): number {
  return Math.round(v * Quanta.POSITION) / Quanta.POSITION;
}

/** Aim angle -> grid step in [-1024, 1023] (angles outside (-PI, PI] are folded first). */
export function aimToSteps(a: number): number {
  if (!Number.isFinite(a)) return 0;
  const k = Math.round(a / AIM_STEP);
  // Fold into [-HALF, HALF): the result is the same direction, so the fold never changes where a shot goes.
  return (
    ((((k + HALF_TURN_STEPS) % Quanta.AIM_STEPS) + Quanta.AIM_STEPS) % Quanta.AIM_STEPS) - HALF_TURN_STEPS
  );
}

/** Grid step -> angle in radians. */
export function aimFromSteps(k: number): number {
  return k * AIM_STEP;
}

/** An angle on the aim grid, in [-PI, PI). */
export function quantizeAim(a: number): number {
  return aimFromSteps(aimToSteps(a));
}

/** Movement axis in [-1, 1] -> integer step in [-127, 127]. NaN counts as 0. */
export function axisToSteps(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return Math.round(Math.min(1, Math.max(-1, v)) * Quanta.AXIS_STEPS);
}

export function axisFromSteps(k: number): number {
  return k / Quanta.AXIS_STEPS;
}

/** A movement axis on its grid, clamped to [-1, 1]. */
export function quantizeAxis(v: number): number {
  return axisFromSteps(axisToSteps(v));
}
