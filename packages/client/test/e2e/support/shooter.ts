import {
  Sim,
  mapById,
  quantizeAim,
  quantizeAxis,
  rayWalls,
  type ArenaMap,
  type JoinedRoom,
  type NetPlayer,
  type ReceivedSnapshot,
} from '@tick-arena/common';
import { ScriptedPlayer, joinRoom, type Intent, type ScriptedSocket } from './scripted-player.js';

export type { Intent } from './scripted-player.js';

/** A position in world units. */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Side of the cells the hunter plans its path on, world units. */
const CELL = 40;
/** A cell is walkable when its centre is this far from every wall: a player's radius and some room. */
const CLEARANCE = Sim.PLAYER_RADIUS + 8;

/** Which cells of `map` a player can stand in (1 = blocked), row by row. */
function walkable(map: ArenaMap): { cols: number; rows: number; blocked: Uint8Array } {
  const cols = Math.ceil(map.width / CELL);
  const rows = Math.ceil(map.height / CELL);
  const blocked = new Uint8Array(cols * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = (c + 0.5) * CELL;
      const y = (r + 0.5) * CELL;
      for (const w of map.walls) {
        const dx = Math.max(w.x - x, 0, x - (w.x + w.w));
        const dy = Math.max(w.y - y, 0, y - (w.y + w.h));
        if (Math.hypot(dx, dy) < CLEARANCE) blocked[r * cols + c] = 1;
      }
    }
  }
  return { cols, rows, blocked };
}

const grids = new WeakMap<ArenaMap, ReturnType<typeof walkable>>();

/**
 * Where to head from `from` to reach `to` around the walls: a breadth-first search over the cell grid from
 * the target's cell, then the direction of the neighbouring cell nearest to it (8-connected, no corner
 * cutting). Null when there is no way (or already in the target's cell).
 */
export function pathHeading(map: ArenaMap, from: Point, to: Point): number | null {
  let grid = grids.get(map);
  if (!grid) {
    grid = walkable(map);
    grids.set(map, grid);
  }
  const { cols, rows, blocked } = grid;
  const cellOf = (p: Point) =>
    Math.min(rows - 1, Math.max(0, Math.floor(p.y / CELL))) * cols +
    Math.min(cols - 1, Math.max(0, Math.floor(p.x / CELL)));
  const goal = cellOf(to);
  const start = cellOf(from);
  if (goal === start) return null;
  const dist = new Int32Array(cols * rows).fill(-1);
  dist[goal] = 0;
  const queue = [goal];
  const steps = [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
    [1, 1],
    [1, -1],
    [-1, 1],
    [-1, -1],
  ] as const;
  const neighbours = (i: number): number[] => {
    const c = i % cols;
    const r = Math.floor(i / cols);
    const out: number[] = [];
    for (const [dc, dr] of steps) {
      const nc = c + dc;
      const nr = r + dr;
      if (nc < 0 || nr < 0 || nc >= cols || nr >= rows || blocked[nr * cols + nc]) continue;
      if (dc !== 0 && dr !== 0 && (blocked[r * cols + nc] || blocked[nr * cols + c])) continue;
      out.push(nr * cols + nc);
    }
    return out;
  };
  for (let head = 0; head < queue.length; head++) {
    const i = queue[head] ?? 0;
    for (const n of neighbours(i)) {
      if (dist[n] !== -1) continue;
      dist[n] = (dist[i] ?? 0) + 1;
      queue.push(n);
    }
  }
  let best = -1;
  for (const n of neighbours(start)) {
    if ((dist[n] ?? -1) >= 0 && (best < 0 || (dist[n] ?? 0) < (dist[best] ?? 0))) best = n;
  }
  if (best < 0) return null;
  const bx = ((best % cols) + 0.5) * CELL;
  const by = (Math.floor(best / cols) + 0.5) * CELL;
  return Math.atan2(by - from.y, bx - from.x);
}

/** True when a laser from `me` towards `target` would reach it before any wall (and is in range). */
export function clearShot(me: Point, target: Point, map: ArenaMap): boolean {
  const d = Math.hypot(target.x - me.x, target.y - me.y);
  if (d === 0 || d > Sim.LASER_RANGE * 0.9) return false;
  const wall = rayWalls(me.x, me.y, (target.x - me.x) / d, (target.y - me.y) / d, map.walls, d);
  return wall >= d - Sim.PLAYER_RADIUS;
}

/**
 * A hunter's intent for one tick: with a clear shot, stand, aim at `target` and pull the trigger (the
 * server keeps the cooldown); otherwise walk towards it around the walls (`pathHeading`). Pure: the same
 * positions give the same intent.
 */
export function huntIntent(me: Point, target: Point, map: ArenaMap): Intent {
  const toTarget = Math.atan2(target.y - me.y, target.x - me.x);
  if (clearShot(me, target, map)) return { mx: 0, my: 0, aim: toTarget, fire: true };
  const heading = pathHeading(map, me, target) ?? toTarget;
  return {
    mx: quantizeAxis(Math.cos(heading)),
    my: quantizeAxis(Math.sin(heading)),
    aim: toTarget,
    fire: false,
  };
}

/**
 * A hostile second player for browser tests: a real socket.io client speaking the binary protocol (as the
 * load tester's bots do), one input per room tick on a drift-corrected timer, acknowledging snapshots.
 * Told to `hunt` a player, it walks to a clear line and shoots it until told to stop.
 */
export class Shooter extends ScriptedPlayer {
  private players: readonly NetPlayer[] = [];
  private quarry: number | null = null;
  private firing = true;
  /** Inputs sent with the trigger pulled. */
  triggerPulls = 0;
  /** Laser shots seen in the snapshots' events, by shooter: what the server says each player fired. */
  readonly shotsBy = new Map<number, number>();
  /** The newest beam of each shooter as the server drew it: from, to, and whom it hit (-1: nobody). */
  readonly lastBeamBy = new Map<number, { x1: number; y1: number; x2: number; y2: number; hit: number }>();

  private constructor(
    socket: ScriptedSocket,
    joined: JoinedRoom,
    private readonly map: ArenaMap,
  ) {
    super(socket, joined);
  }

  /** Connect to `url` and join room `code` as `name`. */
  static async join(url: string, code: string, name: string): Promise<Shooter> {
    const { socket, joined } = await joinRoom(url, code, name, 'shooter');
    const shooter = new Shooter(socket, joined, mapById(joined.room.mapId));
    shooter.start();
    return shooter;
  }

  /** The player as its own newest snapshot shows it. */
  get position(): NetPlayer | undefined {
    return this.players.find((p) => p.id === this.id);
  }

  /** Player `id` as this client's newest snapshot shows it. */
  playerSeen(id: number): NetPlayer | undefined {
    return this.players.find((p) => p.id === id);
  }

  /** Walk to player `id` and shoot it; null to stand still. */
  hunt(id: number | null): void {
    this.quarry = id;
    this.firing = true;
  }

  /** Walk to a clear line to player `id` and stand there without shooting (a target to practise on). */
  stalk(id: number): void {
    this.quarry = id;
    this.firing = false;
  }

  /** True when this player stands with a clear shot at player `id`. */
  hasClearShotAt(id: number): boolean {
    const me = this.position;
    const target = this.playerSeen(id);
    return !!me?.alive && !!target?.alive && clearShot(me, target, this.map);
  }

  /** What this client sees of itself and of player `id`, for a test's failure message. */
  describeHunt(id: number): string {
    const me = this.position;
    const target = this.playerSeen(id);
    const at = (p: NetPlayer | undefined) =>
      p ? `(${p.x.toFixed(0)},${p.y.toFixed(0)}) hp ${p.hp}${p.alive ? '' : ' dead'}` : 'not seen';
    return (
      `shooter ${at(me)}, target ${id} ${at(target)}, clear shot ${this.hasClearShotAt(id)}, ` +
      `trigger pulls ${this.triggerPulls}, shots by the shooter ${this.shotsBy.get(this.id) ?? 0}, ` +
      `newest snapshot tick ${this.receiver.ackTick}`
    );
  }

  protected onSnapshot(s: ReceivedSnapshot): void {
    this.players = s.snapshot.frame.players;
    for (const e of s.snapshot.events) {
      if (e.type !== 'shot') continue;
      this.shotsBy.set(e.shooter, (this.shotsBy.get(e.shooter) ?? 0) + 1);
      this.lastBeamBy.set(e.shooter, { x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2, hit: e.hit });
    }
  }

  protected intent(): Intent {
    const me = this.players.find((p) => p.id === this.id);
    const target = this.players.find((p) => p.id === this.quarry);
    const i: Intent =
      !me?.alive || !target?.alive
        ? { mx: 0, my: 0, aim: me?.aim ?? 0, fire: false }
        : huntIntent(me, target, this.map);
    const fire = i.fire && this.firing;
    if (fire) this.triggerPulls += 1;
    return { mx: i.mx, my: i.my, aim: quantizeAim(i.aim), fire };
  }
}
