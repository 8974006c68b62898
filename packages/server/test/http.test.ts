import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp, loadConfig } from '../src/index.js';

describe('HTTP routes', () => {
  it('answers /healthz with status, rooms and players', async () => {
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR: '' }));
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', rooms: 0, players: 0 });
    await app.close();
  });

  it('serves the client and falls back to index.html for /r/CODE share links, but 404s missing files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tick-arena-client-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tick Arena</title>');
    writeFileSync(join(dir, 'app.js'), 'console.log(1)');
    const app = await buildApp(loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR: dir }));
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.body).toContain('Tick Arena');
    const share = await app.inject({ method: 'GET', url: '/r/ABCDEF' });
    expect(share.statusCode).toBe(200);
    expect(share.headers['content-type']).toMatch(/text\/html/);
    expect(share.body).toContain('Tick Arena');
    expect((await app.inject({ method: 'GET', url: '/app.js' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/missing.js' })).statusCode).toBe(404);
    await app.close();
  });
});
