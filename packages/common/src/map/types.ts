/** An axis-aligned wall or piece of cover, in world units (top-left corner plus size). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A static map, identical on server and client: it is plain data and never changes during a game. */
export interface ArenaMap {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly walls: readonly Rect[];
  readonly spawns: readonly Point[];
}
