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

/** The client's IP: the socket's peer, or the first X-Forwarded-For hop when behind a trusted proxy. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = req.headers['x-forwarded-for'];
    const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
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
}
