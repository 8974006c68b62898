import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  ErrorCode,
  PROTOCOL_VERSION,
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
  /** JSON size of each broadcast payload, to match the real server's snapshots. @default 900 */
  payloadBytes?: number;
}

export interface BaselineServer {
  url: string;
  close(): Promise<void>;
}

interface BaselineRoom {
  code: string;
  tickRate: number;
  snapshotEvery: number;
  maxPlayers: number;
  members: Map<string, { id: number; lastSeq: number }>;
  nextId: number;
  tick: number;
  stop: () => void;
  payload: BaselinePayload;
}

type BaselineIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const CODE_CHARS = '23456789ABCDEFGHJKMNPQRSTWXYZ';

/**
 * The ceiling for the capacity benchmark: a bare socket.io server that speaks just enough of the Tick Arena
 * protocol for the load tester (handshake check, create/join with the same acks, inputs, time sync) and,
 * per room, broadcasts a snapshot-sized payload at the room's rate. No simulation, no validation, no game:
 * whatever capacity it reaches is what socket.io itself allows on this machine, and the game server's
 * capacity as a fraction of it is the cost of the game.
 */
export async function startBaselineServer(opts: BaselineOptions = {}): Promise<BaselineServer> {
  const http = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('baseline server: no such route\n');
  });
  const io: BaselineIo = new Server(http, { serveClient: false, transports: ['websocket', 'polling'] });
  const rooms = new Map<string, BaselineRoom>();
  const payloadBytes = opts.payloadBytes ?? 900;

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
    room.members.set(socketId, { id, lastSeq: -1 });
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
        payload: new BaselinePayload(payloadBytes),
      };
      room.stop = everyPeriod(room.tickRate, () => {
        room.tick += 1;
        if (room.tick % room.snapshotEvery !== 0) return;
        const wire = room.payload.build(room.tick, performance.timeOrigin + performance.now(), [
          ...room.members.values(),
        ]);
        io.to(code).volatile.emit('tick', wire);
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
    socket.on('input', (cmd) => {
      const code = socket.data.roomCode;
      const m = code ? rooms.get(code)?.members.get(socket.id) : undefined;
      if (m && typeof cmd?.seq === 'number') m.lastSeq = cmd.seq;
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
    close: async () => {
      for (const r of rooms.values()) r.stop();
      rooms.clear();
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
    },
  };
}
