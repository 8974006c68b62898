import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** `pnpm start` recompiles with `tsc -b` (and builds the client if its bundle is stale) before it listens. */
const START_TIMEOUT_MS = 150_000;

/** The process ids under `root` (itself included), read from /proc: pnpm runs the script through a shell. */
function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid ..."; comm may contain spaces, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // the process exited while we listed /proc
    }
  }
  const found = [root];
  for (let i = 0; i < found.length; i++) {
    for (const [pid, ppid] of parentOf) if (ppid === found[i]) found.push(pid);
  }
  return found;
}

const nulSeparated = (path: string) => readFileSync(path, 'utf8').split('\0').filter(Boolean);

describe('pnpm start (production path)', () => {
  it(
    'runs the built JavaScript with plain node: no tsx in the server process',
    async () => {
      const child = spawn('pnpm', ['start', '--', '--port', '0', '--host', '127.0.0.1'], {
        cwd: ROOT,
        env: { ...process.env, LOG_LEVEL: 'info', NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      let output = '';
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          createInterface({ input: child.stdout }).on('line', (line) => {
            output += line + '\n';
            const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
            if (m?.[1]) resolve(m[1]);
          });
          child.once('exit', (code) => reject(new Error(`pnpm start exited (${code}):\n${output}`)));
        });

        const server = descendants(child.pid!).find((pid) => {
          try {
            return nulSeparated(`/proc/${pid}/cmdline`).some((a) => a.endsWith('scripts/start.mjs'));
          } catch {
            return false;
          }
        });
        expect(server, `no scripts/start.mjs under pnpm:\n${output}`).toBeDefined();
        const cmdline = nulSeparated(`/proc/${server}/cmdline`);
        expect(cmdline[0]).toMatch(/node$/);
        expect(cmdline).toContain('--conditions=tick-arena-dist');
        expect(cmdline.join(' ')).not.toMatch(/tsx|--import|--loader|--experimental-strip-types/);
        const nodeOptions = nulSeparated(`/proc/${server}/environ`).find((e) =>
          e.startsWith('NODE_OPTIONS='),
        );
        expect(nodeOptions ?? '').not.toMatch(/tsx|--import|--loader/);

        // It is the real server, built: it answers, and it serves the client bundle.
        const health = await fetch(`${url}/healthz`);
        expect(health.status).toBe(200);
        expect(((await health.json()) as { status: string }).status).toBe('ok');
        const page = await fetch(`${url}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toMatch(/<script[^>]+src="\/assets\/[^"]+\.js"/);
      } finally {
        if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      }
    },
    START_TIMEOUT_MS + 10_000,
  );
});
