import type { AddressInfo } from 'node:net';
import type { JoinedRoom } from '@tick-arena/common';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTicks, request, type TestClient } from '../../../server/test/support/harness.js';
import { connectFrom } from '../../../server/test/scale/support/clients.js';
import { httpsGet, startNginx, type NginxProcess } from '../../../server/test/scale/support/nginx.js';
import { freePort, startRedis, type RedisProcess } from '../../../server/test/scale/support/processes.js';
// Tests may reach into another package's source to run a real server; application code may not.
import { buildApp, loadConfig } from '../../../server/src/index.js';
import { CLIENT_DIR, snapshotOf, startStack, type App, type Stack } from './support/stack.js';

/** Keys to try, in turn, until the player moves (a wall may block one direction). */
const MOVE_KEYS = ['KeyD', 'KeyA', 'KeyS', 'KeyW'];
const HOLD_MS = 400;

/**
 * The browser client through Debian's nginx running the site file of docs/self-hosting.md, in front of two
 * nodes on one Redis, each with the proxy's address (and its ?node=) as PUBLIC_URL. A room lives on the
 * node the proxy does not send this browser to; its share link, opened through the proxy, lands on the
 * other node, which answers E_ROOM_ELSEWHERE; the page moves its socket to ?node=<owner> by itself and
 * plays there, every byte through nginx over TLS.
 */
describe('the browser client through nginx in front of two nodes', () => {
  let redis: RedisProcess;
  let stack: Stack;
  let nodeB: App;
  let nginx: NginxProcess;
  let proxy: string;
  let host: TestClient | undefined;

  beforeAll(async () => {
    redis = await startRedis();
    const httpsPort = await freePort();
    proxy = `https://127.0.0.1:${httpsPort}`;
    const env = (id: string) => ({
      REDIS_URL: redis.url,
      NODE_ID: id,
      PUBLIC_URL: `${proxy}/?node=${id}`,
      TRUST_PROXY: '1',
    });
    stack = await startStack(env('eu1'));
    nodeB = await buildApp(loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR, ...env('eu2') }));
    await nodeB.listen({ port: 0, host: '127.0.0.1' });
    const portB = (nodeB.server.address() as AddressInfo).port;
    nginx = await startNginx({
      nodeA: new URL(stack.base).host,
      nodeB: `127.0.0.1:${portB}`,
      httpsPort,
    });
  });

  afterAll(async () => {
    host?.disconnect();
    await stack?.close();
    await nodeB?.close();
    await nginx?.stop();
    await redis?.stop();
  });

  it('opens a share link through the proxy and plays in a room on the node it did not land on', async () => {
    const landing = JSON.parse((await httpsGet(`${proxy}/readyz`, nginx.ca)).body) as { node: string };
    const owner = landing.node === 'eu1' ? 'eu2' : 'eu1';
    host = await connectFrom(proxy, { ca: nginx.ca, query: { node: owner } });
    const made = await request<JoinedRoom>(host, 'room:create', {
      name: 'Host',
      public: false,
      maxPlayers: 4,
      tickRate: 30,
      bots: 0,
    });
    if (!made.ok) throw new Error(made.error.message);
    const code = made.data.room.code;

    // A context that trusts the test's self-signed certificate (the page and its wss:// socket).
    const context = await stack.browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: { width: 1280, height: 720 },
    });
    const page: Page = await context.newPage();
    page.on('pageerror', (err) => stack.pageErrors.push(err.message));
    try {
      await page.goto(`${proxy}/r/${code}`);
      await page.getByRole('button', { name: `Join ${code}` }).waitFor();
      await page.getByLabel('Your name').fill('Bea');
      await page.getByLabel('Your name').press('Enter');
      await page.waitForFunction(() => window.__tickArena?.snapshot()?.players.length === 2, undefined, {
        timeout: 15_000,
      });
      const joined = await snapshotOf(page);
      expect(joined?.roomCode).toBe(code);
      expect(new URL(page.url()).origin).toBe(proxy);

      // Play: the server (seen by the host's ticks) moves the browser's player when it holds a key.
      const me = joined?.playerId ?? -1;
      const where = async () => {
        const [tick] = await collectTicks(host as TestClient, 1);
        const p = tick?.players.find((q) => q.id === me);
        return p ? { x: p.x, y: p.y } : null;
      };
      const start = await where();
      let moved = 0;
      await page.locator('canvas').first().click();
      for (const key of MOVE_KEYS) {
        await page.keyboard.down(key);
        await page.waitForTimeout(HOLD_MS);
        await page.keyboard.up(key);
        const now = await where();
        moved = start && now ? Math.hypot(now.x - start.x, now.y - start.y) : 0;
        if (moved > 20) break;
      }
      console.log(`through nginx: the browser's player moved ${moved.toFixed(0)} units on node ${owner}`);
      expect(moved).toBeGreaterThan(20);
      await page.waitForFunction(() => (window.__tickArena?.ticksReceived ?? 0) > 30, undefined, {
        timeout: 5_000,
      });
      expect(stack.pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
