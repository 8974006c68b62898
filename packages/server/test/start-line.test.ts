import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openUrl, startLine } from '../src/start-line.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/**
 * Start the real server process on a free port, wait for the start line, stop it, and return every line it
 * wrote to stdout (the start line and pino's JSON lines, in whatever order they came).
 */
async function startAndRead(env: Record<string, string>): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', CLIENT_DIR: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines: string[] = [];
  const exited = new Promise((r) => child.once('exit', r));
  const output = createInterface({ input: child.stdout });
  const closed = new Promise((r) => output.once('close', r));
  try {
    await new Promise<void>((resolve, reject) => {
      output.on('line', (line) => {
        lines.push(line);
        if (line.startsWith('Tick Arena is running')) resolve();
      });
      child.once('exit', () => reject(new Error(`server exited early: ${stderr}`)));
    });
  } finally {
    child.kill('SIGTERM');
    await exited;
    await closed;
  }
  return lines;
}

describe('the start line', () => {
  it('names the address a person opens', () => {
    expect(openUrl('', '0.0.0.0', 3000)).toBe('http://localhost:3000');
    expect(openUrl('', '::', 8080)).toBe('http://localhost:8080');
    expect(openUrl('', '192.168.1.20', 3000)).toBe('http://192.168.1.20:3000');
    expect(openUrl('', '::1', 3000)).toBe('http://[::1]:3000');
    expect(openUrl('https://play.example.com', '0.0.0.0', 3000)).toBe('https://play.example.com');
    expect(startLine('http://localhost:3000')).toBe('Tick Arena is running: open http://localhost:3000');
  });

  it('is printed once, as plain text, with the port the server really listens on', async () => {
    const lines = await startAndRead({ HOST: '127.0.0.1' });
    const port = lines
      .map((l) => /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(l)?.[1])
      .find(Boolean);
    expect(port, lines.join('\n')).toBeDefined();
    const starts = lines.filter((l) => l.includes('Tick Arena is running'));
    expect(starts).toEqual([`Tick Arena is running: open http://127.0.0.1:${port}`]);
  });

  it('uses PUBLIC_URL when it is set', async () => {
    const lines = await startAndRead({ HOST: '127.0.0.1', PUBLIC_URL: 'https://arena.example.org' });
    expect(lines.filter((l) => l.includes('Tick Arena is running'))).toEqual([
      'Tick Arena is running: open https://arena.example.org',
    ]);
  });
});
