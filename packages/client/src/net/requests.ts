import type {
  AckResult,
  CreateRoomRequest,
  JoinRoomRequest,
  JoinedRoom,
  QuickPlayRequest,
  RoomInfo,
  RoomPeek,
} from '@tick-arena/common';
import type { GameSocket } from './connection.js';
import { ClientErrorCode, RequestError } from './request-error.js';

/** Longest wait for an ack. Generous: a request sent while reconnecting waits in socket.io's buffer. */
const REQUEST_TIMEOUT_MS = 8000;

type AckCallback<T> = (err: Error | null, result: AckResult<T>) => void;

/**
 * Turn an acked emit into a promise of its data. Rejects with a `RequestError` carrying the server's code,
 * or `E_TIMEOUT` / `E_OFFLINE` when no answer can come.
 */
function ask<T>(socket: GameSocket, emit: (timed: GameSocket, ack: AckCallback<T>) => void): Promise<T> {
  // A socket that has given up reconnecting would buffer the request forever.
  if (!socket.active) {
    return Promise.reject(new RequestError(ClientErrorCode.OFFLINE, 'Not connected to the server.'));
  }
  return new Promise((resolve, reject) => {
    emit(socket, (err, result) => {
      if (err) reject(new RequestError(ClientErrorCode.TIMEOUT, 'The server did not answer in time.'));
      else if (result.ok) resolve(result.data);
      else reject(new RequestError(result.error.code, result.error.message, result.error.url));
    });
  });
}

export function createRoom(socket: GameSocket, req: CreateRoomRequest): Promise<JoinedRoom> {
  return ask(socket, (s, ack) => s.timeout(REQUEST_TIMEOUT_MS).emit('room:create', req, ack));
}

export function joinRoom(socket: GameSocket, req: JoinRoomRequest): Promise<JoinedRoom> {
  return ask(socket, (s, ack) => s.timeout(REQUEST_TIMEOUT_MS).emit('room:join', req, ack));
}

export function quickPlay(socket: GameSocket, req: QuickPlayRequest): Promise<JoinedRoom> {
  return ask(socket, (s, ack) => s.timeout(REQUEST_TIMEOUT_MS).emit('room:quickplay', req, ack));
}

/** Reclaim a held seat after a dropped connection. */
export function resumeSeat(socket: GameSocket, token: string): Promise<JoinedRoom> {
  return ask(socket, (s, ack) => s.timeout(REQUEST_TIMEOUT_MS).emit('room:resume', { token }, ack));
}

export function leaveRoom(socket: GameSocket): Promise<null> {
  return ask(socket, (s, ack) => s.timeout(REQUEST_TIMEOUT_MS).emit('room:leave', ack));
}

export function listRooms(socket: GameSocket): Promise<RoomInfo[]> {
  return ask(socket, (s, ack) => s.timeout(REQUEST_TIMEOUT_MS).emit('room:list', ack));
}

/** Whether a room exists and has a seat, without joining it (an invitation checks before asking a name). */
export function peekRoom(socket: GameSocket, code: string): Promise<RoomPeek> {
  return ask(socket, (s, ack) => s.timeout(REQUEST_TIMEOUT_MS).emit('room:peek', { code }, ack));
}

/** The public rooms now; the server then pushes `lobby:rooms` on every change until we enter a room. */
export function watchLobby(socket: GameSocket): Promise<RoomInfo[]> {
  return ask(socket, (s, ack) => s.timeout(REQUEST_TIMEOUT_MS).emit('lobby:watch', ack));
}
