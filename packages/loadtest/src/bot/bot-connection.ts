import type { ClientToServerEvents, ServerToClientEvents } from '@tick-arena/common';

type C2S = ClientToServerEvents;
type S2C = ServerToClientEvents;
type Last<T> = T extends readonly [...unknown[], infer L] ? L : never;
type AllButLast<T> = T extends readonly [...infer I, unknown] ? I : never;

/** Client events sent with an acknowledgement callback as their last argument (`room:create`, `time:sync`...). */
export type RequestName = {
  [K in keyof C2S]: Last<Parameters<C2S[K]>> extends (reply: never) => void ? K : never;
}[keyof C2S];
/** Client events sent without an answer (`input`, `chat`). */
export type FireName = Exclude<keyof C2S, RequestName>;
/** The arguments of a request, without its callback. */
export type RequestArgs<K extends RequestName> = AllButLast<Parameters<C2S[K]>>;
/** What the server answers a request with. */
export type ReplyOf<K extends RequestName> =
  Last<Parameters<C2S[K]>> extends (reply: infer R) => void ? R : never;
/** The single argument of a server event. */
export type ServerEventArg<K extends keyof S2C> = Parameters<S2C[K]>[0];

/** How a bot's connection tells it what happened. Each is called at most once, except the events. */
export interface ConnectionHandlers {
  /** The server accepted the Socket.IO connection (`40{sid}`). */
  connected(): void;
  /**
   * The connection never got that far: `reason` is the server's error code (e.g. `E_PROTOCOL_MISMATCH`)
   * or the transport's (`ECONNREFUSED`, `timeout`, ...).
   */
  connectFailed(reason: string, message: string): void;
  /** The connection ended after `connected` (`transport close`, `ping timeout`, `io server disconnect`). */
  disconnected(reason: string): void;
  /**
   * A state tick: the binary snapshot (without the frame's event code), for the bot's `SnapshotReceiver`.
   * It may be a view of a buffer the transport reuses as soon as this returns: decode it synchronously.
   */
  tick(snapshot: ServerEventArg<'tick'>): void;
  serverError(e: ServerEventArg<'server:error'>): void;
  kicked(info: ServerEventArg<'kicked'>): void;
}

/**
 * One bot's typed Socket.IO connection, whatever client library carries it. `emit`/`request` are typed on
 * `ClientToServerEvents` so a bot cannot send what the browser client could not: `emit('input', packet)`
 * sends the bytes of `encodeInput` as one binary frame, as the browser's `binaryParser` does.
 */
export interface BotConnection {
  /** Bytes read from / written to the TCP connection so far: real frames, WebSocket headers included. */
  readonly bytesIn: number;
  readonly bytesOut: number;
  emit<K extends FireName>(name: K, ...args: Parameters<C2S[K]>): void;
  /**
   * Send a request; `cb` gets the reply, or an error if none came within `timeoutMs` (0: wait forever) or
   * the connection closed first.
   */
  request<K extends RequestName>(
    name: K,
    args: RequestArgs<K>,
    timeoutMs: number,
    cb: (err: Error | null, reply?: ReplyOf<K>) => void,
  ): void;
  /** Leave politely (Socket.IO disconnect, then close the transport). No handler is called afterwards. */
  close(): void;
}

/** Which client library the bots use: `lean` (engine-io-socket.ts) or the reference `socket.io-client`. */
export const BotTransport = { LEAN: 'lean', SOCKET_IO: 'socket.io' } as const;
export type BotTransport = (typeof BotTransport)[keyof typeof BotTransport];

/** What opening a connection needs. */
export interface ConnectOptions {
  url: string;
  /** The handshake `auth` payload. */
  auth: { protocol: number };
  /** Give up on the connection (`connectFailed('timeout')`) if the server has not accepted it by then. */
  connectTimeoutMs: number;
  /** Accept any TLS certificate (`--insecure`: self-signed or otherwise untrusted). @default false */
  insecure?: boolean;
}
