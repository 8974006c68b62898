import { performance } from 'node:perf_hooks';
import {
  CloseReason,
  ErrorCode,
  decodeInput,
  inputCommand,
  stripPictographs,
  widenAck,
  type AckResult,
  type JoinedRoom,
  type RoomInfo,
  type RoomPeek,
} from '@tick-arena/common';
import type { FastifyBaseLogger } from 'fastify';
import { GameError, toWireError } from '../errors.js';
import type { Room } from '../rooms/room.js';
import type { Entry, RoomManager } from '../rooms/room-manager.js';
import { HEARTBEAT_MS } from '../scale/keys.js';
import { relayLobby } from '../scale/lobby-relay.js';
import type { ClusterPlacement } from '../scale/placement.js';
import type { GameServer, GameSocket } from '../socket-io.js';
import type { BoundaryStats } from './boundary-stats.js';
import type { Replication } from './replication.js';
import { SocketGuard, Violation } from './guard.js';
import { tapInputs } from './input-tap.js';
import { LOBBY_ROOM, LobbyFeed } from './lobby-feed.js';
import { sanitizeText } from './sanitize.js';
import { validators, type PayloadValidator } from './validators.js';

export interface HandlerOptions {
  rooms: RoomManager;
  replication: Replication;
  log: FastifyBaseLogger;
  stats: BoundaryStats;
  /** Tick rate used for the input budget before the socket is in a room. */
  defaultTickRate: number;
  /** Room requests through the cluster's directory (REDIS_URL); absent on a single node. */
  placement?: ClusterPlacement;
}

const REJECTION_CODES: Record<Violation, ErrorCode> = {
  [Violation.UNKNOWN_EVENT]: ErrorCode.UNKNOWN_EVENT,
  [Violation.BAD_ARITY]: ErrorCode.BAD_PAYLOAD,
  [Violation.BINARY]: ErrorCode.BAD_PAYLOAD,
  [Violation.RATE_LIMITED]: ErrorCode.RATE_LIMITED,
  [Violation.BAD_PAYLOAD]: ErrorCode.BAD_PAYLOAD,
};

/**
 * Wire socket events to the room manager. A packet passes the guard (known event, arity, no binary,
 * budget) and its schema before any handler runs; handlers check membership and enqueue or delegate, and
 * never touch game state, which changes only inside a room's tick.
 */
export function attachHandlers(io: GameServer, opts: HandlerOptions): void {
  const { rooms, log, stats, replication, placement } = opts;
  const lobby = watchLobby(io, rooms, log, placement);

  io.on('connection', (socket) => {
    const slog = log.child({ sid: socket.id, ip: socket.handshake.address });
    socket.data.roomCode = null;
    socket.data.playerId = null;
    socket.data.name = '';
    slog.debug('connected');

    const guard = new SocketGuard(opts.defaultTickRate);
    // -Infinity, not 0: `performance.now()` counts from process start, so 0 would mute the first second.
    let lastNotice = -Infinity;
    /** Count a refused message, tell the client (at most once a second), cut it off past the abuse line. */
    const refuse = (v: Violation, detail: string) => {
      stats.reject(v);
      // Packets already in flight when we cut the socket off still arrive: count them, nothing more.
      if (socket.disconnected) return;
      const t = performance.now();
      if (t - lastNotice > 1000) {
        lastNotice = t;
        socket.emit('server:error', { code: REJECTION_CODES[v], message: detail });
      }
      if (guard.strike(v === Violation.RATE_LIMITED ? 0.25 : 1)) {
        stats.abuseDisconnects += 1;
        slog.warn({ violation: v }, 'disconnecting abusive client');
        socket.emit('kicked', {
          reason: CloseReason.ABUSE,
          message: 'too many invalid or excessive messages',
        });
        socket.disconnect(true);
      }
    };

    socket.use((packet, next) => {
      const v = guard.check(packet);
      if (v === null) next();
      else refuse(v, v === Violation.RATE_LIMITED ? 'slow down' : `rejected: ${v}`);
    });

    const enter = (entry: Entry, name: string): JoinedRoom => {
      const { room, seat } = entry;
      socket.data.roomCode = room.code;
      socket.data.playerId = seat?.playerId ?? null;
      socket.data.name = name;
      guard.setTickRate(room.info.tickRate);
      // In a room the lobby is not on screen: its pushes stop until the client watches again.
      void socket.leave(LOBBY_ROOM);
      void socket.join(room.code);
      replication.enter(socket.id, room);
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

    /** A room request of this socket is waiting for the cluster directory: a second one is refused. */
    let pending = false;
    const request = <T>(
      event: RequestEvent,
      validator: PayloadValidator<T>,
      handler: (req: T) => JoinedRoom | Promise<JoinedRoom>,
    ) => {
      // socket.io types handlers per event; this generic one receives raw arguments and checks them itself.
      (socket as unknown as { on(ev: string, fn: (...args: unknown[]) => void): void }).on(
        event,
        (payload, ack) => {
          const reply = (result: AckResult<JoinedRoom>) => {
            if (typeof ack === 'function') ack(result);
            else if (!result.ok) socket.emit('server:error', result.error);
          };
          const failed = (err: unknown): AckResult<JoinedRoom> => {
            if (!(err instanceof GameError)) slog.error({ err, event }, 'request failed');
            return { ok: false, error: toWireError(err) };
          };
          if (!validator.check(payload)) {
            stats.reject(Violation.BAD_PAYLOAD);
            guard.strike();
            reply({
              ok: false,
              error: { code: ErrorCode.BAD_PAYLOAD, message: `${event}: ${validator.explain(payload)}` },
            });
            return;
          }
          if (pending) {
            reply(failed(new GameError(ErrorCode.ALREADY_IN_ROOM, 'a room request is already in progress')));
            return;
          }
          let out: JoinedRoom | Promise<JoinedRoom>;
          try {
            out = handler(payload);
          } catch (err) {
            reply(failed(err));
            return;
          }
          if (!(out instanceof Promise)) {
            reply({ ok: true, data: out });
            return;
          }
          pending = true;
          out
            .then(
              (data) => reply({ ok: true, data }),
              (err: unknown) => reply(failed(err)),
            )
            .finally(() => {
              pending = false;
            });
        },
      );
    };

    /**
     * Enter a room found through the cluster directory. The socket may have gone while Redis answered: then
     * its fresh seat is given up at once instead of being held for a player who is not coming.
     */
    const enterLater = async (find: Promise<Entry>, name: string): Promise<JoinedRoom> => {
      const entry = await find;
      if (socket.disconnected) {
        entry.room.removeSocket(socket.id, false);
        throw new GameError(ErrorCode.NOT_IN_ROOM, 'disconnected');
      }
      return enter(entry, name);
    };

    request('room:create', validators['room:create'], (req) => {
      notInRoom();
      const name = cleanName(req.name);
      if (placement) {
        const made = placement.create(req, (room) => {
          try {
            return { room, seat: room.addHuman(name, socket.id) };
          } catch (err) {
            room.close('Room could not be set up.');
            throw err;
          }
        });
        return enterLater(made, name);
      }
      rooms.assertPlayerCapacity();
      const room = rooms.create(req);
      try {
        return enter({ room, seat: room.addHuman(name, socket.id) }, name);
      } catch (err) {
        room.close('Room could not be set up.');
        throw err;
      }
    });

    request('room:join', validators['room:join'], (req) => {
      notInRoom();
      const name = cleanName(req.name);
      const spectate = req.spectate ?? false;
      if (placement) return enterLater(placement.join(req.code, name, socket.id, spectate), name);
      return enter(rooms.join(req.code, name, socket.id, spectate), name);
    });

    request('room:quickplay', validators['room:quickplay'], (req) => {
      notInRoom();
      const name = cleanName(req.name);
      if (placement) return enterLater(placement.quickPlay(name, socket.id), name);
      return enter(rooms.quickPlay(name, socket.id), name);
    });

    request('room:resume', validators['room:resume'], (req) => {
      notInRoom();
      if (!placement) return resume(req.token, rooms.findByResumeToken(req.token));
      return placement.resumeRoom(req.token).then((room) => resume(req.token, room));
    });

    const resume = (token: string, room: Room | undefined): JoinedRoom => {
      if (socket.disconnected) throw new GameError(ErrorCode.NOT_IN_ROOM, 'disconnected');
      const seat = room?.resume(token, socket.id);
      if (!room || !seat) throw new GameError(ErrorCode.BAD_RESUME_TOKEN, 'that seat is no longer held');
      if (seat.replacedSocketId) {
        // The same player reconnected before the server noticed the old connection die.
        const old = io.sockets.sockets.get(seat.replacedSocketId);
        replication.forget(seat.replacedSocketId);
        if (old) {
          old.data.roomCode = null;
          old.data.playerId = null;
          old.emit('kicked', { reason: CloseReason.REPLACED, message: 'you connected from somewhere else' });
          old.disconnect(true);
        }
      }
      const name = room.roster().find((r) => r.id === seat.playerId)?.name ?? '';
      return enter({ room, seat }, name);
    };

    socket.on('room:leave', (ack) => {
      const code = socket.data.roomCode;
      const reply = typeof ack === 'function' ? ack : undefined;
      if (!code) {
        reply?.({ ok: false, error: { code: ErrorCode.NOT_IN_ROOM, message: 'you are not in a room' } });
        return;
      }
      leaveRoom(socket, rooms, false);
      replication.forget(socket.id);
      reply?.({ ok: true, data: null });
    });

    socket.on('room:list', (ack) => {
      if (typeof ack !== 'function') return;
      answer(ack, placement ? placement.listPublic() : rooms.listPublic());
    });

    socket.on('lobby:watch', (ack) => {
      if (typeof ack !== 'function') {
        refuse(Violation.BAD_PAYLOAD, 'lobby:watch needs an ack');
        return;
      }
      // A socket in a room gets the list but no pushes: the lobby is not on its screen.
      if (socket.data.roomCode === null) {
        void socket.join(LOBBY_ROOM);
        lobby.watched();
      }
      answer(ack, lobby.list());
    });

    socket.on('room:peek', (req: unknown, ack: unknown) => {
      if (typeof ack !== 'function') {
        refuse(Violation.BAD_PAYLOAD, 'room:peek needs an ack');
        return;
      }
      const reply = ack as (r: AckResult<RoomPeek>) => void;
      if (!validators['room:peek'].check(req)) {
        stats.reject(Violation.BAD_PAYLOAD);
        guard.strike();
        const message = `room:peek: ${validators['room:peek'].explain(req)}`;
        reply({ ok: false, error: { code: ErrorCode.BAD_PAYLOAD, message } });
        return;
      }
      answer(reply, placement ? placement.peek(req.code) : rooms.peek(req.code));
    });

    // One binary packet per client tick, read off the engine.io connection (net/input-tap.ts): the guard's
    // input budget, decoded (bounds-checked, coded errors), then schema-checked like every other payload.
    // Spectators send them too, for the snapshot acknowledgement alone.
    // An `input` that arrives as a socket.io event was not a binary input frame (those never get that far).
    socket.on('input', () => refuse(Violation.BAD_PAYLOAD, 'input: expected a binary input packet'));
    const untap = tapInputs(socket, (frame, offset) => {
      if (socket.disconnected) return;
      if (!guard.takeInput()) {
        refuse(Violation.RATE_LIMITED, 'slow down');
        return;
      }
      const decoded = decodeInput(frame, offset);
      if (!decoded.ok) {
        refuse(Violation.BAD_PAYLOAD, `input: ${decoded.error.code} ${decoded.error.message}`);
        return;
      }
      const packet = decoded.value;
      if (!validators.input.check(packet)) {
        refuse(Violation.BAD_PAYLOAD, `input: ${validators.input.explain(packet)}`);
        return;
      }
      const { roomCode, playerId } = socket.data;
      const room = roomCode === null ? undefined : rooms.get(roomCode);
      if (!room) return;
      if (packet.resync) {
        if (replication.resync(socket.id))
          slog.warn({ tick: room.tick }, 'client state hash mismatch; resending full');
      } else if (packet.ack >= 0) {
        replication.ack(socket.id, widenAck(packet.ack, room.tick));
      }
      if (playerId !== null) room.enqueueInput(playerId, inputCommand(packet, room.tick));
    });

    socket.on('chat', (req: unknown) => {
      if (!validators.chat.check(req)) {
        refuse(Violation.BAD_PAYLOAD, `chat: ${validators.chat.explain(req)}`);
        return;
      }
      const { roomCode, playerId } = socket.data;
      const text = sanitizeText(req.text);
      if (roomCode === null || playerId === null || text === '') return;
      rooms.get(roomCode)?.chat(playerId, text);
    });

    socket.on('time:sync', (clientTime: unknown, ack: unknown) => {
      if (typeof ack !== 'function' || !validators['time:sync'].check(clientTime)) {
        refuse(Violation.BAD_PAYLOAD, 'time:sync needs a number and an ack');
        return;
      }
      ack({ clientTime, serverTime: performance.timeOrigin + performance.now() });
    });

    socket.on('disconnect', (reason) => {
      untap();
      // A deliberate close gives up the seat; a dropped connection keeps it for the grace period.
      const deliberate = reason === 'client namespace disconnect' || reason === 'server namespace disconnect';
      leaveRoom(socket, rooms, !deliberate);
      replication.forget(socket.id);
      slog.debug({ reason }, 'disconnected');
    });
  });
}

/**
 * The live lobby: every room change may push the public list to the sockets watching it (`lobby:watch`),
 * throttled and only when it changed. With a cluster, other nodes' changes arrive through the adapter.
 */
function watchLobby(
  io: GameServer,
  rooms: RoomManager,
  log: FastifyBaseLogger,
  placement: ClusterPlacement | undefined,
): LobbyFeed {
  const feed = new LobbyFeed({
    list: () => (placement ? placement.listPublic() : rooms.listPublic()),
    watchers: () => io.sockets.adapter.rooms.get(LOBBY_ROOM)?.size ?? 0,
    send: (list: RoomInfo[]) => io.local.to(LOBBY_ROOM).emit('lobby:rooms', list),
    onError: (err) => log.warn({ err }, 'could not read the lobby for a push'),
    refreshEveryMs: placement ? HEARTBEAT_MS : 0,
  });
  rooms.watch(() => feed.changed());
  if (placement) relayLobby(io, rooms, placement, feed, log);
  return feed;
}

/** Ack a request whose answer may come from the cluster directory: a failure becomes its coded error. */
function answer<T>(ack: (r: AckResult<T>) => void, data: T | Promise<T>): void {
  if (!(data instanceof Promise)) {
    ack({ ok: true, data });
    return;
  }
  data.then(
    (value) => ack({ ok: true, data: value }),
    (err: unknown) => ack({ ok: false, error: toWireError(err) }),
  );
}

function leaveRoom(socket: GameSocket, rooms: RoomManager, hold: boolean): void {
  const code = socket.data.roomCode;
  if (!code) return;
  socket.data.roomCode = null;
  socket.data.playerId = null;
  void socket.leave(code);
  rooms.get(code)?.removeSocket(socket.id, hold);
}

/** A name as others will see it: no control characters, no emoji (`stripPictographs`), spaces collapsed. */
function cleanName(raw: string): string {
  const name = sanitizeText(stripPictographs(raw));
  if (name === '') {
    throw new GameError(ErrorCode.BAD_PAYLOAD, 'name must contain letters or digits (emoji are removed)');
  }
  return name;
}

type RequestEvent = 'room:create' | 'room:join' | 'room:quickplay' | 'room:resume';
