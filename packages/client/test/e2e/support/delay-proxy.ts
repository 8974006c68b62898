import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/** Which way bytes travel through the proxy: `up` from the client to the server, `down` back. */
export type ProxyDirection = 'up' | 'down';

export interface DelayProxyOptions {
  /** Where connections are forwarded. */
  readonly target: { readonly host: string; readonly port: number };
  /** Round trip the proxy adds, ms: each direction is delayed by half of it. */
  readonly rttMs: number;
  /** Each chunk's delay varies uniformly within ± this, ms (order is kept: see `releaseAt`). @default 0 */
  readonly jitterMs?: number;
  /** Uniform in [0, 1); seed it for a repeatable run. @default Math.random */
  readonly random?: () => number;
  /** Sees every chunk as it is forwarded (to inspect the raw stream). */
  readonly tap?: (direction: ProxyDirection, chunk: Buffer) => void;
}

export interface DelayProxy {
  /** `http://127.0.0.1:<port>`: open this instead of the server. */
  readonly url: string;
  readonly port: number;
  /** Payload bytes forwarded so far, per direction. */
  readonly bytes: Readonly<Record<ProxyDirection, number>>;
  close(): Promise<void>;
}

/**
 * When a chunk received at `now` may go out: after its own delay (`oneWayMs` ± `jitterMs`, from `u` in
 * [0, 1)), but never before the chunk ahead of it went out (`previous`). A TCP stream cannot reorder, so
 * jitter on a TCP path shows as head-of-line blocking: a late chunk holds back the ones behind it.
 */
export function releaseAt(
  now: number,
  previous: number,
  oneWayMs: number,
  jitterMs: number,
  u: number,
): number {
  const delay = Math.max(0, oneWayMs + (2 * u - 1) * jitterMs);
  return Math.max(previous, now + delay);
}

/**
 * One direction of one connection: chunks wait in order until their release time, written by one timer
 * armed for the head of the queue. An end from the sender is passed on once everything ahead of it went.
 */
class DelayLine {
  private readonly queue: { at: number; chunk: Buffer | null }[] = [];
  private last = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private ended = false;

  constructor(
    private readonly out: Socket,
    private readonly oneWayMs: number,
    private readonly jitterMs: number,
    private readonly random: () => number,
    private readonly forwarded: (chunk: Buffer) => void,
  ) {}

  /** A chunk to forward, or null for the sender's end of stream. */
  push(chunk: Buffer | null): void {
    if (this.ended) return;
    if (chunk === null) this.ended = true;
    this.last = releaseAt(performance.now(), this.last, this.oneWayMs, this.jitterMs, this.random());
    this.queue.push({ at: this.last, chunk });
    this.arm();
  }

  /** The receiver is gone: nothing more can be delivered. */
  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
    this.ended = true;
  }

  private arm(): void {
    const head = this.queue[0];
    if (this.timer !== null || !head) return;
    this.timer = setTimeout(this.flush, Math.max(0, head.at - performance.now()));
  }

  private readonly flush = (): void => {
    this.timer = null;
    const now = performance.now();
    while (this.queue.length > 0 && (this.queue[0]?.at ?? Infinity) <= now) {
      const { chunk } = this.queue.shift() ?? { chunk: null };
      if (this.out.destroyed || this.out.writableEnded) return;
      if (chunk === null) this.out.end();
      else {
        this.forwarded(chunk);
        this.out.write(chunk);
      }
    }
    this.arm();
  };
}

/**
 * A TCP proxy on 127.0.0.1:0 that adds latency and jitter to everything between a client and a server
 * (HTTP and the WebSocket upgraded from it alike), as a long-distance path would, while keeping TCP's
 * guarantees: bytes arrive complete and in order. Nagle is off on both legs so the proxy adds no delay
 * of its own beyond what it is asked to.
 */
export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
  const oneWay = options.rttMs / 2;
  const jitter = options.jitterMs ?? 0;
  const random = options.random ?? Math.random;
  const bytes: Record<ProxyDirection, number> = { up: 0, down: 0 };
  const open = new Set<Socket>();
  // Half-open: each direction ends on its own, after its delayed bytes, as the sender's FIN would arrive.
  const server: Server = createServer({ noDelay: true, allowHalfOpen: true }, (client) => {
    const upstream = connect({ ...options.target, noDelay: true, allowHalfOpen: true });
    open.add(client);
    open.add(upstream);
    const forwarded = (direction: ProxyDirection) => (chunk: Buffer) => {
      bytes[direction] += chunk.byteLength;
      options.tap?.(direction, chunk);
    };
    const up = new DelayLine(upstream, oneWay, jitter, random, forwarded('up'));
    const down = new DelayLine(client, oneWay, jitter, random, forwarded('down'));
    client.on('data', (chunk) => up.push(chunk));
    upstream.on('data', (chunk) => down.push(chunk));
    client.on('end', () => up.push(null));
    upstream.on('end', () => down.push(null));
    // A side that closed (or failed) takes no more bytes; what it sent still goes out, then an end.
    const closed = (side: Socket, from: DelayLine, to: DelayLine): void => {
      open.delete(side);
      to.stop();
      from.push(null);
    };
    client.on('close', () => closed(client, up, down));
    upstream.on('close', () => closed(upstream, down, up));
    // An error is followed by 'close'.
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    bytes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}
