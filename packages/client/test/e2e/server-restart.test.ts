import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startNode, type NodeProcess } from '../../../server/test/scale/support/processes.js';
import { mkdirSync } from 'node:fs';
import { ARTIFACTS, CHROMIUM, CLIENT_DIR, snapshotOf } from './support/stack.js';

/** Two server starts from source, a game and a recovery, on a machine that may be busy. */
const CASE_TIMEOUT_MS = 360_000;

/** A server started from source through tsx takes seconds, many more when the machine is busy. */
const START_TIMEOUT_MS = 90_000;

/** A marker on the page's window: still there after the recovery means the page was never reloaded. */
const MARK = 'restart-test-marker';

/**
 * The server process restarts under a page that is in a game: a real child process on a free port of the
 * test's own, stopped (SIGTERM, or SIGKILL without a goodbye) and started again on the same port. The
 * page retries by itself with backoff, showing its attempts, and once the server is back it returns to the
 * menu (the room died with the old process) with one clear sentence, a live room list and no leftover
 * error or modal, and without being reloaded.
 */
describe('recovery after a server restart (real server process, real Chromium)', () => {
  let browser: Browser;
  let node: NodeProcess | null = null;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      // The flags of support/stack.ts: no background traffic to the (closed) network.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterEach(async () => {
    await node?.stop();
    node = null;
  });
  afterAll(async () => {
    await browser?.close();
  });

  const serve = (port: number) =>
    startNode({ PORT: String(port), CLIENT_DIR, SHUTDOWN_TIMEOUT_MS: '3000' }, START_TIMEOUT_MS).then(
      (n) => (node = n),
    );

  /** A page in a fresh room of its own with one bot; returns the room code. */
  async function playInNewRoom(page: Page, url: string): Promise<string> {
    await page.goto(url);
    await page.getByLabel('Your name').fill('Rhea');
    await page.getByLabel('Bots').fill('1');
    await page.getByRole('button', { name: 'Create room' }).click();
    await page.waitForFunction(() => (window.__tickArena?.snapshot()?.playerId ?? -1) > 0, undefined, {
      timeout: 20_000,
    });
    await page.evaluate((mark) => Object.assign(window, { [mark]: true }), MARK);
    return (await snapshotOf(page))?.roomCode ?? '';
  }

  /** Back in the menu: the message, "Online", the live list, no stale error, no modal, no reload. */
  async function expectRecovered(page: Page, message: string, screenshot: string): Promise<void> {
    await page.getByText(message, { exact: true }).waitFor({ timeout: 60_000 });
    await page.locator('.conn', { hasText: 'Online' }).waitFor({ timeout: 30_000 });
    await page
      .getByText('No public rooms yet. Create one, or press Quick play.')
      .waitFor({ timeout: 15_000 });
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTIFACTS}/${screenshot}.png` });
    expect(await page.getByText('Could not load the room list').count()).toBe(0);
    expect(await page.getByText('unavailable', { exact: false }).count()).toBe(0);
    expect(await page.locator('.notice-backdrop').isVisible()).toBe(false);
    expect(await page.locator('.ribbon').isVisible()).toBe(false);
    expect(await page.evaluate((mark) => mark in window, MARK)).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/');
    // And the way on is open: the remembered name, one press, a new game on the new process.
    expect(await page.getByLabel('Your name').inputValue()).toBe('Rhea');
    await page.getByRole('button', { name: 'Quick play' }).click();
    await page.waitForFunction(() => (window.__tickArena?.snapshot()?.playerId ?? -1) > 0, undefined, {
      timeout: 20_000,
    });
  }

  it(
    'after a graceful restart (SIGTERM), says the room ended when the server restarted',
    async () => {
      const port = await freePort();
      const first = await serve(port);
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await playInNewRoom(page, first.url);

      await first.stop();
      node = null;
      // The server said goodbye: the game says it is restarting and keeps trying, counting attempts.
      await page
        .locator('.ribbon', { hasText: /The server is restarting\. Reconnecting… \(attempt \d+\)/ })
        .waitFor({ timeout: 30_000 });
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}/server-restarting.png` });

      const second = await serve(port);
      expect(second.url).toBe(first.url);
      await expectRecovered(
        page,
        'The room ended when the server restarted. Start a new one or press Quick play.',
        'after-server-restart',
      );
      await context.close();
      expect(pageErrors).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'after a crash (SIGKILL, no goodbye), says the room has ended',
    async () => {
      const port = await freePort();
      const first = await serve(port);
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      const code = await playInNewRoom(page, first.url);

      await first.kill();
      node = null;
      await page
        .locator('.ribbon', { hasText: /Connection lost\. Reconnecting… \(attempt \d+\)/ })
        .waitFor({ timeout: 30_000 });

      await serve(port);
      await expectRecovered(page, `Room ${code} has ended.`, 'after-server-crash');
      await context.close();
      expect(pageErrors).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );
});
