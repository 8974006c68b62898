import { ErrorCode } from '@tick-arena/common';
import type { GameSocket } from './connection.js';
import { RequestError } from './request-error.js';

/** Longest wait for the socket to connect to the node it was sent to, ms. */
const MOVE_TIMEOUT_MS = 8000;

/**
 * How many times one request follows `E_ROOM_ELSEWHERE`. One is the normal case (the room's node answers);
 * a second covers quick play, whose pick may have filled by the time the player arrives.
 */
export const MAX_FOLLOWS = 2;

/**
 * The node URL of an `E_ROOM_ELSEWHERE` refusal, or null for any other outcome. Its query is kept: behind
 * one address a node's PUBLIC_URL is `https://play.example.com/?node=eu-1`, and the proxy routes the
 * socket by that `node` parameter (docs/self-hosting.md, "Scale-out with Redis").
 */
export function elsewhereUrl(err: unknown): string | null {
  if (!(err instanceof RequestError) || err.code !== ErrorCode.ROOM_ELSEWHERE || !err.url) return null;
  try {
    const url = new URL(err.url);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin + url.search : null;
  } catch {
    return null;
  }
}

/**
 * Point the socket at another node of the cluster and wait until it is connected there. The socket (and
 * everything listening to it: the snapshot stream, the traffic meter) stays the same object; only the
 * address its manager dials changes, so later reconnections go to the new node too.
 */
export function moveSocket(socket: GameSocket, url: string): Promise<void> {
  // socket.io-client keeps the address in its Manager's `uri` and re-reads it on every (re)connection;
  // the query of the previous node's URL (if any) is cleared, the new URL's query (if any) is parsed in.
  (socket.io as unknown as { uri: string }).uri = url;
  (socket.io.opts as { query?: unknown }).query = {};
  socket.disconnect();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('connect_error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onConnect = () => done();
    const onError = (err: Error) => {
      // socket.io retries by itself while `active`; only a refusal it will not retry ends the move.
      if (!socket.active) done(err);
    };
    const timer = setTimeout(() => done(new Error(`could not connect to ${url}`)), MOVE_TIMEOUT_MS);
    socket.on('connect', onConnect);
    socket.on('connect_error', onError);
    socket.connect();
  });
}

/**
 * Run a room request; when the room lives on another node, move the socket there and ask again.
 * Any other outcome (success or error) is returned as it is.
 */
export async function followingRedirects<T>(socket: GameSocket, run: () => Promise<T>): Promise<T> {
  for (let follows = 0; ; follows++) {
    try {
      return await run();
    } catch (err) {
      const url = elsewhereUrl(err);
      if (url === null || follows >= MAX_FOLLOWS) throw err;
      await moveSocket(socket, url);
    }
  }
}
