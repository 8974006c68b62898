import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotOf, startStack, type Stack } from './support/stack.js';

describe('reconnection in the browser (real server, real Chromium)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('shows "Reconnecting…" when the connection drops and gets the same seat back by itself', async () => {
    const page = await stack.openPage();
    await page.goto(stack.base);
    await page.getByLabel('Your name').fill('Rita');
    await page.getByLabel('Bots').fill('1');
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.waitForFunction(() => window.__tickArena?.snapshot()?.players.length === 2, undefined, {
      timeout: 10_000,
    });
    const before = await snapshotOf(page);
    const playerId = before?.playerId ?? -1;
    expect(playerId).toBeGreaterThan(0);

    // Cut the transport from the server side without a goodbye, as a Wi-Fi drop looks to the server.
    const serverSocket = [...stack.app.io.sockets.sockets.values()].find((s) => s.data.playerId === playerId);
    expect(serverSocket).toBeDefined();
    serverSocket?.conn.close();

    await page.getByText('Connection lost. Reconnecting…').waitFor({ timeout: 5_000 });
    await page.getByText('Connection lost. Reconnecting…').waitFor({ state: 'hidden', timeout: 15_000 });
    const ticksAfterResume = await page.evaluate(() => window.__tickArena?.ticksReceived ?? 0);
    await page.waitForFunction((n) => (window.__tickArena?.ticksReceived ?? 0) > n + 20, ticksAfterResume, {
      timeout: 10_000,
    });

    const after = await snapshotOf(page);
    expect(after?.playerId).toBe(playerId);
    expect(after?.roomCode).toBe(before?.roomCode);
    const room = stack.app.rooms.get(before?.roomCode ?? '');
    expect(room?.roster().find((r) => r.id === playerId)).toMatchObject({ name: 'Rita', connected: true });
    expect(room?.humanCount).toBe(1);
    expect(stack.pageErrors).toEqual([]);
  });
});
