import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '../../../server/test/scale/support/processes.js';
// Tests may reach into another package's source to run a real server; application code may not.
import { buildApp, loadConfig } from '../../../server/src/index.js';
import { CLIENT_DIR, snapshotOf, startStack, type App, type Stack } from './support/stack.js';

/**
 * Two nodes on one Redis, each serving the built client. A room made through node A's page is opened by
 * its share link on node B's page: node B answers E_ROOM_ELSEWHERE, the page's socket moves to node A by
 * itself, and the friend plays in the room.
 */
describe('share link across two nodes (real servers, real Redis, real Chromium)', () => {
  let redis: RedisProcess;
  let stack: Stack;
  let nodeB: App;
  let baseB: string;

  beforeAll(async () => {
    redis = await startRedis();
    stack = await startStack({ REDIS_URL: redis.url, NODE_ID: 'e2e-a' });
    nodeB = await buildApp(
      loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR, REDIS_URL: redis.url, NODE_ID: 'e2e-b' }),
    );
    await nodeB.listen({ port: 0, host: '127.0.0.1' });
    baseB = `http://127.0.0.1:${(nodeB.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await stack?.close();
    await nodeB?.close();
    await redis?.stop();
  });

  it("opens node A's room from a page served by node B", async () => {
    const pageA = await stack.openPage();
    await pageA.goto(stack.base);
    await pageA.getByLabel('Your name').fill('Alice');
    await pageA.getByLabel('Bots').fill('0');
    await pageA.getByRole('button', { name: 'Create room' }).click();
    const shareField = pageA.getByRole('textbox', { name: 'Share link' });
    await expect.poll(() => shareField.inputValue(), { timeout: 10_000 }).toMatch(/\/r\/[A-Z0-9]{6}$/);
    const code = (await shareField.inputValue()).slice(-6);

    const pageB = await stack.openPage();
    await pageB.goto(`${baseB}/r/${code}`);
    await pageB.getByRole('button', { name: `Join ${code}` }).waitFor();
    await pageB.getByLabel('Your name').fill('Bob');
    await pageB.getByLabel('Your name').press('Enter');

    for (const page of [pageA, pageB]) {
      await page.waitForFunction(() => window.__tickArena?.snapshot()?.players.length === 2, undefined, {
        timeout: 15_000,
      });
    }
    expect((await snapshotOf(pageB))?.roomCode).toBe(code);
    // The page stays where it was opened; only its socket moved.
    expect(new URL(pageB.url()).origin).toBe(baseB);
    await pageB.waitForFunction(() => (window.__tickArena?.ticksReceived ?? 0) > 10, undefined, {
      timeout: 5_000,
    });
    expect(stack.pageErrors).toEqual([]);
  });
});
