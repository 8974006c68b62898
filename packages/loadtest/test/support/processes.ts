import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const REDIS_SERVER = '/usr/bin/redis-server';

/** A free loopback port: bind port 0, read what the kernel gave, release it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      s.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** A child process whose stdout is kept line by line, so a test can await what it prints. */
export class Watched {
  readonly lines: string[] = [];
  private readonly waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';

  constructor(
    readonly child: ChildProcess,
    readonly what: string,
  ) {
    let partial = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) this.onLine(line);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => (this.stderr = (this.stderr + chunk).slice(-4000)));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  private onLine(line: string): void {
    this.lines.push(line);
    for (const w of [...this.waiters]) {
      if (!w.pattern.test(line)) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(line);
    }
  }

  /**
   * The first line matching `pattern` among those printed from line `since` on (already, or to come);
   * rejects if the process exits first.
   */
  waitFor(pattern: RegExp, since = 0, timeoutMs = 90_000): Promise<string> {
    const seen = this.lines.slice(since).find((l) => pattern.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `${this.what}: no line matching ${pattern} in ${timeoutMs} ms:\n${this.lines.join('\n')}\n${this.stderr}`,
            ),
          ),
        timeoutMs,
      );
      void this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(
          new Error(
            `${this.what} exited (${code ?? signal}) before printing ${pattern}:\n${this.lines.join('\n')}\n${this.stderr}`,
          ),
        );
      });
      this.waiters.push({
        pattern,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  /** Send `signal` and resolve once it exited (SIGKILL after 8 s). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
      setTimeout(() => this.child.kill('SIGKILL'), 8000).unref();
    }
    await this.exited;
  }
}

/** Debian's redis-server on a free loopback port, nothing saved to disk. */
export async function startRedis(): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const redis = new Watched(child, 'redis-server');
  await redis.waitFor(/Ready to accept connections/, 0, 30_000);
  return { url: `redis://127.0.0.1:${port}`, stop: () => redis.stop() };
}

/** `tick-arena-loadtest <args>` in its own process, as `pnpm loadtest` runs it; its output watched. */
export function startCli(args: string[]): Watched {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Watched(child, `tick-arena-loadtest ${args.join(' ')}`);
}

/** A tester agent process, once it waits for work. */
export async function startAgent(redisUrl: string, name: string, ...extra: string[]): Promise<Watched> {
  const agent = startCli(['agent', '--redis', redisUrl, '--name', name, '--workers', '1', ...extra]);
  await agent.waitFor(/waiting for work/);
  return agent;
}
