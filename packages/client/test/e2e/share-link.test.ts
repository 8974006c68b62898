import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, snapshotOf, startStack, type Stack } from './support/stack.js';

/** The arena is 2000 units wide; a player this close to the right wall has little room to walk right. */
const RIGHT_ROOM_NEEDED = 400;
const ARENA_WIDTH = 2000;

async function playerX(page: Page, id: number): Promise<number> {
  const s = await snapshotOf(page);
  const p = s?.players.find((q) => q.id === id);
  if (!p) throw new Error(`player ${id} is not in this page's snapshot`);
  return p.x;
}

/** Hold a key for `ms`, then wait a few ticks so the movement reaches every client. */
async function hold(page: Page, key: string, ms: number): Promise<void> {
  await page.keyboard.down(key);
  await page.waitForTimeout(ms);
  await page.keyboard.up(key);
  await page.waitForTimeout(300);
}

describe('share link (real server, real Chromium)', () => {
  let stack: Stack;
  let base: string;
  const openPage = () => stack.openPage();

  beforeAll(async () => {
    stack = await startStack();
    base = stack.base;
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('drops a friend into the room and both see each other move', async () => {
    const pageA = await openPage();
    await pageA.goto(base);
    await pageA.getByLabel('Your name').fill('Alice');
    // No bots, so the room holds exactly the two of us.
    await pageA.getByLabel('Bots').fill('0');
    await pageA.getByRole('button', { name: 'Create room' }).click();

    const shareField = pageA.getByRole('textbox', { name: 'Share link' });
    await expect.poll(() => shareField.inputValue(), { timeout: 10_000 }).toMatch(/\/r\/[A-Z0-9]{6}$/);
    const link = await shareField.inputValue();
    expect(link.startsWith(`${base}/r/`)).toBe(true);
    const code = link.slice(-6);

    const pageB = await openPage();
    await pageB.goto(link);
    // The invitation is on screen before anything is typed.
    await pageB.getByRole('button', { name: `Join ${code}` }).waitFor();
    await pageB.getByLabel('Your name').fill('Bob');
    await pageB.getByLabel('Your name').press('Enter');

    for (const page of [pageA, pageB]) {
      await page.waitForFunction(() => window.__tickArena?.snapshot()?.players.length === 2, undefined, {
        timeout: 10_000,
      });
    }
    const viewA = await snapshotOf(pageA);
    const viewB = await snapshotOf(pageB);
    expect(viewA?.roomCode).toBe(code);
    expect(viewB?.roomCode).toBe(code);
    const bobId = viewB?.playerId ?? -1;
    expect(bobId).toBeGreaterThan(0);
    expect(bobId).not.toBe(viewA?.playerId);
    // Ticks keep flowing (binary frames, decoded by the page's snapshot stream).
    await pageB.waitForFunction(() => (window.__tickArena?.ticksReceived ?? 0) > 10, undefined, {
      timeout: 5_000,
    });

    // Spawns are random; one by the right wall leaves no room to show a move right, so step left first.
    if ((await playerX(pageB, bobId)) > ARENA_WIDTH - RIGHT_ROOM_NEEDED) await hold(pageB, 'a', 900);

    const before = await playerX(pageA, bobId);
    await hold(pageB, 'd', 1000);
    const after = await playerX(pageA, bobId);
    // 1 s at 260 units/s, less a round trip and any wall in the way: 100 units is well clear of noise.
    expect(after - before).toBeGreaterThan(100);

    mkdirSync(ARTIFACTS, { recursive: true });
    await pageA.screenshot({ path: `${ARTIFACTS}/e2e-pageA.png` });
    await pageB.screenshot({ path: `${ARTIFACTS}/e2e-pageB.png` });
    expect(stack.pageErrors).toEqual([]);
  });
});
