import {
  PROTOCOL_VERSION,
  SnapshotReceiver,
  binaryParser,
  narrowAck,
  type AckResult,
  type ClientToServerEvents,
  type JoinedRoom,
  type ReceivedSnapshot,
  type ServerToClientEvents,
} from '@tick-arena/common';
import { io, type Socket } from 'socket.io-client';
import { inputPacket } from '../../../src/net/messages.js';
import { FixedInterval } from '../../../src/netcode/fixed-interval.js';

export type ScriptedSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** One tick's intent: movement axes, aim, trigger (on the input grids). */
export interface Intent {
  readonly mx: number;
  readonly my: number;
  readonly aim: number;
  readonly fire: boolean;
}

/**
 * Connect to `url` and join room `code` as `name`: a real socket.io client speaking the binary protocol, as
 * the browser and the load tester's bots do. `who` names the player in the error when the join fails.
 */
export async function joinRoom(
  url: string,
  code: string,
  name: string,
  who: string,
): Promise<{ socket: ScriptedSocket; joined: JoinedRoom }> {
  const socket: ScriptedSocket = io(url, {
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
  if (!r.ok) {
    socket.disconnect();
    throw new Error(`${who} could not join ${code}: ${r.error.code}`);
  }
  return { socket, joined: r.data };
}

/**
 * A second player for browser tests, played by a script: it decodes every snapshot with the shared
 * `SnapshotReceiver` and sends one input per room tick on the browser's own `FixedInterval`, encoded by the
 * browser's own `inputPacket` with the receiver's acknowledgement, so the server treats it exactly like a
 * browser. Subclasses say what it wants each tick (`intent`) and read what it sees (`onSnapshot`).
 */
export abstract class ScriptedPlayer {
  protected readonly receiver = new SnapshotReceiver();
  private seq = 0;
  private readonly interval: FixedInterval;

  protected constructor(
    protected readonly socket: ScriptedSocket,
    readonly joined: JoinedRoom,
  ) {
    socket.on('tick', (bytes) => {
      const r = this.receiver.receive(bytes);
      if (r.ok) this.onSnapshot(r.value);
    });
    this.interval = new FixedInterval(joined.room.tickRate, () => this.send());
  }

  get id(): number {
    return this.joined.playerId;
  }

  close(): void {
    this.interval.stop();
    this.socket.disconnect();
  }

  /** Start sending inputs (the factory calls it once the subclass is built). */
  protected start(): void {
    this.interval.start();
  }

  protected abstract intent(): Intent;

  protected abstract onSnapshot(s: ReceivedSnapshot): void;

  private send(): void {
    const i = this.intent();
    const acks = { ack: narrowAck(this.receiver.ackTick), resync: this.receiver.needsResync };
    this.socket.emit('input', inputPacket({ seq: this.seq++, ...i }, acks, null));
  }
}
