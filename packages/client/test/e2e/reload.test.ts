import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Shooter } from './support/shooter.js';
import { snapshotOf, startStack, type Stack } from './support/stack.js';

/** Each case: a page load, a hunt, a reload and a second reload, on a machine that may be busy. */
const CASE_TIMEOUT_MS = 150_000;
/** Long enough for the hunter to find the page's player, wait out its spawn protection and kill it. */
const KILL_TIMEOUT_MS = 45_000;

/** The page's own player id once it is in a room and has a snapshot. */
async function playing(page: Page): Promise<number> {
  await page.waitForFunction(() => (window.__tickArena?.snapshot()?.playerId ?? -1) > 0, undefined, {
    timeout: 20_000,
  });
  return (await snapshotOf(page))?.playerId ?? -1;
}

/**
 * F5 in a room: the page takes its own seat back (the resume token survives the reload in sessionStorage)
 * without asking for a name, with the same player id and the same kills and deaths, and without a ghost
 * "(reconnecting)" seat left behind. In a full room too: a resume takes the held seat, it is not a join.
 */
describe('a reload keeps your seat (real server, real Chromium)', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  for (const { label, maxPlayers } of [
    { label: 'in a room with a free seat', maxPlayers: 4 },
    { label: 'in a full room', maxPlayers: 2 },
  ]) {
    it(
      `puts you back in your seat at once, with your score, ${label}`,
      async () => {
        const page = await stack.openPage();
        await page.goto(stack.base);
        await page.getByLabel('Your name').fill('Rel');
        await page.getByLabel('Bots').fill('0');
        await page.getByLabel('Max players').fill(String(maxPlayers));
        await page.getByRole('button', { name: 'Create room' }).click();
        const playerId = await playing(page);
        const code = (await snapshotOf(page))?.roomCode ?? '';
        const room = () => stack.app.rooms.get(code);

        // A second player kills the page's player at least once: a score to keep.
        const hunter = await Shooter.join(stack.base, code, 'Hunter');
        hunter.hunt(playerId);
        const me = () => room()?.state.players.find((p) => p.id === playerId);
        await expect
          .poll(() => me()?.deaths ?? 0, { timeout: KILL_TIMEOUT_MS, interval: 250 })
          .toBeGreaterThan(0);
        hunter.hunt(null);
        if (maxPlayers === 2) expect(room()?.freeSeats).toBe(0);
        // The page has been told its score on the reliable channel.
        await page.waitForFunction(
          (deaths) => (window.__tickArena?.snapshot()?.score?.deaths ?? 0) >= deaths,
          me()?.deaths ?? 1,
          { timeout: 10_000 },
        );
        const before = { kills: me()?.kills, deaths: me()?.deaths };
        const humansBefore = room()?.humanCount;

        await page.reload();
        // Back in the game without anything typed: the name field was never touched after the reload.
        const after = await playing(page);
        expect(after).toBe(playerId);
        expect((await snapshotOf(page))?.roomCode).toBe(code);
        await page.waitForFunction(
          ({ kills, deaths }) => {
            const s = window.__tickArena?.snapshot()?.score;
            return s?.kills === kills && s?.deaths === deaths;
          },
          before,
          { timeout: 10_000 },
        );
        expect({ kills: me()?.kills, deaths: me()?.deaths }).toEqual(before);
        // The same seat, not a second one: no ghost holding the old seat, nobody locked out.
        expect(room()?.humanCount).toBe(humansBefore);
        expect(
          room()
            ?.roster()
            .filter((r) => !r.bot),
        ).toEqual([
          expect.objectContaining({ id: playerId, name: 'Rel', connected: true }),
          expect.objectContaining({ id: hunter.id, name: 'Hunter', connected: true }),
        ]);
        expect(await page.getByText('is full').count()).toBe(0);
        await page
          .getByText(`Back in room ${code}, in the same seat.`, { exact: true })
          .waitFor({ timeout: 5_000 });

        // Leaving on purpose gives the seat up: a reload afterwards shows the menu, not the room.
        await page.getByRole('button', { name: 'Leave' }).click();
        await page.reload();
        await page.getByLabel('Your name').waitFor();
        expect(await page.evaluate(() => window.__tickArena?.snapshot() ?? null)).toBeNull();
        expect(await page.evaluate(() => sessionStorage.getItem('tick-arena:seat'))).toBeNull();
        hunter.close();
        expect(stack.pageErrors).toEqual([]);
      },
      CASE_TIMEOUT_MS,
    );
  }
});
