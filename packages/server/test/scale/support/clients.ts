import { PROTOCOL_VERSION, binaryParser } from '@tick-arena/common';
import { io } from 'socket.io-client';
import { tapOf, type TestClient } from '../../support/harness.js';

/** How a test client reaches a server: from which loopback address, with which extra headers. */
export interface ClientOptions {
  /**
   * Source address of the connection. Every address of 127.0.0.0/8 is this machine on Linux, so tests can
   * play clients of different IPs without leaving loopback.
   */
  localAddress?: string;
  /** Extra handshake headers (a client forging X-Forwarded-For). */
  headers?: Record<string, string>;
  /** The `?node=` routing parameter of the nginx site (docs/self-hosting.md). */
  query?: Record<string, string>;
  /** A CA to trust (the test nginx's self-signed certificate). */
  ca?: string;
  /** @default ['websocket'] */
  transports?: Array<'websocket' | 'polling'>;
}

/** Open a socket like `harness.connect`, from `opts.localAddress`. Resolves connected or rejects the error. */
export function connectFrom(url: string, opts: ClientOptions = {}): Promise<TestClient> {
  const socket: TestClient = io(url, {
    auth: { protocol: PROTOCOL_VERSION },
    parser: binaryParser,
    transports: opts.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(opts.query ? { query: opts.query } : {}),
    ...(opts.headers ? { extraHeaders: opts.headers } : {}),
    ...(opts.ca ? { ca: opts.ca } : {}),
    // engine.io-client hands `localAddress` to `ws` in Node; its type does not list it.
    ...((opts.localAddress ? { localAddress: opts.localAddress } : {}) as object),
  });
  return new Promise<TestClient>((resolve, reject) => {
    socket.once('connect', () => {
      tapOf(socket);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** The outcome of a connection attempt: 'ok' (the open socket is added to `keep`) or the refusal's code. */
export async function tryConnect(
  url: string,
  opts: ClientOptions,
  keep: TestClient[],
): Promise<'ok' | string> {
  try {
    keep.push(await connectFrom(url, opts));
    return 'ok';
  } catch (err) {
    const data = (err as { data?: { code?: string } }).data;
    return data?.code ?? (err as Error).message;
  }
}
