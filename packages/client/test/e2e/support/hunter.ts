import {
  ARENA,
  PROTOCOL_VERSION,
  Sim,
  SnapshotReceiver,
  binaryParser,
  encodeInput,
  quantizeAxis,
  rayWalls,
  type AckResult,
  type ArenaMap,
  type ClientToServerEvents,
  type JoinedRoom,
  type NetPlayer,
  type ServerToClientEvents,
} from '@tick-arena/common';
import { io, type Socket } from 'socket.io-client';
import { HEADINGS, openHeading, type Heading } from './walker.js';

type HunterSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Ticks of straight walking a heading must allow before the hunter takes it to get around cover. */
const DETOUR_TICKS = 12;

/**
 * A second player that hunts one target: each tick, if it sees the target (no wall on the line between
 * them, within laser range) it aims and fires; otherwise it walks the open heading that ends nearest the
 * target. Browser tests use it to put a real kill and a real death on the scoreboard, through the real
 * server, so that "the score survives a reload" is tested with a score other than 0-0.
 */
export class Hunter {
  private readonly receiver = new SnapshotReceiver();
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private players: readonly NetPlayer[] = [];
  private hunting = true;
  private readonly map: ArenaMap = ARENA;

  private constructor(
    private readonly socket: HunterSocket,
    readonly joined: JoinedRoom,
    private readonly targetId: number,
  ) {
    socket.on('tick', (bytes) => {
      const r = this.receiver.receive(bytes);
      if (r.ok) this.players = r.value.snapshot.frame.players;
    });
  }

  /** Connect to `url`, join room `code` (on the default arena) as `name` and start hunting `targetId`. */
  static async join(url: string, code: string, name: string, targetId: number): Promise<Hunter> {
    const socket: HunterSocket = io(url, {
      auth: { protocol: PROTOCOL_VERSION },
      parser: binaryParser,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const r = await new Promise<AckResult<JoinedRoom>>((resolve) =>
      socket.emit('room:join', { code, name }, resolve),
    );
    if (!r.ok) throw new Error(`hunter could not join ${code}: ${r.error.code}`);
    const hunter = new Hunter(socket, r.data, targetId);
    hunter.start();
    return hunter;
  }

  get id(): number {
    return this.joined.playerId;
  }

  /** Stop moving and firing (the connection stays: the seat and the score stay). */
  standDown(): void {
    this.hunting = false;
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.socket.disconnect();
  }

  private start(): void {
    const period = 1000 / this.joined.room.tickRate;
    let deadline = performance.now() + period;
    const run = (): void => {
      const now = performance.now();
      while (deadline <= now) {
        this.send();
        deadline += period;
      }
      this.timer = setTimeout(run, Math.max(0, deadline - performance.now()));
    };
    this.timer = setTimeout(run, period);
  }

  /** This tick's command: fire at a visible target, else walk towards it around cover. */
  private decide(): { heading: Heading; aim: number; fire: boolean } {
    const still = { heading: { mx: 0, my: 0 }, aim: 0, fire: false };
    const me = this.players.find((p) => p.id === this.id);
    const target = this.players.find((p) => p.id === this.targetId);
    if (!this.hunting || !me || !target || !me.alive || !target.alive) return still;
    const dx = target.x - me.x;
    const dy = target.y - me.y;
    const dist = Math.hypot(dx, dy);
    const aim = Math.atan2(dy, dx);
    const clear =
      rayWalls(me.x, me.y, dx / dist, dy / dist, this.map.walls, dist) >= dist - Sim.PLAYER_RADIUS;
    if (clear && dist < Sim.LASER_RANGE - 2 * Sim.PLAYER_RADIUS) return { ...still, aim, fire: true };
    // Walk: among the headings with room to walk, the one that ends nearest the target.
    let best: Heading | null = null;
    let bestDist = Infinity;
    for (const h of HEADINGS) {
      if (!openHeading(me, this.map, this.joined.room.tickRate, DETOUR_TICKS, [h])) continue;
      const step = (Sim.PLAYER_SPEED * DETOUR_TICKS) / this.joined.room.tickRate;
      const len = Math.hypot(h.mx, h.my) || 1;
      const d = Math.hypot(me.x + (h.mx / len) * step - target.x, me.y + (h.my / len) * step - target.y);
      if (d < bestDist) {
        bestDist = d;
        best = h;
      }
    }
    return { heading: best ?? { mx: quantizeAxis(0), my: quantizeAxis(0) }, aim, fire: false };
  }

  private send(): void {
    const { heading, aim, fire } = this.decide();
    const ackTick = this.receiver.ackTick;
    this.socket.emit(
      'input',
      encodeInput({
        seq: this.seq++,
        mx: heading.mx,
        my: heading.my,
        aim,
        fire,
        ack: ackTick < 0 ? -1 : ackTick & 0xffff,
        resync: this.receiver.needsResync,
      }),
    );
  }
}
