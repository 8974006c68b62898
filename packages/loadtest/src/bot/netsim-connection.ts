import { performance } from 'node:perf_hooks';
import {
  TimedLink,
  linksOf,
  type ClientToServerEvents,
  type NetsimSettings,
  type NetsimTimers,
} from '@tick-arena/common';
import type { Connector } from './bot-client.js';
import type {
  BotConnection,
  ConnectionHandlers,
  ConnectOptions,
  FireName,
  ReplyOf,
  RequestArgs,
  RequestName,
} from './bot-connection.js';

/**
 * Bytes a JSON message is counted as for a `--bandwidth` cap (requests, replies, `kicked`...): a typical
 * lobby message with its WebSocket header. They are rare next to ticks and inputs, whose real sizes count.
 */
const CONTROL_MESSAGE_BYTES = 64;
/** WebSocket header of a small frame (2 bytes; 6 when masked, client to server). */
const WS_HEADER_BYTES = 2;
const WS_MASKED_HEADER_BYTES = 6;

const NODE_TIMERS: NetsimTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

type Action = () => void;

/**
 * A bot's connection behind common's network simulator (`--latency/--jitter/--loss`, the same simulator as
 * the browser's `?netsim=`): whatever transport carries it (`lean` or `socket.io`), every message the bot
 * sends goes through the uplink and every one it receives through the downlink, delayed by half the round
 * trip ± jitter, in order, and a received state tick may be lost. Everything the bot measures (snapshot
 * age, input -> ack, time-sync round trips) then includes the simulated network, as a player at that ping
 * experiences it.
 *
 * The wrapper works at the level of Socket.IO messages: the TCP connection, the WebSocket upgrade and
 * Engine.IO's pings are not delayed (the connect time is longer by one one-way delay: the `connected`
 * notice comes through the downlink). A request's timeout runs from when it leaves the uplink. Bytes are
 * still the real TCP counts. A held tick is copied (the lean transport hands over a view of a buffer it
 * reuses): one small allocation per tick, only when the simulator is on.
 */
export class NetsimConnection implements BotConnection {
  private readonly inner: BotConnection;
  private readonly up: TimedLink<Action>;
  private readonly down: TimedLink<Action>;
  private closed = false;

  constructor(
    connect: Connector,
    options: ConnectOptions,
    h: ConnectionHandlers,
    settings: NetsimSettings,
    seed: number,
    timers: NetsimTimers = NODE_TIMERS,
  ) {
    const links = linksOf(settings);
    this.up = new TimedLink<Action>(links.up, seed, (act) => act(), timers);
    this.down = new TimedLink<Action>(links.down, seed + 1, (act) => act(), timers);
    const inbound = (act: Action, bytes = CONTROL_MESSAGE_BYTES) => {
      this.down.send(() => {
        if (!this.closed) act();
      }, bytes);
    };
    this.inner = connect(options, {
      connected: () => inbound(() => h.connected()),
      // Nothing is in flight before the connection exists: say so at once.
      connectFailed: (reason, message) => {
        this.shutLinks();
        if (!this.closed) h.connectFailed(reason, message);
      },
      // After whatever was already on its way, as TCP delivers the FIN after the data.
      disconnected: (reason) =>
        inbound(() => {
          this.shutLinks();
          h.disconnected(reason);
        }),
      tick: (snapshot) => {
        // A copy: `Buffer#slice` (the lean transport hands over a Buffer) would be a view of the reused buffer.
        const held = new Uint8Array(snapshot);
        // State ticks are the droppable packets: the server sends them volatile.
        this.down.send(
          () => {
            if (!this.closed) h.tick(held);
          },
          held.length + 1 + WS_HEADER_BYTES,
          { droppable: true },
        );
      },
      serverError: (e) => inbound(() => h.serverError(e)),
      kicked: (info) => inbound(() => h.kicked(info)),
    });
  }

  get bytesIn(): number {
    return this.inner.bytesIn;
  }

  get bytesOut(): number {
    return this.inner.bytesOut;
  }

  emit<K extends FireName>(name: K, ...args: Parameters<ClientToServerEvents[K]>): void {
    if (this.closed) return;
    const first: unknown = args[0];
    // A binary input: copied, the caller may reuse its buffer (as the lean transport promises).
    const binary = first instanceof Uint8Array;
    if (binary) args[0] = new Uint8Array(first) as (typeof args)[0];
    this.up.send(
      () => {
        if (!this.closed) this.inner.emit(name, ...args);
      },
      binary ? first.length + 1 + WS_MASKED_HEADER_BYTES : CONTROL_MESSAGE_BYTES,
    );
  }

  request<K extends RequestName>(
    name: K,
    args: RequestArgs<K>,
    timeoutMs: number,
    cb: (err: Error | null, reply?: ReplyOf<K>) => void,
  ): void {
    if (this.closed) {
      cb(new Error('not connected'));
      return;
    }
    this.up.send(() => {
      if (this.closed) return;
      this.inner.request(name, args, timeoutMs, (err, reply) =>
        this.down.send(() => {
          if (!this.closed) cb(err, reply);
        }, CONTROL_MESSAGE_BYTES),
      );
    }, CONTROL_MESSAGE_BYTES);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.shutLinks();
    this.inner.close();
  }

  private shutLinks(): void {
    this.up.close();
    this.down.close();
  }
}

/**
 * `connect`, with every connection behind the simulator `settings`. Each connection draws its own losses
 * and jitter: seeds `seed`, `seed + 2`, ... (each uses two, one per direction).
 */
export function withNetsim(connect: Connector, settings: NetsimSettings, seed: number): Connector {
  let n = 0;
  return (options, handlers) => new NetsimConnection(connect, options, handlers, settings, seed + 2 * n++);
}
