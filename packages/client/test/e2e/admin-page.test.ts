import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, startStack, type Stack } from './support/stack.js';

const TOKEN = 'e2e-admin-token-0123456789abcdef';

describe('admin page (real server, real Chromium)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ ADMIN_TOKEN: TOKEN });
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('signs in with the token and closes a room: its player is told and back at the menu', async () => {
    const player = await stack.openPage();
    await player.goto(stack.base);
    await player.getByLabel('Your name').fill('Alice');
    await player.getByLabel('Bots').fill('1');
    await player.getByRole('button', { name: 'Create room' }).click();
    const shareField = player.getByRole('textbox', { name: 'Share link' });
    await expect.poll(() => shareField.inputValue(), { timeout: 10_000 }).toMatch(/\/r\/[A-Z0-9]{6}$/);
    const code = (await shareField.inputValue()).slice(-6);

    const admin = await stack.openPage();
    const consoleErrors: string[] = [];
    const requested: string[] = [];
    admin.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    const failed: string[] = [];
    admin.on('request', (r) => requested.push(r.url()));
    admin.on('response', (r) => {
      if (r.status() >= 400 && r.status() !== 401) failed.push(`${r.status()} ${r.url()}`);
    });
    await admin.goto(`${stack.base}/admin`);

    // A wrong token is refused and the console stays hidden.
    await admin.getByLabel('Admin token').fill('not-the-token-but-long-enough');
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByText('That token was not accepted.').waitFor();
    expect(await admin.getByRole('heading', { name: 'Rooms' }).isVisible()).toBe(false);

    await admin.getByLabel('Admin token').fill(TOKEN);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    const row = admin.locator(`tr[data-room="${code}"]`);
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.textContent()).toContain('Alice');
    expect(await row.textContent()).toContain('30 Hz');
    mkdirSync(ARTIFACTS, { recursive: true });
    await admin.screenshot({ path: `${ARTIFACTS}/e2e-admin-page.png`, fullPage: true });

    admin.on('dialog', (d) => void d.accept());
    await admin.getByRole('button', { name: `Close room ${code}` }).click();

    const notice = player.getByRole('alertdialog');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toContain('The room was closed by an administrator');
    await notice.getByRole('button', { name: 'OK' }).click();
    await player.getByRole('button', { name: 'Create room' }).waitFor();

    await admin.getByText(`Room ${code} closed.`).waitFor();
    await row.waitFor({ state: 'detached', timeout: 10_000 });

    // The token lives in the tab's session storage, never in a URL; the policy blocked nothing.
    expect(await admin.evaluate(() => sessionStorage.getItem('tick-arena-admin-token'))).toBe(TOKEN);
    expect(requested.some((u) => u.includes(TOKEN))).toBe(false);
    expect(admin.url()).toBe(`${stack.base}/admin`);
    expect(failed).toEqual([]);
    // Only the refused sign-in shows as an error: nothing was blocked by the Content-Security-Policy.
    expect(consoleErrors.filter((e) => !/status of 401/.test(e))).toEqual([]);
    expect(stack.pageErrors).toEqual([]);
  });
});
