import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const LISTENING = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/;
const REDIS_SERVER = '/usr/bin/redis-server';

/** A free loopback port: bind port 0, read what the kernel gave, release it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Wait for a line matching `pattern` on a child's stdout (or `stream`); rejects if it exits first. */
export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  what: string,
  // Generous: a server started through tsx on 2 cores shared with other test runs can take 30 s.
  timeoutMs = 60_000,
  stream = child.stdout,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`${what} did not start within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code} before it was ready:\n${seen}`));
    };
    child.once('exit', onExit);
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-8192);
      const m = pattern.exec(seen);
      if (m) {
        clearTimeout(timer);
        child.off('exit', onExit);
        stream?.off('data', onData);
        // Keep draining its output so the pipe never fills.
        stream?.resume();
        resolve(m[1] ?? m[0]);
      }
    };
    stream?.on('data', onData);
  });
}

/** Stop a child: SIGTERM (or `signal`), resolve on exit, SIGKILL after 5 s. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** A `redis-server` of the test's own on a free loopback port, with no persistence. */
export interface RedisProcess {
  readonly port: number;
  readonly url: string;
  stop(): Promise<void>;
}

/** Start Debian's redis-server on `port` (default: a free one), nothing saved to disk. */
export async function startRedis(port?: number): Promise<RedisProcess> {
  const p = port ?? (await freePort());
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'notice'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await waitForLine(child, /Ready to accept connections/, 'redis-server').catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return { port: p, url: `redis://127.0.0.1:${p}`, stop: () => stopChild(child) };
}

/** A Tick Arena server process. */
export interface NodeProcess {
  readonly url: string;
  readonly pid: number;
  /** Graceful stop (SIGTERM). */
  stop(): Promise<void>;
  /** Die without a word. */
  kill(): Promise<void>;
}

/**
 * Start a server from source on 127.0.0.1, port 0, and learn its port from its "Server listening at" log
 * line (as packages/client/bench/server-process.ts does).
 */
export async function startNode(env: Record<string, string>, timeoutMs = 30_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      CLIENT_DIR: '',
      MAX_CONNECTIONS_PER_IP: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A server that never says it listens is not left running behind a failed test.
  const url = await waitForLine(child, LISTENING, 'the server', timeoutMs).catch((err: unknown) => {
    child.kill('SIGKILL');
    throw err;
  });
  return {
    url,
    pid: child.pid ?? -1,
    stop: () => stopChild(child),
    kill: () => stopChild(child, 'SIGKILL'),
  };
}

/** Poll `check` every `everyMs` until it returns a value other than undefined, or fail after `timeoutMs`. */
export async function until<T>(
  check: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 15_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
