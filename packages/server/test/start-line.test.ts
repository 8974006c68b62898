import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openUrl, startLine } from '../src/start-line.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Start the real server process on a free port and return its stdout lines up to the start line. */
async function startAndRead(env: Record<string, string>): Promise<string[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', CLIENT_DIR: '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const lines: string[] = [];
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        if (line.startsWith('Tick Arena is running')) resolve([...lines]);
      });
      child.once('exit', () => reject(new Error(`server exited early: ${stderr}`)));
    });
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
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
    const listening = lines
      .map((l) => /Server listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(l)?.[1])
      .find(Boolean);
    expect(listening).toBeDefined();
    expect(lines.at(-1)).toBe(`Tick Arena is running: open http://127.0.0.1:${listening}`);
    expect(lines.filter((l) => l.startsWith('Tick Arena is running'))).toHaveLength(1);
  });

  it('uses PUBLIC_URL when it is set', async () => {
    const lines = await startAndRead({ HOST: '127.0.0.1', PUBLIC_URL: 'https://arena.example.org' });
    expect(lines.at(-1)).toBe('Tick Arena is running: open https://arena.example.org');
  });
});
