/**
 * Makes docs/screenshot.png, the README's picture: two people in one room, seen from one of them, trading
 * shots. It starts the real server on a free loopback port with the built client, opens two headless
 * Chromium pages (Alice creates a room, Bob opens her share link), walks Bob to where Alice can see him,
 * has both aim at each other and fire, and screenshots Alice's page mid-fight.
 *
 *   pnpm build && pnpm exec tsx packages/client/scripts/readme-screenshot.ts [out.png]
 */
import { fileURLToPath } from 'node:url';
import { ARENA } from '@tick-arena/common';
import type { Page } from 'playwright-core';
import { clearShot, pathHeading, type Point } from '../test/e2e/support/shooter.js';
import { snapshotOf, startStack } from '../test/e2e/support/stack.js';

const OUT = process.argv[2] ?? fileURLToPath(new URL('../../../docs/screenshot.png', import.meta.url));
const VIEWPORT = { width: 1280, height: 720 };
/** Bob stops once he is this close to Alice (world units) with a clear line: well inside her view. */
const NEAR = 420;
/** How far past each other they aim for the picture, radians: a near miss at that range. */
const MISS_RAD = 0.12;
/** Seconds Bob may take to get there. */
const WALK_LIMIT_S = 40;

async function playerOf(page: Page, id: number): Promise<Point & { alive: boolean }> {
  const s = await snapshotOf(page);
  const p = s?.players.find((q) => q.id === id);
  if (!p) throw new Error(`player ${id} not in view`);
  return p;
}

/** Hold the movement keys nearest to `angle` (radians, screen y down), releasing the others. */
async function steer(page: Page, angle: number | null): Promise<void> {
  const dx = angle === null ? 0 : Math.cos(angle);
  const dy = angle === null ? 0 : Math.sin(angle);
  const want = new Set<string>();
  if (dx > 0.38) want.add('KeyD');
  if (dx < -0.38) want.add('KeyA');
  if (dy > 0.38) want.add('KeyS');
  if (dy < -0.38) want.add('KeyW');
  for (const key of ['KeyW', 'KeyA', 'KeyS', 'KeyD']) {
    if (want.has(key)) await page.keyboard.down(key);
    else await page.keyboard.up(key);
  }
}

/**
 * Point the page's mouse from its own player towards `target`, turned by `offset` radians (the pointer
 * only gives the direction).
 */
async function aimAt(page: Page, selfId: number, target: Point, offset = 0): Promise<void> {
  const frame = await page.evaluate(() => window.__tickArena?.rendered() ?? null);
  const cam = await page.evaluate(() => window.__tickArena?.feedback().camera ?? null);
  const me = frame?.players.find((p) => p.id === selfId);
  if (!me || !cam) throw new Error('nothing drawn yet');
  const angle = Math.atan2(target.y - me.y, target.x - me.x) + offset;
  const ax = (me.x - cam.x) * cam.zoom + VIEWPORT.width / 2;
  const ay = (me.y - cam.y) * cam.zoom + VIEWPORT.height / 2;
  await page.mouse.move(ax + Math.cos(angle) * 160, ay + Math.sin(angle) * 160);
}

const stack = await startStack();
try {
  const alice = await (await stack.browser.newContext({ viewport: VIEWPORT })).newPage();
  const bob = await (await stack.browser.newContext({ viewport: VIEWPORT })).newPage();
  await alice.goto(stack.base);
  await alice.getByLabel('Your name').fill('Alice');
  await alice.getByLabel('Bots').fill('0');
  await alice.getByRole('button', { name: 'Create room' }).click();
  await alice.waitForFunction(() => window.__tickArena?.snapshot() != null, undefined, { timeout: 15_000 });
  await bob.goto(await alice.getByRole('textbox', { name: 'Share link' }).inputValue());
  await bob.getByLabel('Your name').fill('Bob');
  await bob.getByLabel('Your name').press('Enter');
  for (const page of [alice, bob]) {
    await page.waitForFunction(() => window.__tickArena?.snapshot()?.players.length === 2, undefined, {
      timeout: 15_000,
    });
  }
  const aliceId = (await snapshotOf(alice))?.playerId ?? -1;
  const bobId = (await snapshotOf(bob))?.playerId ?? -1;

  const deadline = performance.now() + WALK_LIMIT_S * 1000;
  for (;;) {
    const a = await playerOf(bob, aliceId);
    const b = await playerOf(bob, bobId);
    const near = Math.hypot(a.x - b.x, a.y - b.y) < NEAR && clearShot(b, a, ARENA);
    if (near) break;
    if (performance.now() > deadline) throw new Error('Bob could not reach Alice');
    await steer(bob, pathHeading(ARENA, b, a) ?? Math.atan2(a.y - b.y, a.x - b.x));
    await bob.waitForTimeout(80);
  }
  await steer(bob, null);
  await bob.waitForTimeout(400);

  // One hit each, so both health bars show a fight...
  await aimAt(alice, aliceId, await playerOf(alice, bobId));
  await aimAt(bob, bobId, await playerOf(bob, aliceId));
  await Promise.all([alice.mouse.down(), bob.mouse.down()]);
  await alice.waitForTimeout(60);
  await Promise.all([alice.mouse.up(), bob.mouse.up()]);
  await alice.waitForTimeout(600);
  // ...then both keep firing just past each other while the picture is taken: a screenshot takes about a
  // second here, longer than a laser is drawn, so the lasers keep coming and nobody dies mid-picture.
  await aimAt(alice, aliceId, await playerOf(alice, bobId), MISS_RAD);
  await aimAt(bob, bobId, await playerOf(bob, aliceId), -MISS_RAD);
  await Promise.all([alice.mouse.down(), bob.mouse.down()]);
  await alice.waitForTimeout(300);
  await alice.screenshot({ path: OUT });
  await Promise.all([alice.mouse.up(), bob.mouse.up()]);
  console.log(`wrote ${OUT}`);
} finally {
  await stack.close();
}
