import type { IncomingMessage } from 'node:http';

/**
 * Decide whether a browser Origin may open a socket. CORS does not apply to WebSockets, so without this
 * check any web page could open a socket to the game server with its visitor's cookies and IP.
 * - `''` (default): same origin only: the Origin's host must equal the request's Host header.
 * - `'*'`: any origin.
 * - otherwise a comma-separated list of exact origins (`https://play.example.com`).
 * Requests without an Origin header come from non-browser clients (bots, the load tester) and pass.
 */
export function originAllowed(req: IncomingMessage, allowed: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (allowed === '*') return true;
  if (allowed === '') {
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }
  return allowed
    .split(',')
    .map((o) => o.trim())
    .includes(origin);
}

/**
 * The client's IP. With `trustedProxies` = 0 it is the socket's peer. Behind N proxies of your own
 * (`TRUST_PROXY=N`), each appends the address it saw to `X-Forwarded-For`, so the client is the Nth entry
 * from the right: what the outermost trusted proxy saw. Entries further left were written by the client
 * (or proxies you do not run) and are never used, so a client cannot pick its own address by sending the
 * header itself. Express's `trust proxy` hop count works the same way.
 */
export function clientIp(req: IncomingMessage, trustedProxies: number): string {
  const peer = normaliseIp(req.socket.remoteAddress ?? 'unknown');
  if (trustedProxies <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  if (hops.length === 0) return peer;
  // Fewer entries than trusted proxies: the leftmost is the furthest address any of them saw.
  return normaliseIp(hops[Math.max(0, hops.length - trustedProxies)] ?? peer);
}

/** `::ffff:1.2.3.4` (an IPv4 peer of a dual-stack socket) and `1.2.3.4` are one address. */
function normaliseIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

/**
 * The other nodes' part of the per-IP cap (a cluster's Redis, `scale/cluster-caps.ts`); absent on a single
 * node. Called on connect and disconnect only, never per message.
 */
export interface SharedConnectionCounts {
  /** May `ip` hold `localCount` sockets on this node (the new one included), counting the other nodes? */
  admit(ip: string, localCount: number): Promise<boolean>;
  /** This node now holds `localCount` sockets from `ip`. */
  publish(ip: string, localCount: number): void;
}

/** Counts open sockets per IP against a cap (0 = unlimited). */
export class ConnectionCounter {
  private readonly perIp = new Map<string, number>();

  constructor(private readonly cap: number) {}

  /** Reserve a slot; false when the IP is at its cap. */
  acquire(ip: string): boolean {
    const n = this.perIp.get(ip) ?? 0;
    if (this.cap > 0 && n >= this.cap) return false;
    this.perIp.set(ip, n + 1);
    return true;
  }

  release(ip: string): void {
    const n = (this.perIp.get(ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(ip);
    else this.perIp.set(ip, n);
  }

  /** Sockets open from `ip`. */
  count(ip: string): number {
    return this.perIp.get(ip) ?? 0;
  }

  /** Every IP with open sockets, and how many. */
  entries(): IterableIterator<[string, number]> {
    return this.perIp.entries();
  }
}
