/**
 * The opening handshake of a WebSocket client (RFC 6455 section 4), as bytes: the HTTP/1.1 upgrade request
 * and the reading of the server's `101 Switching Protocols` answer. Pure; engine-io-socket.ts writes the
 * request on its TCP socket and feeds the answer back here.
 */
import { createHash, randomBytes } from 'node:crypto';

/** RFC 6455: the server proves it read the key by hashing it with this GUID. */
const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** An upgrade answer whose head is longer than this is not one. */
const MAX_HEAD = 16 * 1024;
const HEAD_END = Buffer.from('\r\n\r\n');

const HTTP_PREFIX = 'HTTP/1.';
/** How much of a non-HTTP answer a refusal quotes. */
const QUOTE_CHARS = 40;

/** A refusal for an answer that is not HTTP at all, quoting its start (printable ASCII only). */
function notHttp(received: Buffer): HandshakeAnswer {
  const firstLine = received.toString('latin1', 0, QUOTE_CHARS * 2).split(/\r?\n/)[0] ?? '';
  const quote = firstLine.replace(/[^\x20-\x7e]/g, '?').slice(0, QUOTE_CHARS);
  return { kind: 'refused', reason: 'not HTTP', message: `it answered "${quote}"` };
}

/** A fresh `Sec-WebSocket-Key`: 16 random bytes, base64. */
export function handshakeKey(): string {
  return randomBytes(16).toString('base64');
}

/** The `Sec-WebSocket-Accept` a server must answer `key` with. */
export function acceptFor(key: string): string {
  return createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');
}

/** The upgrade request for `url` (path and query are sent, the host is the `Host` header). */
export function handshakeRequest(url: URL, key: string): string {
  return (
    `GET ${url.pathname}${url.search} HTTP/1.1\r\n` +
    `Host: ${url.host}\r\n` +
    'Connection: Upgrade\r\n' +
    'Upgrade: websocket\r\n' +
    'Sec-WebSocket-Version: 13\r\n' +
    `Sec-WebSocket-Key: ${key}\r\n\r\n`
  );
}

export type HandshakeAnswer =
  /** The head is not complete yet: wait for more bytes. */
  | { kind: 'incomplete' }
  /** Anything but a valid `101` with the right accept: `reason` says what. */
  | { kind: 'refused'; reason: string; message: string }
  /** Upgraded; the WebSocket frames start at `bodyAt`. */
  | { kind: 'upgraded'; bodyAt: number };

/** Read the server's answer to the upgrade request with `key` from the bytes received so far. */
export function readHandshakeAnswer(received: Buffer, key: string): HandshakeAnswer {
  const end = received.indexOf(HEAD_END);
  if (end < 0) {
    // Whatever does not start like an HTTP status line is not one, however long it takes to end.
    const start = received.toString('latin1', 0, Math.min(received.length, HTTP_PREFIX.length));
    if (!HTTP_PREFIX.startsWith(start)) return notHttp(received);
    return received.length > MAX_HEAD
      ? { kind: 'refused', reason: 'handshake', message: 'no end to the HTTP answer' }
      : { kind: 'incomplete' };
  }
  const lines = received.toString('latin1', 0, end).split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!status) return notHttp(received);
  if (status[1] !== '101') {
    return {
      kind: 'refused',
      reason: `HTTP ${status[1]}`,
      message: `the server answered the WebSocket upgrade with ${lines[0]}`,
    };
  }
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  // The checks ws makes of a 101, with its messages. The client asks for no subprotocol and no extension,
  // so a server that picks one speaks something this client cannot.
  const refuse = (message: string): HandshakeAnswer => ({ kind: 'refused', reason: 'handshake', message });
  if (headers.get('upgrade')?.toLowerCase() !== 'websocket') return refuse('Invalid Upgrade header');
  if (headers.get('sec-websocket-accept') !== acceptFor(key))
    return refuse('Invalid Sec-WebSocket-Accept header');
  if (headers.has('sec-websocket-protocol'))
    return refuse('Server sent a subprotocol but none was requested');
  if (headers.has('sec-websocket-extensions'))
    return refuse('Server sent a Sec-WebSocket-Extensions header but no extension was requested');
  return { kind: 'upgraded', bodyAt: end + HEAD_END.length };
}
