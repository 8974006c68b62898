import { performance } from 'node:perf_hooks';
import {
  ErrorCode,
  PROTOCOL_VERSION,
  type AckResult,
  type ClientToServerEvents,
  type JoinedRoom,
  type WireError,
} from '@tick-arena/common';
import type { FastifyBaseLogger } from 'fastify';
import { GameError, toWireError } from '../errors.js';
import type { Entry, RoomManager } from '../rooms/room-manager.js';
import type { GameServer, GameSocket } from '../socket-io.js';
import { sanitizeText } from './sanitize.js';
import { validators, type PayloadValidator } from './validators.js';

const KNOWN_EVENTS = new Set<string>([
  'room:create',
  'room:join',
  'room:quickplay',
  'room:resume',
  'room:leave',
  'room:list',
  'input',
  'chat',
  'time:sync',
] satisfies (keyof ClientToServerEvents)[]);

/** An Error whose `data` reaches the client in `connect_error`. */
function handshakeError(error: WireError): Error {
  return Object.assign(new Error(error.message), { data: error });
}

/**
 * Wire socket events to the room manager. Handlers validate the payload, check membership and enqueue or
 * delegate; none of them touches game state, which changes only inside a room's tick.
 */
export function attachHandlers(io: GameServer, rooms: RoomManager, log: FastifyBaseLogger): void {
  io.use((socket, next) => {
    const auth: unknown = socket.handshake.auth;
    const protocol =
      typeof auth === 'object' && auth !== null ? (auth as { protocol?: unknown }).protocol : undefined;
    if (protocol !== PROTOCOL_VERSION) {
      next(
        handshakeError({
          code: ErrorCode.PROTOCOL_MISMATCH,
          message: `server speaks protocol ${PROTOCOL_VERSION}, client sent ${JSON.stringify(protocol ?? null)}; reload the page`,
        }),
      );
      return;
    }
    next();
  });

  io.on('connection', (socket) => {
    const slog = log.child({ sid: socket.id, ip: socket.handshake.address });
    socket.data.roomCode = null;
    socket.data.playerId = null;
    socket.data.name = '';
    slog.debug('connected');

    socket.onAny((event: unknown) => {
      if (typeof event !== 'string' || !KNOWN_EVENTS.has(event)) {
        socket.emit('server:error', { code: ErrorCode.UNKNOWN_EVENT, message: 'unknown event' });
      }
    });

    const enter = (entry: Entry, name: string): JoinedRoom => {
      const { room, seat } = entry;
      socket.data.roomCode = room.code;
      socket.data.playerId = seat?.playerId ?? null;
      socket.data.name = name;
      void socket.join(room.code);
      slog.info({ room: room.code, playerId: seat?.playerId ?? null, spectator: !seat }, 'entered room');
      return {
        room: room.summary(),
        playerId: seat?.playerId ?? -1,
        spectator: !seat,
        resumeToken: seat?.resumeToken ?? '',
        roster: room.roster(),
      };
    };

    const notInRoom = () => {
      if (socket.data.roomCode)
        throw new GameError(ErrorCode.ALREADY_IN_ROOM, 'leave your current room first');
    };

    request(socket, 'room:create', validators['room:create'], (req) => {
      notInRoom();
      const name = cleanName(req.name);
      const room = rooms.create(req);
      try {
        return enter({ room, seat: room.addHuman(name, socket.id) }, name);
      } catch (err) {
        room.close('Room could not be set up.');
        throw err;
      }
    });

    request(socket, 'room:join', validators['room:join'], (req) => {
      notInRoom();
      const name = cleanName(req.name);
      return enter(rooms.join(req.code, name, socket.id, req.spectate ?? false), name);
    });

    request(socket, 'room:quickplay', validators['room:quickplay'], (req) => {
      notInRoom();
      const name = cleanName(req.name);
      return enter(rooms.quickPlay(name, socket.id), name);
    });

    request(socket, 'room:resume', validators['room:resume'], (req) => {
      notInRoom();
      const room = rooms.findByResumeToken(req.token);
      const seat = room?.resume(req.token, socket.id);
      if (!room || !seat) throw new GameError(ErrorCode.BAD_RESUME_TOKEN, 'that seat is no longer held');
      const name = room.roster().find((r) => r.id === seat.playerId)?.name ?? '';
      return enter({ room, seat }, name);
    });

    socket.on('room:leave', (ack) => {
      const code = socket.data.roomCode;
      const reply = typeof ack === 'function' ? ack : undefined;
      if (!code) {
        reply?.({ ok: false, error: { code: ErrorCode.NOT_IN_ROOM, message: 'you are not in a room' } });
        return;
      }
      leaveRoom(socket, rooms, false);
      reply?.({ ok: true, data: null });
    });

    socket.on('room:list', (ack) => {
      if (typeof ack === 'function') ack({ ok: true, data: rooms.listPublic() });
    });

    socket.on('input', (cmd: unknown) => {
      if (!validators.input.check(cmd)) {
        socket.emit('server:error', {
          code: ErrorCode.BAD_PAYLOAD,
          message: `input: ${validators.input.explain(cmd)}`,
        });
        return;
      }
      const { roomCode, playerId } = socket.data;
      if (roomCode === null || playerId === null) return;
      rooms.get(roomCode)?.enqueueInput(playerId, cmd);
    });

    socket.on('chat', (req: unknown) => {
      if (!validators.chat.check(req)) {
        socket.emit('server:error', {
          code: ErrorCode.BAD_PAYLOAD,
          message: `chat: ${validators.chat.explain(req)}`,
        });
        return;
      }
      const { roomCode, playerId } = socket.data;
      const text = sanitizeText(req.text);
      if (roomCode === null || playerId === null || text === '') return;
      rooms.get(roomCode)?.chat(playerId, text);
    });

    socket.on('time:sync', (clientTime: unknown, ack: unknown) => {
      if (typeof ack !== 'function' || !validators['time:sync'].check(clientTime)) return;
      ack({ clientTime, serverTime: performance.timeOrigin + performance.now() });
    });

    socket.on('disconnect', (reason) => {
      // A deliberate close gives up the seat; a dropped connection keeps it for the grace period.
      leaveRoom(
        socket,
        rooms,
        reason !== 'client namespace disconnect' && reason !== 'server namespace disconnect',
      );
      slog.debug({ reason }, 'disconnected');
    });
  });
}

function leaveRoom(socket: GameSocket, rooms: RoomManager, hold: boolean): void {
  const code = socket.data.roomCode;
  if (!code) return;
  socket.data.roomCode = null;
  socket.data.playerId = null;
  void socket.leave(code);
  rooms.get(code)?.removeSocket(socket.id, hold);
}

function cleanName(raw: string): string {
  const name = sanitizeText(raw);
  if (name === '') throw new GameError(ErrorCode.BAD_PAYLOAD, 'name must contain visible characters');
  return name;
}

type RequestEvent = 'room:create' | 'room:join' | 'room:quickplay' | 'room:resume';

/**
 * A request/ack event: validate, run, reply with `{ ok, data }` or a coded error. A request without an ack
 * callback still gets its error, as a `server:error` event.
 */
function request<T>(
  socket: GameSocket,
  event: RequestEvent,
  validator: PayloadValidator<T>,
  handler: (req: T) => JoinedRoom,
): void {
  // socket.io types handlers by event; our generic handler receives raw arguments and checks them itself.
  (socket as unknown as { on(ev: string, fn: (...args: unknown[]) => void): void }).on(
    event,
    (payload, ack) => {
      let result: AckResult<JoinedRoom>;
      if (!validator.check(payload)) {
        result = {
          ok: false,
          error: { code: ErrorCode.BAD_PAYLOAD, message: `${event}: ${validator.explain(payload)}` },
        };
      } else {
        try {
          result = { ok: true, data: handler(payload) };
        } catch (err) {
          result = { ok: false, error: toWireError(err) };
        }
      }
      if (typeof ack === 'function') ack(result);
      else if (!result.ok) socket.emit('server:error', result.error);
    },
  );
}
