/** Colours of the arena, chosen for contrast on a dark floor. */
export const Palette = {
  BACKGROUND: '#05070d',
  FLOOR: 0x0c1220,
  GRID: 0x18213a,
  WALL: 0x24304d,
  WALL_EDGE: 0x5a7bb5,
  WALL_SHADOW: 0x000000,
  SPAWN_MARK: 0x1f2b48,
  SELF_RING: 0xffffff,
  SHIELD: 0x8af5ff,
  HP_BACK: 0x05070d,
  HP_GOOD: 0x4ef08a,
  HP_MID: 0xffc53d,
  HP_LOW: 0xff4d5e,
  LABEL: '#d8e2ff',
  LABEL_SELF: '#ffe28a',
  LABEL_STROKE: '#05070d',
  /** Hit marker (white) and kill marker (gold): the local player's shots that landed. */
  HIT_MARKER: 0xffffff,
  KILL_MARKER: 0xffe28a,
  /** The damage-direction arc and the damage flash. */
  DAMAGE: 0xff3b4e,
} as const;

/** Sixteen distinct hues, one per seat; a player keeps its colour for as long as it keeps its id. */
const PLAYER_COLOURS = [
  0x38d9ff, 0xff4d8d, 0xffc53d, 0x7cff6b, 0xb388ff, 0xff8a3d, 0x3dffc8, 0xff5c5c, 0x5c8aff, 0xe6ff3d,
  0xff3df2, 0x3dff8a, 0xffa3c8, 0x9cf0ff, 0xd4a373, 0xc0c0ff,
] as const;

export function playerColour(id: number): number {
  const i = (((id - 1) % PLAYER_COLOURS.length) + PLAYER_COLOURS.length) % PLAYER_COLOURS.length;
  return PLAYER_COLOURS[i] ?? 0xffffff;
}

/** CSS form of a player colour, for the DOM HUD (scoreboard swatches, chat names). */
export function playerColourCss(id: number): string {
  return `#${playerColour(id).toString(16).padStart(6, '0')}`;
}

export function healthColour(ratio: number): number {
  if (ratio > 0.6) return Palette.HP_GOOD;
  if (ratio > 0.3) return Palette.HP_MID;
  return Palette.HP_LOW;
}
