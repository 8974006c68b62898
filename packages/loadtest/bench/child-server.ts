import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** A server that has not answered by then (tsx compiling on a busy shared machine takes a while) is given up. */
const START_TIMEOUT_MS = 60_000;

/** A server under test in its own process, so the scheduler can give it a core of its own. */
export interface ChildServer {
  url: string;
  /** What the server said about itself when it came up (the baseline: its snapshot size), or ''. */
  about: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Every child still running; killed when the bench exits, however it exits (an error, ^C, the end). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

function stopper(child: ChildProcess): () => Promise<void> {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 8000).unref();
    });
}

async function waitForHttp(url: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`${url} did not come up within ${ms} ms`);
}

/**
 * The Tick Arena server, configured for load: no per-IP connection cap (every bot comes from 127.0.0.1),
 * caps on players and rooms far above what is tested, warnings-only logging.
 */
export async function startGameServer(): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      CLIENT_DIR: '',
      MAX_CONNECTIONS_PER_IP: '0',
      MAX_PLAYERS: '100000',
      MAX_ROOMS: '10000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = stopper(child);
  await waitForHttp(`${url}/healthz`, START_TIMEOUT_MS).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url, about: '', stop };
}

/**
 * The bare socket.io baseline, broadcasting binary snapshots sized to `payloadBytes` (see
 * src/baseline/baseline-payload.ts). `about` is its start-up line: the synthetic players and bytes chosen.
 */
export async function startBaseline(payloadBytes: number): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/loadtest/src/baseline/main.ts',
      '--port',
      String(port),
      '--payload-bytes',
      String(payloadBytes),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  // `baseline listening at URL: full snapshots of N synthetic players, B B`, printed once it listens; the
  // rest of stdout (nothing, normally) is drained.
  let about = '';
  const firstLine = new Promise<void>((resolve) => {
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (about !== '') return;
      about = (chunk.split('\n')[0] ?? '').replace(/^baseline listening at \S+?: /, '');
      resolve();
    });
    child.once('exit', () => resolve());
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/socket.io/?EIO=4&transport=polling`, START_TIMEOUT_MS).catch(
    async (err: unknown) => {
      await stopper(child)();
      throw err;
    },
  );
  await firstLine;
  return { url, about, stop: stopper(child) };
}

/** Resolve once `child` prints a line matching `pattern` on stdout; reject if it exits first or after `ms`. */
function printed(child: ChildProcess, pattern: RegExp, what: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    let done = false;
    const timer = setTimeout(() => reject(new Error(`${what}: nothing matching ${pattern} in ${ms} ms`)), ms);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (done) return; // later output is drained
      seen = (seen + chunk).slice(-4000);
      if (!pattern.test(seen)) return;
      done = true;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before printing ${pattern}`));
    });
  });
}

/** Debian's redis-server on a free loopback port, nothing saved: the channel `--agents` coordinates through. */
export async function startRedis(): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(
    '/usr/bin/redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = stopper(child);
  await printed(child, /Ready to accept connections/, 'redis-server', START_TIMEOUT_MS).catch(
    async (err: unknown) => {
      await stop();
      throw err;
    },
  );
  return { url: `redis://127.0.0.1:${port}`, about: '', stop };
}

/**
 * A load-tester agent (`tick-arena-loadtest agent`) in its own process, with one worker thread, once it waits
 * for work on `redisUrl`. Its own output is drained; the coordinator reports its figures.
 */
export async function startAgent(redisUrl: string, name: string): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/loadtest/src/main.ts',
      'agent',
      '--redis',
      redisUrl,
      '--name',
      name,
      '--workers',
      '1',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const stop = stopper(child);
  await printed(child, /waiting for work/, `agent ${name}`, START_TIMEOUT_MS).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { url: redisUrl, about: name, stop };
}
