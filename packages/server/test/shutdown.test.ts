import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CloseReason, type JoinedRoom } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import { connect, request, validCreate } from './support/harness.js';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('graceful shutdown', () => {
  it('on SIGTERM tells connected clients the server is restarting and exits 0 within the bound', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        CLIENT_DIR: '',
        LOG_LEVEL: 'info',
        SHUTDOWN_TIMEOUT_MS: '3000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (m?.[1]) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`server exited early: ${stderr}`)));
    });

    const inRoom = await connect(url);
    const inLobby = await connect(url);
    const created = await request<JoinedRoom>(inRoom, 'room:create', { ...validCreate, bots: 2 });
    expect(created.ok).toBe(true);
    const notices = [inRoom, inLobby].map(
      (c) => new Promise<{ reason: string; message: string }>((resolve) => c.once('kicked', resolve)),
    );

    const t0 = performance.now();
    child.kill('SIGTERM');
    const [a, b] = await Promise.all(notices);
    const code = await exited;
    const ms = performance.now() - t0;

    expect(a?.reason).toBe(CloseReason.SHUTDOWN);
    expect(b?.reason).toBe(CloseReason.SHUTDOWN);
    expect(a?.message).toMatch(/restarting/);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(3000 + 1000);
    expect(stderr).toBe('');
    inRoom.close();
    inLobby.close();
  });
});
