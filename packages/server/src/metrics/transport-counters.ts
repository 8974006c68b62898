import type { Server as HttpServer } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import type { Counter } from 'prom-client';
import type { GameServer } from '../socket-io.js';

export interface TransportCounters {
  bytesSent: Counter;
  bytesReceived: Counter;
  messagesSent: Counter;
  messagesReceived: Counter;
}

/**
 * Count real traffic without touching the game code. Bytes come from the TCP sockets of the HTTP server
 * (`bytesWritten`/`bytesRead`, so WebSocket framing and handshakes are included) and are read only at
 * scrape time; messages are engine.io `message` packets, counted as they are created or received, plus
 * `directMessages()`, the snapshots written to the TCP socket without an engine.io packet.
 * Returns a function that brings the counters up to date (call it from a counter's `collect`).
 */
export function countTransport(
  server: HttpServer,
  io: GameServer,
  c: TransportCounters,
  directMessages: () => number = () => 0,
): () => void {
  const live = new Set<NetSocket>();
  // Bytes already reported per live socket, so each scrape adds only the difference.
  const seen = new WeakMap<NetSocket, { out: number; in: number }>();
  const flush = (s: NetSocket) => {
    const prev = seen.get(s) ?? { out: 0, in: 0 };
    const out = s.bytesWritten;
    const inn = s.bytesRead;
    if (out > prev.out) c.bytesSent.inc(out - prev.out);
    if (inn > prev.in) c.bytesReceived.inc(inn - prev.in);
    seen.set(s, { out, in: inn });
  };
  server.on('connection', (s: NetSocket) => {
    live.add(s);
    s.once('close', () => {
      flush(s);
      live.delete(s);
    });
  });

  // Plain numbers on the hot path (tens of thousands of packets a second); the counters catch up on scrape.
  let sent = 0;
  let received = 0;
  let sentReported = 0;
  let receivedReported = 0;
  io.engine.on('connection', (socket: { on(ev: string, fn: (packet: { type: string }) => void): void }) => {
    socket.on('packetCreate', (packet) => {
      if (packet.type === 'message') sent += 1;
    });
    socket.on('packet', (packet) => {
      if (packet.type === 'message') received += 1;
    });
  });

  return () => {
    for (const s of live) flush(s);
    const sentNow = sent + directMessages();
    c.messagesSent.inc(sentNow - sentReported);
    c.messagesReceived.inc(received - receivedReported);
    sentReported = sentNow;
    receivedReported = received;
  };
}
