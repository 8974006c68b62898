import { connect as netConnect, isIP, type Socket as NetSocket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type {
  BotConnection,
  ConnectionHandlers,
  ConnectOptions,
  FireName,
  ReplyOf,
  RequestArgs,
  RequestName,
  ServerEventArg,
} from './bot-connection.js';
import type { ClientToServerEvents } from '@tick-arena/common';
import {
  binaryEventCode,
  decodeBinaryFrame,
  decodeFrame,
  DISCONNECT_FRAME,
  encodeConnect,
  encodeEvent,
  encodeRequest,
  PONG_FRAME,
  type PacketHandler,
} from './engine-io-codec.js';
import {
  CloseCode,
  closePayload,
  encodeClientFrame,
  FrameReader,
  Opcode,
  type FrameError,
} from './websocket-frames.js';
import { handshakeKey, handshakeRequest, readHandshakeAnswer } from './websocket-handshake.js';

/**
 * Where every plain-TCP bot of this thread reads into (`net.connect({ onread })`): data is handed over
 * synchronously and the frame reader copies what it keeps, so one buffer serves all sockets and a read
 * allocates nothing (no chunk Buffer, no Readable stream push, no 'data' event). A binary `tick` reaches
 * the bot as a view of this buffer, which the next read overwrites: the bot's `SnapshotReceiver` decodes it
 * synchronously and keeps decoded objects, never the bytes, so no copy is needed.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);
/** How long a connection that sent its close frame waits for the server to end TCP before dropping it. */
const CLOSE_LINGER_MS = 1000;
/** What a connection that timed out was still waiting for, by the state it was in. */
const STAGE_TIMEOUT = {
  upgrading: 'no answer to the WebSocket upgrade',
  opening: 'upgraded, but no Engine.IO open packet',
  connecting: 'no answer to the Socket.IO connect',
  connected: '',
  closed: '',
} as const;

/**
 * The lean bot transport (`--transport lean`, the default): Engine.IO v4 / Socket.IO v5 spoken directly on
 * the bot's own TCP socket, with the same frames `socket.io-client` puts on the wire with
 * `transports: ['websocket']`: the same URL, `auth` payload, acks and ping answers (websocket-frames.ts and
 * websocket-handshake.ts do the RFC 6455 part, refusing what the `ws` package refuses; engine-io-codec.ts the
 * packets). `https://` URLs go over TLS, checking the certificate unless `insecure`. It does not offer
 * permessage-deflate; the Tick Arena server never enables it (use `--transport socket.io` against one that
 * does).
 *
 * The two high-rate events are binary (`binaryParser` in common, which the server uses): a `tick` arrives as
 * one WebSocket binary frame `[0x01][snapshot]` and is handed to the bot as a view of the read buffer; an
 * `input` leaves as one masked binary frame `[0x02][14-byte packet]`, built straight into the frame buffer.
 * Everything else is Socket.IO JSON text.
 *
 * Why not socket.io-client: a bot's whole job is one snapshot in and one input out per tick, and
 * socket.io-client runs each frame through five event emitters (ws, transport, engine socket, manager,
 * socket), the Socket.IO decoder's state machine, a `process.nextTick` per received packet, a binary scan
 * of every outgoing payload, and ws' Receiver and Sender streams. Why not this class on the `ws` package:
 * ws reads through a Readable stream (a new chunk Buffer and a 'data' event per read) into its Receiver, a
 * Writable stream, which cost a bot about 20% more CPU per tick than the plain socket here (docs/benchmarks.md,
 * "The bots' WebSocket layer"). Reads go through `net.connect({ onread })` into one buffer shared by the
 * thread (no chunk allocation, no stream push, no 'data' event), writes are one pre-masked buffer and one
 * `write`.
 *
 * Bytes are counted from the TCP socket (`bytesRead` / `bytesWritten`), as the socket.io-client path does
 * through its agent: real frames, WebSocket headers and the HTTP upgrade included, at no per-message cost.
 */
export class EngineIoSocket implements BotConnection {
  private readonly tcp: NetSocket;
  private readonly key = handshakeKey();
  /** Bytes of the HTTP answer to the upgrade received so far. */
  private head: Buffer | null = null;
  private readonly reader: FrameReader;
  /** upgrading: HTTP upgrade sent; opening: waiting for `0{..}`; connecting: `40` sent, waiting for `40{sid}`. */
  private state: 'upgrading' | 'opening' | 'connecting' | 'connected' | 'closed' = 'upgrading';
  private nextAckId = 0;
  private readonly pending = new Map<number, PendingRequest>();
  private connectTimer: NodeJS.Timeout | null;
  private pingWatchdog: NodeJS.Timeout | null = null;
  private transportError: string | null = null;
  /** A close frame went out: nothing more is written. */
  private closeSent = false;
  private readonly packets: PacketHandler;

  constructor(
    private readonly options: ConnectOptions,
    private readonly h: ConnectionHandlers,
  ) {
    this.packets = {
      open: (info) => {
        if (this.state !== 'opening') return;
        this.state = 'connecting';
        // Engine.IO v4: the server pings every pingInterval; no ping for pingInterval + pingTimeout means
        // the connection is dead (what engine.io-client reports as "ping timeout").
        this.pingWatchdog = setTimeout(() => this.end('ping timeout'), info.pingInterval + info.pingTimeout);
        this.send(encodeConnect(this.options.auth));
      },
      ping: () => {
        this.pingWatchdog?.refresh();
        this.send(PONG_FRAME);
      },
      close: () => this.end('transport close'),
      connect: () => {
        if (this.state !== 'connecting') return;
        this.state = 'connected';
        this.clearConnectTimer();
        this.h.connected();
      },
      disconnect: () => this.end('io server disconnect'),
      event: (args) => this.onEvent(args),
      ack: (id, args) => {
        const p = this.pending.get(id);
        if (!p) return;
        this.pending.delete(id);
        if (p.timer) clearTimeout(p.timer);
        p.settle(null, args[0]);
      },
      binaryEvent: (name, payload) => {
        // A bot receives only `tick`; `payload` is read synchronously by the handler (see READ_BUFFER).
        if (this.state === 'connected' && name === 'tick') this.h.tick(payload);
      },
      connectError: (message, data) => {
        const d = (typeof data === 'object' && data !== null ? data : {}) as {
          code?: unknown;
          message?: unknown;
        };
        this.fail(
          typeof d.code === 'string' ? d.code : message,
          typeof d.message === 'string' ? d.message : message,
        );
      },
    };
    this.reader = new FrameReader({
      text: (message) => {
        if (this.state !== 'closed') decodeFrame(message, this.packets);
      },
      binary: (data) => {
        if (this.state !== 'closed') decodeBinaryFrame(data, this.packets);
      },
      ping: (payload) => this.write(encodeClientFrame(Opcode.PONG, payload)),
      // The server's closing handshake: answer it (echoing its code, as ws does), then the server ends TCP.
      close: (code, reason) => {
        this.shutdown(code === CloseCode.NO_STATUS ? Buffer.alloc(0) : closePayload(code));
        this.end('transport close', `the server closed the WebSocket (${code}${reason ? ` ${reason}` : ''})`);
      },
    });
    this.tcp = this.open();
    this.connectTimer = setTimeout(
      () => this.fail('timeout', `${STAGE_TIMEOUT[this.state]} within ${options.connectTimeoutMs} ms`),
      options.connectTimeoutMs,
    );
  }

  /** Open the TCP (or TLS) connection and send the WebSocket upgrade request once it is up. */
  private open(): NetSocket {
    const url = new URL('/socket.io/?EIO=4&transport=websocket', this.options.url);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const secure = url.protocol === 'https:';
    const port = Number(url.port) || (secure ? 443 : 80);
    const sendUpgrade = () => tcp.write(handshakeRequest(url, this.key));
    let tcp: NetSocket;
    if (secure) {
      const tlsOptions = {
        host,
        port,
        rejectUnauthorized: this.options.insecure !== true,
        ...(isIP(host) ? {} : { servername: host }),
      };
      tcp = tlsConnect(tlsOptions, sendUpgrade);
      tcp.on('data', (chunk: Buffer) => this.onBytes(chunk, chunk.length));
    } else {
      const callback = (n: number, buf: Buffer) => {
        this.onBytes(buf, n);
        return true;
      };
      tcp = netConnect({ host, port, onread: { buffer: READ_BUFFER, callback } }, sendUpgrade);
    }
    // As ws does: frames are small and latency is what is measured.
    tcp.setNoDelay(true);
    tcp.on('error', (err: Error & { code?: string }) => {
      if (this.state === 'connected') this.transportError = 'transport error';
      else this.fail(err.code ?? err.message, err.message);
    });
    tcp.on('close', () => {
      if (this.state === 'connected') this.end(this.transportError ?? 'transport close');
      else this.fail('transport close', `the server closed the connection: ${STAGE_TIMEOUT[this.state]}`);
    });
    return tcp;
  }

  /** `buf[from..n)` arrived. */
  private onBytes(buf: Buffer, n: number, from = 0): void {
    if (this.state === 'closed') return;
    if (this.state !== 'upgrading') {
      const err = this.reader.push(buf, from, n);
      if (err) this.protocolError(err);
      return;
    }
    const head = this.head ? Buffer.concat([this.head, buf.subarray(0, n)]) : Buffer.from(buf.subarray(0, n));
    const answer = readHandshakeAnswer(head, this.key);
    if (answer.kind === 'incomplete') {
      this.head = head;
      return;
    }
    this.head = null;
    if (answer.kind === 'refused') {
      this.fail(answer.reason, answer.message);
      return;
    }
    this.state = 'opening';
    // The server may send its open packet in the same segment as the 101.
    if (answer.bodyAt < head.length) this.onBytes(head, head.length, answer.bodyAt);
  }

  get bytesIn(): number {
    return this.tcp.bytesRead;
  }

  get bytesOut(): number {
    return this.tcp.bytesWritten;
  }

  /**
   * Fire an event. `input` with its packet (a Uint8Array) leaves as one masked binary frame
   * `[BinaryEvent.input.code][packet]`, which `encodeClientFrame` writes straight into the frame buffer (the
   * packet is copied, so the caller may reuse it); anything else as a JSON text frame.
   */
  emit<K extends FireName>(name: K, ...args: Parameters<ClientToServerEvents[K]>): void {
    if (this.state !== 'connected') return;
    const code = binaryEventCode(name, args);
    if (code >= 0) this.write(encodeClientFrame(Opcode.BINARY, args[0] as Uint8Array, code));
    else this.send(encodeEvent([name, ...args]));
  }

  request<K extends RequestName>(
    name: K,
    args: RequestArgs<K>,
    timeoutMs: number,
    cb: (err: Error | null, reply?: ReplyOf<K>) => void,
  ): void {
    if (this.state !== 'connected') {
      cb(new Error('not connected'));
      return;
    }
    const id = this.nextAckId++;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            this.pending.delete(id);
            cb(new Error('operation has timed out'));
          }, timeoutMs)
        : null;
    // The reply is the server's JSON, typed by the event table as socket.io-client types it.
    this.pending.set(id, { timer, settle: (err, reply) => cb(err, reply as ReplyOf<K> | undefined) });
    this.send(encodeRequest(id, [name, ...args]));
  }

  close(): void {
    const was = this.state;
    if (was === 'closed') return;
    if (was === 'connected') this.send(DISCONNECT_FRAME);
    this.state = 'closed';
    this.clearTimers();
    this.pending.clear();
    // Upgraded: a WebSocket close (1000, normal) and FIN; the server answers with its close and ends the
    // connection. Not yet: just drop it.
    if (was === 'upgrading') this.drop();
    else this.shutdown(closePayload(CloseCode.NORMAL));
  }

  /**
   * The server broke the WebSocket protocol: tell it why with a close frame of the error's code (1002,
   * 1007, 1009), as ws does, and end the connection.
   */
  private protocolError(err: FrameError): void {
    this.shutdown(closePayload(err.code));
    this.end('transport error', `${err.message} (close ${err.code})`);
  }

  /** Send a close frame with `payload` (once per connection) and half-close TCP. */
  private shutdown(payload: Buffer): void {
    if (this.closeSent) return;
    this.closeSent = true;
    if (this.tcp.writable) this.tcp.end(encodeClientFrame(Opcode.CLOSE, payload));
  }

  private onEvent(args: unknown[]): void {
    if (this.state !== 'connected') return;
    // The server's JSON, typed by the event table as socket.io-client types it; the rest (roster, scores,
    // chat, round:end) a bot does not read. `tick` never comes as text: it is a binary frame.
    switch (args[0]) {
      case 'server:error':
        this.h.serverError(args[1] as ServerEventArg<'server:error'>);
        break;
      case 'kicked':
        this.h.kicked(args[1] as ServerEventArg<'kicked'>);
        break;
    }
  }

  private send(frame: string): void {
    this.write(encodeClientFrame(Opcode.TEXT, frame));
  }

  private write(frame: Buffer): void {
    if (this.tcp.writable) this.tcp.write(frame);
  }

  /**
   * Drop the connection: at once when no close frame went out (it failed or the server went away), else
   * after the close frame had a moment to leave (the server normally ends TCP first).
   */
  private drop(): void {
    if (this.closeSent) setTimeout(() => this.tcp.destroy(), CLOSE_LINGER_MS).unref();
    else this.tcp.destroy();
  }

  /** Before `connected`: report a failed connection and drop the transport. */
  private fail(reason: string, message: string): void {
    if (this.state === 'closed') return;
    if (this.state === 'connected') {
      this.end(reason);
      return;
    }
    this.state = 'closed';
    this.clearTimers();
    this.drop();
    this.h.connectFailed(reason, message);
  }

  /** After `connected`: the connection ended for `reason`; unanswered requests fail after the handler. */
  private end(reason: string, message = reason): void {
    if (this.state === 'closed') return;
    if (this.state !== 'connected') {
      this.fail(reason, message);
      return;
    }
    this.state = 'closed';
    this.clearTimers();
    this.drop();
    this.h.disconnected(reason);
    const err = new Error(`disconnected: ${reason}`);
    for (const p of this.pending.values()) {
      if (p.timer) clearTimeout(p.timer);
      p.settle(err);
    }
    this.pending.clear();
  }

  private clearConnectTimer(): void {
    if (this.connectTimer) clearTimeout(this.connectTimer);
    this.connectTimer = null;
  }

  private clearTimers(): void {
    this.clearConnectTimer();
    if (this.pingWatchdog) clearTimeout(this.pingWatchdog);
    this.pingWatchdog = null;
    for (const p of this.pending.values()) if (p.timer) clearTimeout(p.timer);
  }
}

interface PendingRequest {
  timer: NodeJS.Timeout | null;
  settle: (err: Error | null, reply?: unknown) => void;
}
