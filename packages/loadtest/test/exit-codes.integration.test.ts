import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import { buildApp, loadConfig } from '@tick-arena/server';
import { Server } from 'socket.io';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliProcess, type CliResult } from './support/run-cli.js';

/** The connect timeout of every run here; each must end well before the test's own timeout. */
const CONNECT_TIMEOUT_MS = 3000;
/** Generous: a CLI process starts in 1-3 s on the shared machine. What matters is that nothing hangs. */
const MUST_END_WITHIN_MS = 20_000;

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function listen<T extends HttpServer | TcpServer>(server: T): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    // The CLI exits (or gives up) with the connection open, so the kernel may answer our next write with a
    // reset: expected here, and without a listener it would be an uncaught ECONNRESET in the test process.
    s.on('error', () => undefined);
  });
  cleanups.push(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A full run (workers, ramp, a 1 s window, shutdown) on the shared machine. */
const FULL_RUN_MS = 60_000;

/**
 * The CLI against `url` with a short connect timeout, timed; killed (and the test failed) if it runs
 * longer than `limitMs`.
 */
async function run(url: string, limitMs: number, ...extra: string[]): Promise<CliResult & { ms: number }> {
  const started = Date.now();
  const r = await runCliProcess(
    [url, '-c', '8', '--workers', '1', '--warmup', '0', '--duration', '1', '--no-progress'].concat(
      ['--connect-timeout', String(CONNECT_TIMEOUT_MS)],
      extra,
    ),
    limitMs,
  );
  return { ...r, ms: Date.now() - started };
}

/** Exactly one line on stderr, none on stdout: nothing was measured. */
function nothingMeasured(r: CliResult, line: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr.trim()).toMatch(line);
}

describe('a server that is not Tick Arena is exit 2, within the connect timeout, in one line', () => {
  it(
    'a plain socket.io server with no Tick Arena events',
    async () => {
      const http = createHttpServer();
      const io = new Server(http);
      cleanups.push(() => new Promise((resolve) => io.close(resolve)));
      const url = await listen(http);
      const r = await run(url, MUST_END_WITHIN_MS);
      nothingMeasured(
        r,
        new RegExp(
          `^tick-arena-loadtest: ${url} is a socket.io server but not Tick Arena: it did not answer time:sync within the connect timeout \\(3000 ms\\)$`,
        ),
      );
      expect(r.ms).toBeLessThan(MUST_END_WITHIN_MS);
    },
    MUST_END_WITHIN_MS + 10_000,
  );

  it(
    'a plain HTTP server',
    async () => {
      const url = await listen(createHttpServer((_req, res) => res.writeHead(404).end('not here')));
      nothingMeasured(
        await run(url, MUST_END_WITHIN_MS),
        new RegExp(
          `^tick-arena-loadtest: ${url} is not a Tick Arena server: it answered the WebSocket upgrade of /socket.io/ with HTTP 404$`,
        ),
      );
    },
    MUST_END_WITHIN_MS + 10_000,
  );

  it(
    'a TCP service that is not HTTP (it greets with a banner)',
    async () => {
      const url = await listen(
        createTcpServer((s) => {
          s.write('SSH-2.0-OpenSSH_9.2p1\r\n');
          s.on('data', () => s.write('Protocol mismatch.\r\n'));
        }),
      );
      nothingMeasured(
        await run(url, MUST_END_WITHIN_MS),
        new RegExp(
          `^tick-arena-loadtest: ${url} is not a Tick Arena server: it does not speak HTTP \\(it answered "SSH-2.0-OpenSSH_9.2p1"\\)$`,
        ),
      );
    },
    MUST_END_WITHIN_MS + 10_000,
  );

  it(
    'a TCP service that never says a word',
    async () => {
      const url = await listen(createTcpServer((s) => s.on('data', () => {})));
      const r = await run(url, MUST_END_WITHIN_MS);
      nothingMeasured(
        r,
        new RegExp(
          `^tick-arena-loadtest: ${url} is not a Tick Arena server, or far too busy: no answer to the WebSocket upgrade within 3000 ms$`,
        ),
      );
      expect(r.ms).toBeLessThan(MUST_END_WITHIN_MS);
    },
    MUST_END_WITHIN_MS + 10_000,
  );
});

describe('failed connects fail the run', () => {
  /** A real game server that admits 4 sockets per address: of 8 bots from 127.0.0.1, 4 are refused. */
  async function cappedServer(): Promise<string> {
    const app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', CLIENT_DIR: '', MAX_CONNECTIONS_PER_IP: '4' }),
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    cleanups.push(() => app.close());
    return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }

  it(
    'exits 1 when some bots were refused, with the count and the reason on one line',
    async () => {
      const r = await run(await cappedServer(), FULL_RUN_MS);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/clients in a room\s+4 of 8/);
      expect(r.stderr.trim().split('\n')).toEqual([
        'tick-arena-loadtest: 4 of 8 clients failed to connect (E_TOO_MANY_CONNECTIONS x4); none allowed (see --allow-connect-failures)',
      ]);
    },
    FULL_RUN_MS + 10_000,
  );

  it(
    'passes with --allow-connect-failures covering them, and says so in one line',
    async () => {
      const r = await run(await cappedServer(), FULL_RUN_MS, '--allow-connect-failures', '0.5');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.trim().split('\n').at(-1)).toBe(
        'tick-arena-loadtest: passed: 4 of 8 clients connected',
      );
    },
    FULL_RUN_MS + 10_000,
  );
});
