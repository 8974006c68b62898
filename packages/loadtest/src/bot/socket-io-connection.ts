import { binaryParser, type ClientToServerEvents, type ServerToClientEvents } from '@tick-arena/common';
import { io, type Socket } from 'socket.io-client';
import type {
  BotConnection,
  ConnectionHandlers,
  ConnectOptions,
  FireName,
  ReplyOf,
  RequestArgs,
  RequestName,
} from './bot-connection.js';
import { byteCountingAgent, type ByteCounter } from './byte-counting-agent.js';

type BotSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** socket.io-client's variadic emit, seen from outside its event table (the typed wrappers check names and args). */
type LooseEmit = (name: string, ...args: unknown[]) => void;

/**
 * The reference bot transport (`--transport socket.io`): the real socket.io-client, configured like the
 * browser client (`binaryParser`, so a `tick` or an `input` is one binary WebSocket frame) with the
 * WebSocket transport only. Slower per frame than the lean transport (engine-io-socket.ts) but the library
 * every real client uses, so a run with it checks the lean figures.
 */
export class SocketIoConnection implements BotConnection {
  private readonly socket: BotSocket;
  private readonly bytes: ByteCounter;
  private closed = false;

  constructor(options: ConnectOptions, h: ConnectionHandlers) {
    const { agent, counter } = byteCountingAgent(options.url, options.insecure === true);
    this.bytes = counter;
    const socket: BotSocket = io(options.url, {
      auth: options.auth,
      // As the browser client and the server: binary events as one frame each, JSON text for the rest.
      parser: binaryParser,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: options.connectTimeoutMs,
      rejectUnauthorized: options.insecure !== true,
      // Typed `string | boolean` for the browser build; in Node it is handed to `ws` as an http.Agent.
      agent: agent as unknown as string,
    });
    this.socket = socket;
    socket.once('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      if (this.closed) return;
      this.closed = true;
      socket.disconnect();
      h.connectFailed(err.data?.code ?? describeTransportError(err), err.data?.message ?? err.message);
    });
    socket.once('connect', () => {
      if (!this.closed) h.connected();
    });
    // A Buffer view of the frame from `ws`: stable, but the bot decodes it synchronously anyway.
    socket.on('tick', (s) => h.tick(s));
    socket.on('server:error', (e) => h.serverError(e));
    socket.on('kicked', (info) => h.kicked(info));
    socket.on('disconnect', (reason) => {
      if (this.closed) return;
      this.closed = true;
      h.disconnected(reason);
    });
  }

  get bytesIn(): number {
    return this.bytes.bytesIn;
  }

  get bytesOut(): number {
    return this.bytes.bytesOut;
  }

  emit<K extends FireName>(name: K, ...args: Parameters<ClientToServerEvents[K]>): void {
    (this.socket.emit as LooseEmit)(name, ...args);
  }

  request<K extends RequestName>(
    name: K,
    args: RequestArgs<K>,
    timeoutMs: number,
    cb: (err: Error | null, reply?: ReplyOf<K>) => void,
  ): void {
    if (timeoutMs > 0) {
      const timed = this.socket.timeout(timeoutMs) as unknown as { emit: LooseEmit };
      timed.emit(name, ...args, (err: Error | null, reply?: ReplyOf<K>) => cb(err, reply));
    } else {
      (this.socket.emit as LooseEmit)(name, ...args, (reply: ReplyOf<K>) => cb(null, reply));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.disconnect();
  }
}

/** `ECONNREFUSED`, `timeout`, ... from a socket.io-client transport error. */
function describeTransportError(err: Error & { description?: unknown }): string {
  const d = err.description as { code?: string; error?: { code?: string }; message?: string } | undefined;
  const code = d?.code ?? d?.error?.code;
  if (typeof code === 'string') return code;
  if (err.message === 'timeout') return 'timeout';
  return err.message || 'connect error';
}
