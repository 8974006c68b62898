import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { ARTIFACTS, snapshotOf, startStack, type Stack } from './support/stack.js';
import { Walker } from './support/walker.js';

/** The invitation's text, once it says something other than "Checking…". */
async function inviteText(page: Page): Promise<string> {
  const text = page.locator('.invite__text');
  await page.waitForFunction(
    () => {
      const t = document.querySelector('.invite__text')?.textContent ?? '';
      return t !== '' && !t.startsWith('Checking');
    },
    undefined,
    { timeout: 15_000 },
  );
  return text.innerText();
}

/** A page named Host creates a private room without bots (of `maxPlayers` seats) and plays in it; its code. */
async function hostRoom(stack: Stack, maxPlayers?: number): Promise<string> {
  const host = await stack.openPage();
  await host.goto(stack.base);
  await host.getByLabel('Your name').fill('Host');
  await host.getByLabel('Bots').fill('0');
  if (maxPlayers !== undefined) await host.getByLabel('Max players').fill(String(maxPlayers));
  await host.getByRole('button', { name: 'Create room' }).click();
  await host.waitForFunction(() => (window.__tickArena?.snapshot()?.playerId ?? -1) > 0, undefined, {
    timeout: 15_000,
  });
  return (await snapshotOf(host))?.roomCode ?? '';
}

/** Nothing a player reads on the page shows a raw error code (the "Details" line is closed). */
async function visibleCodes(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText();
  return text.match(/E_[A-Z_]{4,}/g) ?? [];
}

/**
 * Share links, as a friend opens them: each case says what it is before any name is typed (a broken
 * code, no such room, a full room to watch, a room to join), and never with a raw error code. In the room,
 * joins and leaves are said in the chat by the server; in the menu, the public rooms list updates by itself.
 */
/** Each case loads one or two pages on a machine that may be busy. */
const CASE_TIMEOUT_MS = 120_000;

describe('invitations, room list and announcements (real server, real Chromium)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  }, CASE_TIMEOUT_MS);

  it(
    'says at once that a malformed code in a link is not a room code',
    async () => {
      const page = await stack.openPage();
      await page.goto(`${stack.base}/r/abc`);
      expect(await inviteText(page)).toMatch(/^This link has no valid room code \(“abc”\)/);
      // Nothing was typed, nothing to press but the menu's own buttons.
      expect(await page.getByLabel('Your name').inputValue()).toBe('');
      expect(await page.getByRole('button', { name: /^Join abc/i }).count()).toBe(0);
      expect(await visibleCodes(page)).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'checks an unknown code before asking for a name, and says the room does not exist',
    async () => {
      const page = await stack.openPage();
      await page.goto(`${stack.base}/r/ZZZZZZ`);
      expect(await inviteText(page)).toMatch(/^Room ZZZZZZ doesn't exist/);
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: `${ARTIFACTS}/invite-unknown-room.png` });
      expect(await page.getByLabel('Your name').inputValue()).toBe('');
      expect(await page.getByRole('button', { name: 'Join ZZZZZZ' }).isVisible()).toBe(false);
      expect(await visibleCodes(page)).toEqual([]);
      // Enter with a name now starts quick play (the obvious thing), not a join that cannot work.
      await page.getByLabel('Your name').fill('Quinn');
      await page.getByLabel('Your name').press('Enter');
      await page.waitForFunction(() => (window.__tickArena?.snapshot()?.playerId ?? -1) > 0, undefined, {
        timeout: 15_000,
      });
      expect((await snapshotOf(page))?.roomCode).not.toBe('ZZZZZZ');
      expect(stack.pageErrors).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'joins the invited room when the name is entered while the invitation is still being checked',
    async () => {
      const code = await hostRoom(stack);

      // A fast typist: the name goes in and Enter is pressed the moment the page says "Checking room…",
      // before the server has answered the check (a script in the page, so no automation round trip).
      const friend = await stack.openPage();
      await friend.addInitScript(() => {
        const w = window as unknown as { enteredWhile?: string };
        const watch = new MutationObserver(() => {
          const text = document.querySelector('.invite__text')?.textContent ?? '';
          const input = document.getElementById('player-name');
          if (!text.startsWith('Checking') || !(input instanceof HTMLInputElement) || !input.form) return;
          watch.disconnect();
          input.value = 'Eager';
          w.enteredWhile = text;
          input.form.requestSubmit();
        });
        watch.observe(document, { childList: true, subtree: true, characterData: true });
      });
      await friend.goto(`${stack.base}/r/${code}`);
      await friend.waitForFunction(() => (window.__tickArena?.snapshot()?.playerId ?? -1) > 0, undefined, {
        timeout: 15_000,
      });
      expect(await friend.evaluate(() => (window as unknown as { enteredWhile?: string }).enteredWhile)).toBe(
        `Checking room ${code}…`,
      );
      expect((await snapshotOf(friend))?.roomCode).toBe(code);
      expect(stack.pageErrors).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'says a full room is full under the invitation and offers to watch it',
    async () => {
      const code = await hostRoom(stack, 1);

      const friend = await stack.openPage();
      await friend.goto(`${stack.base}/r/${code}`);
      expect(await inviteText(friend)).toBe(
        `Room ${code} is full (1/1 player). You can watch until a seat frees up.`,
      );
      mkdirSync(ARTIFACTS, { recursive: true });
      await friend.screenshot({ path: `${ARTIFACTS}/invite-full-room.png` });
      await friend.getByLabel('Your name').fill('Fan');
      await friend.getByRole('button', { name: `Watch ${code}` }).click();
      await friend.getByText(`Watching room ${code}.`).waitFor({ timeout: 15_000 });
      expect(await visibleCodes(friend)).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );

  it(
    'announces joins and leaves in the chat, and keeps the public room list live',
    async () => {
      const watcher = await stack.openPage();
      await watcher.goto(stack.base);
      await watcher.getByText('Online').waitFor({ timeout: 15_000 });
      expect(await watcher.getByRole('button', { name: 'Refresh' }).count()).toBe(0);

      const host = await stack.openPage();
      await host.goto(stack.base);
      await host.getByLabel('Your name').fill('Hana');
      await host.getByLabel('Bots').fill('1');
      await host.getByRole('radio', { name: 'Public' }).check();
      await host.getByRole('button', { name: 'Create room' }).click();
      await host.waitForFunction(() => (window.__tickArena?.snapshot()?.playerId ?? -1) > 0, undefined, {
        timeout: 15_000,
      });
      const code = (await snapshotOf(host))?.roomCode ?? '';

      // The room appears in the other page's list without anything pressed, its bot counted right and its
      // difficulty said (easy, a new room's default).
      const row = watcher.locator(`.room-list__item[data-code="${code}"]`);
      await row.waitFor({ timeout: 10_000 });
      expect(await row.locator('.room-list__meta').innerText()).toBe('2/8 players · 30 Hz · 1 easy bot');

      // A second player joins: the chat says so (from the server), and the list's count follows.
      const walker = await Walker.join(stack.base, code, 'Wendy');
      await host.getByText('Wendy joined', { exact: true }).waitFor({ timeout: 10_000 });
      await watcher.waitForFunction(
        (c) =>
          document.querySelector(`.room-list__item[data-code="${c}"] .room-list__meta`)?.textContent ===
          '3/8 players · 30 Hz · 1 easy bot',
        code,
        { timeout: 10_000 },
      );
      walker.close();
      await host.getByText(/^Wendy left/).waitFor({ timeout: 40_000 });

      // The host leaves: the room closes and leaves the list.
      await host.getByRole('button', { name: 'Leave' }).click();
      await row.waitFor({ state: 'detached', timeout: 10_000 });
      expect(stack.pageErrors).toEqual([]);
    },
    CASE_TIMEOUT_MS,
  );
});
