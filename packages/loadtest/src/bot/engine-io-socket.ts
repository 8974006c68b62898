import type { IncomingMessage } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import WebSocket from 'ws';
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

/** What a connection that timed out was still waiting for, by the state it was in. */
const STAGE_TIMEOUT = {
  upgrading: 'no answer to the WebSocket upgrade',
  opening: 'upgraded, but no Engine.IO open packet',
  connecting: 'no answer to the Socket.IO connect',
  connected: '',
  closed: '',
} as const;

/** Close code 1000 (normal closure): a bot leaving. */
const CLOSE_NORMAL = 1000;

/**
 * The lean bot transport on the `ws` package (measurement candidate; see bench/transport-cost.ts).
 */
export class EngineIoSocket implements BotConnection {
  private readonly ws: WebSocket;
  private tcp: NetSocket | null = null;
  private state: 'upgrading' | 'opening' | 'connecting' | 'connected' | 'closed' = 'upgrading';
  private nextAckId = 0;
  private readonly pending = new Map<number, PendingRequest>();
  private connectTimer: NodeJS.Timeout | null;
  private pingWatchdog: NodeJS.Timeout | null = null;
  private readonly packets: PacketHandler;

  constructor(
    private readonly options: ConnectOptions,
    private readonly h: ConnectionHandlers,
  ) {
    this.packets = {
      open: (info) => {
        if (this.state !== 'opening') return;
        this.state = 'connecting';
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
    const url = new URL('/socket.io/?EIO=4&transport=websocket', options.url);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, {
      perMessageDeflate: false,
      rejectUnauthorized: options.insecure !== true,
    });
    this.ws = ws;
    ws.on('upgrade', (res: IncomingMessage) => {
      this.tcp = res.socket as NetSocket;
      this.tcp.setNoDelay(true);
    });
    ws.on('open', () => {
      if (this.state === 'upgrading') this.state = 'opening';
    });
    ws.on('unexpected-response', (_req, res: IncomingMessage) => {
      this.fail(
        `HTTP ${res.statusCode}`,
        `the server answered the WebSocket upgrade with HTTP ${res.statusCode}`,
      );
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.state === 'closed') return;
      if (isBinary) decodeBinaryFrame(data, this.packets);
      else decodeFrame(data.toString(), this.packets);
    });
    ws.on('error', (err: Error & { code?: string }) => {
      if (this.state === 'connected') this.end('transport error');
      else this.fail(err.code ?? 'handshake', err.message);
    });
    ws.on('close', () => {
      if (this.state === 'connected') this.end('transport close');
      else this.fail('transport close', 'the connection closed before the server accepted it');
    });
    this.connectTimer = setTimeout(
      () => this.fail('timeout', `${STAGE_TIMEOUT[this.state]} within ${options.connectTimeoutMs} ms`),
      options.connectTimeoutMs,
    );
  }

  get bytesIn(): number {
    return this.tcp?.bytesRead ?? 0;
  }

  get bytesOut(): number {
    return this.tcp?.bytesWritten ?? 0;
  }

  emit<K extends FireName>(name: K, ...args: Parameters<ClientToServerEvents[K]>): void {
    if (this.state !== 'connected') return;
    const code = binaryEventCode(name, args);
    if (code >= 0) {
      const payload = args[0] as Uint8Array;
      const frame = Buffer.allocUnsafe(1 + payload.length);
      frame[0] = code;
      frame.set(payload, 1);
      this.ws.send(frame, { binary: true });
    } else this.send(encodeEvent([name, ...args]));
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
    if (was === 'upgrading') this.ws.terminate();
    else this.ws.close(CLOSE_NORMAL);
  }

  private onEvent(args: unknown[]): void {
    if (this.state !== 'connected') return;
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
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  private fail(reason: string, message: string): void {
    if (this.state === 'closed') return;
    if (this.state === 'connected') {
      this.end(reason);
      return;
    }
    this.state = 'closed';
    this.clearTimers();
    this.ws.terminate();
    this.h.connectFailed(reason, message);
  }

  private end(reason: string, message = reason): void {
    if (this.state === 'closed') return;
    if (this.state !== 'connected') {
      this.fail(reason, message);
      return;
    }
    this.state = 'closed';
    this.clearTimers();
    this.ws.terminate();
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
