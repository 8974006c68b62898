/** Hosts that mean "every interface": a person on this machine opens `localhost`. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

/**
 * The address a person should open once the server listens: `PUBLIC_URL` when set (the server sits behind a
 * proxy or a domain), else `http://HOST:PORT` with a wildcard HOST shown as `localhost` (the default
 * `0.0.0.0` is no address a browser can open) and an IPv6 HOST in brackets.
 */
export function openUrl(publicUrl: string, host: string, port: number): string {
  if (publicUrl) return publicUrl;
  const name = WILDCARD_HOSTS.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/**
 * The one plain line `main.ts` prints when the server is up, for the person who started it. pino's JSON
 * lines around it are for log pipelines; this one is what a newcomer looks for in the terminal.
 */
export function startLine(url: string): string {
  return `Tick Arena is running: open ${url}`;
}
