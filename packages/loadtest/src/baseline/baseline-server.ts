import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  ErrorCode,
  PROTOCOL_VERSION,
  binaryParser,
  decodeInput,
  type ClientToServerEvents,
  type InterServerEvents,
  type JoinedRoom,
  type ServerToClientEvents,
  type SocketData,
} from '@tick-arena/common';
import { Server } from 'socket.io';
import { BaselinePayload } from './baseline-payload.js';
import { everyPeriod } from './fixed-timer.js';

export interface BaselineOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /**
   * Target payload bytes of each broadcast snapshot, to match the game server's measured bytes per
   * snapshot; the synthetic player count is chosen to come closest (see baseline-payload.ts).
   * @default 60
   */
  payloadBytes?: number;
}

export interface BaselineServer {
  url: string;
  /** What each broadcast carries: synthetic players and payload bytes (see `BaselinePayload`). */
  payload: { players: number; bytes: number };
  /** Input packets received: decoded, and refused by `decodeInput`. */
  readonly inputs: { ok: number; bad: number };
  close(): Promise<void>;
}

interface BaselineRoom {
  code: string;
  tickRate: number;
  snapshotEvery: number;
  maxPlayers: number;
  /** Socket id -> player id. */
  members: Map<string, number>;
  nextId: number;
  tick: number;
  stop: () => void;
}

type BaselineIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const CODE_CHARS = '23456789ABCDEFGHJKMNPQRSTWXYZ';

/**
 * The ceiling for the capacity benchmark: a bare socket.io server that speaks just enough of the Tick Arena
 * protocol for the load tester (handshake check, create/join with the same acks, binary inputs, time sync)
 * and, per room, broadcasts a snapshot at the room's rate on a drift-corrected timer: ONE `tick` frame per
 * client through `binaryParser` (`[0x01][snapshot]`, exactly the frame the game server writes), the same
 * buffer for the whole room (`io.to(room).volatile.emit`: socket.io encodes a broadcast once). No
 * simulation, no per-client replication, no validation, no game: whatever capacity it reaches is what
 * socket.io itself allows on this machine for that many bytes per client per snapshot, and the game
 * server's capacity as a fraction of it is the cost of the game.
 *
 * Honest about what differs from the game server:
 * - the snapshot is a valid FULL binary snapshot of synthetic players (baseline-payload.ts), because the
 *   bots decode every tick; it is encoded once per room and tick (a few microseconds), not once per client;
 * - it has no owner fields (it is broadcast), so bots measure no input acknowledgement against it;
 * - inputs are decoded with `decodeInput` (the game server's first step with an input) and dropped: the
 *   acknowledgement they carry is not used, as every snapshot is full anyway.
 */
export async function startBaselineServer(opts: BaselineOptions = {}): Promise<BaselineServer> {
  const http = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('baseline server: no such route\n');
  });
  const io: BaselineIo = new Server(http, {
    serveClient: false,
    transports: ['websocket', 'polling'],
    // What the game server and the browser client use: `tick` and `input` as one binary frame each.
    parser: binaryParser,
  });
  const rooms = new Map<string, BaselineRoom>();
  const payload = new BaselinePayload(opts.payloadBytes ?? 60);
  const inputs = { ok: 0, bad: 0 };

  io.use((socket, next) => {
    const protocol = (socket.handshake.auth as { protocol?: unknown }).protocol;
    if (protocol === PROTOCOL_VERSION) return next();
    next(
      Object.assign(new Error('protocol mismatch'), {
        data: { code: ErrorCode.PROTOCOL_MISMATCH, message: `baseline speaks protocol ${PROTOCOL_VERSION}` },
      }),
    );
  });

  const joined = (room: BaselineRoom, id: number): JoinedRoom => ({
    room: {
      code: room.code,
      public: false,
      maxPlayers: room.maxPlayers,
      tickRate: room.tickRate,
      snapshotEvery: room.snapshotEvery,
      bots: 0,
      players: room.members.size,
      spectators: 0,
      mapId: 'baseline',
    },
    playerId: id,
    spectator: false,
    resumeToken: '',
    roster: [],
  });

  const enter = (room: BaselineRoom, socketId: string): number => {
    const id = room.nextId++;
    room.members.set(socketId, id);
    return id;
  };

  io.on('connection', (socket) => {
    socket.data.roomCode = null;
    socket.on('room:create', (req, ack) => {
      let code = '';
      do {
        code = Array.from(
          { length: 6 },
          () => CODE_CHARS[Math.floor(Math.random() * CODE_CHARS.length)],
        ).join('');
      } while (rooms.has(code));
      const room: BaselineRoom = {
        code,
        tickRate: req.tickRate,
        snapshotEvery: req.snapshotEvery ?? 1,
        maxPlayers: req.maxPlayers,
        members: new Map(),
        nextId: 1,
        tick: 0,
        stop: () => {},
      };
      room.stop = everyPeriod(room.tickRate, () => {
        room.tick += 1;
        if (room.tick % room.snapshotEvery !== 0) return;
        io.to(code).volatile.emit(
          'tick',
          payload.build(room.tick, performance.timeOrigin + performance.now()),
        );
      });
      rooms.set(code, room);
      const id = enter(room, socket.id);
      socket.data.roomCode = code;
      void socket.join(code);
      ack({ ok: true, data: joined(room, id) });
    });
    socket.on('room:join', (req, ack) => {
      const room = rooms.get(req.code);
      if (!room)
        return ack({ ok: false, error: { code: ErrorCode.ROOM_NOT_FOUND, message: `no room ${req.code}` } });
      if (room.members.size >= room.maxPlayers) {
        return ack({ ok: false, error: { code: ErrorCode.ROOM_FULL, message: `room ${req.code} is full` } });
      }
      const id = enter(room, socket.id);
      socket.data.roomCode = room.code;
      void socket.join(room.code);
      ack({ ok: true, data: joined(room, id) });
    });
    // The binary input packet, decoded and dropped (see above): nothing is acknowledged.
    socket.on('input', (packet: unknown) => {
      if (packet instanceof Uint8Array && decodeInput(packet).ok) inputs.ok += 1;
      else inputs.bad += 1;
    });
    socket.on('time:sync', (clientTime, ack) => {
      if (typeof ack === 'function')
        ack({ clientTime, serverTime: performance.timeOrigin + performance.now() });
    });
    socket.on('disconnect', () => {
      const code = socket.data.roomCode;
      const room = code ? rooms.get(code) : undefined;
      if (!room) return;
      room.members.delete(socket.id);
      if (room.members.size === 0) {
        room.stop();
        rooms.delete(room.code);
      }
    });
  });

  await new Promise<void>((resolve) => http.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    payload: { players: payload.players, bytes: payload.bytes },
    inputs,
    close: async () => {
      for (const r of rooms.values()) r.stop();
      rooms.clear();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}
