import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, snapshotOf, startStack, type Stack } from './support/stack.js';

async function createRoom(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Bots').fill('0');
  await page.getByRole('button', { name: 'Create room' }).click();
}

describe('?netsim= in the browser (real server, real Chromium)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('plays behind the simulator, says so in the corner, and keeps the option in the room address', async () => {
    const page = await stack.openPage();
    await page.goto(`${stack.base}/?netsim=120,10,0`);
    await expect.poll(() => page.locator('.netsim-tag').textContent()).toBe('netsim 120/10/0%');
    await createRoom(page, 'Sim');
    await page.waitForFunction(() => (window.__tickArena?.ticksReceived ?? 0) > 30, undefined, {
      timeout: 10_000,
    });
    const code = (await snapshotOf(page))?.roomCode ?? '';
    expect(new URL(page.url()).pathname).toBe(`/r/${code}`);
    expect(new URL(page.url()).search).toBe('?netsim=120,10,0');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/e2e-netsim.png` });
    expect(stack.pageErrors).toEqual([]);
  });

  it('loses the state ticks, and only them: at 100% loss the player is in the room and no tick arrives', async () => {
    const lossy = await stack.openPage();
    await lossy.goto(`${stack.base}/?netsim=40,0,100`);
    await createRoom(lossy, 'Lossy');
    // The room's address is the share link (the join answer got through: it is not a state tick).
    await lossy.waitForURL(/\/r\/[A-Z0-9]{6}\?netsim=/, { timeout: 10_000 });
    const code = new URL(lossy.url()).pathname.slice(3);

    const watcher = await stack.openPage();
    await watcher.goto(`${stack.base}/r/${code}`);
    await watcher.getByLabel('Your name').fill('Watcher');
    await watcher.getByLabel('Your name').press('Enter');
    await watcher.waitForFunction(() => window.__tickArena?.snapshot()?.players.length === 2, undefined, {
      timeout: 10_000,
    });
    await watcher.waitForFunction(() => (window.__tickArena?.ticksReceived ?? 0) > 30, undefined, {
      timeout: 10_000,
    });
    expect(await lossy.evaluate(() => window.__tickArena?.ticksReceived)).toBe(0);
    await expect.poll(() => watcher.locator('.netsim-tag').count()).toBe(0);
  });

  it('shows a value it cannot use and runs on the real network', async () => {
    const page = await stack.openPage();
    await page.goto(`${stack.base}/?netsim=150,20`);
    await expect
      .poll(() => page.locator('.netsim-tag.bad').textContent())
      .toMatch(/^netsim off: .*rtt,jitter,loss/);
    await createRoom(page, 'Plain');
    await page.waitForFunction(() => (window.__tickArena?.ticksReceived ?? 0) > 10, undefined, {
      timeout: 10_000,
    });
  });
});
