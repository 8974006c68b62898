import { ErrorCode, type WireError } from '@tick-arena/common';
import type { GameSocket } from '../net/connection.js';
import type { LinkStatus } from '../net/link-status.js';
import { wireErrorOf } from '../net/request-error.js';

/** What the app hears about the connection. */
export interface ConnectionEvents {
  /** Connected: for the first time, or again after a loss. */
  online(): void;
  /** The link status changed (for the status line and the in-game ribbon). */
  status(status: LinkStatus): void;
  /** The transport was lost; socket.io is already retrying. */
  dropped(): void;
  /** The server ended this connection on purpose (after a `kicked`, usually). We connect again next. */
  serverClosed(): void;
  /** A refusal that retrying cannot fix (protocol version, origin, too many connections). */
  refused(error: WireError): void;
}

/**
 * Waits between tries after the server refused us because it was shutting down, ms: socket.io does not
 * retry a refusal by itself (the socket gives up), but this one is a restart in progress.
 */
const RESTART_RETRY_MS = [500, 1000, 2000, 4000] as const;

/**
 * One place that turns socket.io's connection events into the app's: retries with backoff after any loss
 * (socket.io's own reconnection, whose attempts are counted for "Reconnecting… (attempt n)"), including
 * the two cases socket.io leaves alone: a connection the server closed (a restart says goodbye, then
 * closes) and a handshake refused with E_SHUTTING_DOWN (we knocked while it was still draining).
 */
export class ConnectionWatch {
  private attempt = 0;
  private restarting = false;
  private everConnected = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly socket: GameSocket,
    private readonly events: ConnectionEvents,
  ) {
    socket.on('connect', this.onConnect);
    socket.on('disconnect', this.onDisconnect);
    socket.on('connect_error', this.onConnectError);
    socket.io.on('reconnect_attempt', this.onAttempt);
  }

  /** The server said it is restarting: the status says so until we are back. */
  markRestarting(): void {
    this.restarting = true;
    if (!this.socket.connected) this.report();
  }

  private readonly onConnect = (): void => {
    this.everConnected = true;
    this.attempt = 0;
    this.restarting = false;
    this.events.status({ kind: 'online' });
    this.events.online();
  };

  private readonly onDisconnect = (reason: string): void => {
    // Our own `disconnect()` (moving to another node of a cluster): that code reconnects by itself.
    if (reason === 'io client disconnect') return;
    this.attempt = 0;
    this.report();
    if (reason === 'io server disconnect') {
      this.events.serverClosed();
      // socket.io does not reconnect after a server-side close; once asked, it retries with backoff.
      this.socket.connect();
    } else {
      this.events.dropped();
    }
  };

  private readonly onAttempt = (n: number): void => {
    this.attempt = n;
    this.report();
  };

  private readonly onConnectError = (err: Error): void => {
    const coded = wireErrorOf(err);
    if (!coded || this.socket.active) {
      // Not reachable yet; socket.io retries and counts the attempts.
      this.report();
      return;
    }
    if (coded.code === ErrorCode.SHUTTING_DOWN) {
      this.restarting = true;
      this.attempt += 1;
      this.report();
      const wait = RESTART_RETRY_MS[Math.min(this.attempt, RESTART_RETRY_MS.length) - 1] ?? 4000;
      if (this.retryTimer !== null) clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        if (!this.socket.connected) this.socket.connect();
      }, wait);
      return;
    }
    this.events.status({ kind: 'refused' });
    this.events.refused(coded);
  };

  private report(): void {
    this.events.status(
      this.everConnected
        ? { kind: 'reconnecting', attempt: this.attempt, restarting: this.restarting }
        : { kind: 'connecting', attempt: this.attempt },
    );
  }
}
