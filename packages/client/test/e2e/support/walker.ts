import {
  PROTOCOL_VERSION,
  SnapshotReceiver,
  binaryParser,
  encodeInput,
  movePlayer,
  quantizeAxis,
  type AckResult,
  type ArenaMap,
  type ClientToServerEvents,
  type JoinedRoom,
  type NetPlayer,
  type PlayerState,
  type ServerToClientEvents,
} from '@tick-arena/common';
import { io, type Socket } from 'socket.io-client';

type WalkerSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A movement direction as input axes. */
export interface Heading {
  readonly mx: number;
  readonly my: number;
}

/** The eight directions of a keyboard, on the input grid. */
export const HEADINGS: readonly Heading[] = [
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
  [1, 1],
  [1, -1],
  [-1, 1],
  [-1, -1],
].map(([x = 0, y = 0]) => ({ mx: quantizeAxis(x), my: quantizeAxis(y) }));

/**
 * A heading along which a player at `from` walks `ticks` ticks at full speed without touching a wall (each
 * step as long as the first), found with the shared `movePlayer`; null when there is none.
 */
export function openHeading(
  from: { readonly id: number; readonly x: number; readonly y: number },
  map: ArenaMap,
  tickRate: number,
  ticks: number,
  headings: readonly Heading[] = HEADINGS,
): Heading | null {
  const dt = 1 / tickRate;
  for (const h of headings) {
    let p: PlayerState = {
      id: from.id,
      x: from.x,
      y: from.y,
      aim: 0,
      hp: 100,
      alive: true,
      respawnIn: 0,
      protectedFor: 0,
      cooldown: 0,
      kills: 0,
      deaths: 0,
      lastSeq: 0,
    };
    let first = Number.NaN;
    let clear = true;
    for (let i = 0; i < ticks && clear; i++) {
      const next = movePlayer(p, { seq: i, mx: h.mx, my: h.my, aim: 0, fire: false }, dt, map);
      const d = Math.hypot(next.x - p.x, next.y - p.y);
      if (Number.isNaN(first)) first = d;
      clear = d > 0 && Math.abs(d - first) < 0.2;
      p = next;
    }
    if (clear) return h;
  }
  return null;
}

/**
 * A second player for browser tests: a real socket.io client speaking the binary protocol (as the load
 * tester's bots do), sending one input per tick on a drift-corrected timer and acknowledging snapshots, so
 * the server treats it exactly like a browser.
 */
export class Walker {
  private readonly receiver = new SnapshotReceiver();
  private seq = 0;
  private heading: Heading = { mx: 0, my: 0 };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private self: NetPlayer | null = null;
  /** Inputs sent with a non-zero heading. */
  movingInputs = 0;

  private constructor(
    private readonly socket: WalkerSocket,
    readonly joined: JoinedRoom,
  ) {
    socket.on('tick', (bytes) => {
      const r = this.receiver.receive(bytes);
      if (!r.ok) return;
      const me = r.value.snapshot.frame.players.find((p) => p.id === joined.playerId);
      if (me) this.self = me;
    });
  }

  /** Connect to `url` and join room `code` as `name`. */
  static async join(url: string, code: string, name: string): Promise<Walker> {
    const socket: WalkerSocket = io(url, {
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
    if (!r.ok) throw new Error(`walker could not join ${code}: ${r.error.code}`);
    const walker = new Walker(socket, r.data);
    walker.start();
    return walker;
  }

  get id(): number {
    return this.joined.playerId;
  }

  /** The walker as its own newest snapshot shows it. */
  get position(): NetPlayer | null {
    return this.self;
  }

  walk(heading: Heading): void {
    this.heading = heading;
  }

  stand(): void {
    this.heading = { mx: 0, my: 0 };
  }

  close(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.socket.disconnect();
  }

  /** One input per tick at the room's rate, each deadline one period after the last (no drift). */
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

  private send(): void {
    const ackTick = this.receiver.ackTick;
    const { mx, my } = this.heading;
    if (mx !== 0 || my !== 0) this.movingInputs += 1;
    this.socket.emit(
      'input',
      encodeInput({
        seq: this.seq++,
        mx,
        my,
        aim: 0,
        fire: false,
        ack: ackTick < 0 ? -1 : ackTick & 0xffff,
        resync: this.receiver.needsResync,
        view: -1,
      }),
    );
  }
}
