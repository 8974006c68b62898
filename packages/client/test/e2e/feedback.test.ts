import { mkdirSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DebugFeedback } from '../../src/debug/debug-hook.js';
import { hudBoxes, outside, overlaps } from './support/hud-boxes.js';
import { Shooter } from './support/shooter.js';
import { ARTIFACTS, snapshotOf, startStack, type Stack } from './support/stack.js';

const VIEWPORT = { width: 1280, height: 720 };

function feedbackOf(page: Page): Promise<DebugFeedback> {
  return page.evaluate(() => {
    const f = window.__tickArena?.feedback();
    if (!f) throw new Error('no debug hook');
    return f;
  });
}

async function playerIdOf(page: Page): Promise<number> {
  const s = await snapshotOf(page);
  if (!s) throw new Error('not in a room');
  return s.playerId;
}

/**
 * Where the page's own player is drawn and where its camera looks, read in one frame, once the camera has
 * stopped moving (two reads 100 ms apart within half a unit).
 */
async function settledView(page: Page, selfId: number) {
  const read = () =>
    page.evaluate((id) => {
      const me = window.__tickArena?.rendered()?.players.find((p) => p.id === id);
      const cam = window.__tickArena?.feedback().camera;
      return me && cam ? { me, cam } : null;
    }, selfId);
  let last = await read();
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(100);
    const next = await read();
    if (last && next && Math.hypot(next.cam.x - last.cam.x, next.cam.y - last.cam.y) < 0.5) return next;
    last = next;
  }
  throw new Error('the camera never settled');
}

/**
 * Set the shooter on player `id` until `page` has felt a hit. On a timeout the failure says what the shooter
 * and the server saw (a hunt that never lands is otherwise a bare "expected 0 to be greater than 0").
 */
async function hurtBy(stack: Stack, shooter: Shooter, page: Page, id: number): Promise<void> {
  shooter.hunt(id);
  try {
    await expect.poll(async () => (await feedbackOf(page)).cues.hurt, { timeout: 40_000 }).toBeGreaterThan(0);
  } catch (err) {
    const room = [...stack.app.rooms.all()].find((r) => r.state.players.some((p) => p.id === id));
    const p = room?.state.players.find((q) => q.id === id);
    const server = p
      ? `server: target at (${p.x.toFixed(0)},${p.y.toFixed(0)}) hp ${p.hp} alive ${p.alive} ` +
        `protected ${p.protectedFor.toFixed(2)} s, deaths ${p.deaths}, round ${room?.state.round.phase}`
      : 'server: target not in any room';
    throw new Error(`no hurt cue on the page: ${shooter.describeHunt(id)}; ${server}`, { cause: err });
  } finally {
    shooter.hunt(null);
  }
}

/** A short step, so spawn protection (which may last until the first move) is over. */
async function step(page: Page): Promise<void> {
  await page.keyboard.down('KeyW');
  await page.waitForTimeout(120);
  await page.keyboard.up('KeyW');
}

describe('feedback in the browser: sound, mute, shake, reduced motion, hit marker', () => {
  let stack: Stack;
  let contexts: BrowserContext[];
  /** Normal motion settings. */
  let pageA: Page;
  /** `prefers-reduced-motion: reduce`. */
  let pageB: Page;
  let shooter: Shooter;

  beforeAll(async () => {
    stack = await startStack();
    const plain = await stack.browser.newContext({ viewport: VIEWPORT });
    const calm = await stack.browser.newContext({ viewport: VIEWPORT, reducedMotion: 'reduce' });
    contexts = [plain, calm];
    pageA = await plain.newPage();
    pageB = await calm.newPage();
    for (const p of [pageA, pageB]) p.on('pageerror', (err) => stack.pageErrors.push(err.message));
    await pageA.goto(stack.base);
    await pageA.getByLabel('Your name').fill('Alice');
    await pageA.getByLabel('Bots').fill('0');
    await pageA.getByRole('button', { name: 'Create room' }).click();
    await pageA.waitForFunction(() => window.__tickArena?.snapshot() != null, undefined, { timeout: 15_000 });
    await pageB.goto(await pageA.getByRole('textbox', { name: 'Share link' }).inputValue());
    await pageB.getByLabel('Your name').fill('Bob');
    await pageB.getByLabel('Your name').press('Enter');
    for (const p of [pageA, pageB]) {
      await p.waitForFunction(() => window.__tickArena?.rendered()?.players.length === 2, undefined, {
        timeout: 15_000,
      });
    }
    const code = (await snapshotOf(pageA))?.roomCode ?? '';
    shooter = await Shooter.join(stack.base, code, 'Shooter');
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    shooter?.close();
    for (const c of contexts ?? []) await c.close().catch(() => undefined);
    await stack?.close();
  });

  it('toggles sound with M and says so on the button', async () => {
    const button = pageB.getByRole('button', { name: 'Mute sound (M)' });
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    expect((await feedbackOf(pageB)).muted).toBe(false);
    await pageB.keyboard.press('m');
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    expect((await feedbackOf(pageB)).muted).toBe(true);
    // Typing an m into the chat does not toggle it.
    await pageB.keyboard.press('Enter');
    await pageB.keyboard.type('mmm');
    await pageB.keyboard.press('Escape');
    expect((await feedbackOf(pageB)).muted).toBe(true);
    // The other browser is not muted.
    expect((await feedbackOf(pageA)).muted).toBe(false);
  });

  it('shakes the screen and thumps when hurt; with reduced motion, no shake and (muted) no sound', async () => {
    const idA = await playerIdOf(pageA);
    const idB = await playerIdOf(pageB);
    await step(pageA);
    await step(pageB);

    await hurtBy(stack, shooter, pageA, idA);
    const a = await feedbackOf(pageA);
    console.log(`A (motion allowed): ${JSON.stringify(a)}`);
    expect(a.reducedMotion).toBe(false);
    expect(a.maxShakePx).toBeGreaterThan(2);
    expect(a.audio).toBe('running');
    expect(a.soundsPlayed.hurt).toBeGreaterThan(0);

    await hurtBy(stack, shooter, pageB, idB);
    // A few frames more: the flash and the shake (if any) would play out now.
    await pageB.waitForTimeout(300);
    const b = await feedbackOf(pageB);
    console.log(`B (reduced motion, muted): ${JSON.stringify(b)}`);
    expect(b.reducedMotion).toBe(true);
    expect(b.maxShakePx).toBe(0);
    expect(b.soundsRequested.hurt).toBeGreaterThan(0);
    expect(b.soundsPlayed.hurt).toBe(0);
    expect(b.soundsPlayed.laser).toBe(0);
  });

  it('marks a hit when your shot lands', async () => {
    const idB = await playerIdOf(pageB);
    // The shooter walks to a clear line to B and waits there, holding fire.
    shooter.stalk(idB);
    // Up to three tries: each aims anew from where both stand then (a player that moved in between, or a
    // pointer read from a camera still gliding, makes a miss); every miss is described in the failure.
    const misses: string[] = [];
    let landed = false;
    for (let attempt = 1; attempt <= 3 && !landed; attempt++) {
      await expect.poll(() => shooter.hasClearShotAt(idB), { timeout: 30_000 }).toBe(true);
      // Both stand still now: B aims along the line to the shooter (the pointer only gives the direction),
      // once its camera has settled (it glides after a respawn), or the pointer would aim from elsewhere.
      const target = shooter.position;
      const { me, cam } = await settledView(pageB, idB);
      if (!target) throw new Error('nothing to aim at');
      const angle = Math.atan2(target.y - me.y, target.x - me.x);
      const ax = (me.x - cam.x) * cam.zoom + VIEWPORT.width / 2;
      const ay = (me.y - cam.y) * cam.zoom + VIEWPORT.height / 2;
      await pageB.mouse.move(ax + Math.cos(angle) * 200, ay + Math.sin(angle) * 200);
      const hitsBefore = (await feedbackOf(pageB)).cues.hit;
      const shotsBefore = shooter.shotsBy.get(idB) ?? 0;
      await pageB.mouse.down();
      for (const until = Date.now() + 5_000; Date.now() < until && !landed;) {
        await pageB.waitForTimeout(100);
        landed = (await feedbackOf(pageB)).cues.hit > hitsBefore;
      }
      await pageB.mouse.up();
      if (landed) break;
      const beam = shooter.lastBeamBy.get(idB);
      misses.push(
        `try ${attempt}: B drawn at (${me.x.toFixed(0)},${me.y.toFixed(0)}) aiming ${angle.toFixed(3)} rad at ` +
          `(${target.x.toFixed(0)},${target.y.toFixed(0)}); B fired ${(shooter.shotsBy.get(idB) ?? 0) - shotsBefore} ` +
          `shots, last beam ${beam ? JSON.stringify(beam) : 'none'}; ${shooter.describeHunt(idB)}`,
      );
    }
    if (misses.length > 0) console.log(`hit marker misses:\n${misses.join('\n')}`);
    expect(landed, misses.join('\n')).toBe(true);
    shooter.hunt(null);
    // The server agrees: the shooter was hurt (or already killed and back).
    await expect.poll(() => shooter.position?.hp ?? 100, { timeout: 3_000 }).toBeLessThan(100);
    await pageA.screenshot({ path: `${ARTIFACTS}/hud-desktop.png` });
    const boxes = await hudBoxes(pageA);
    expect(overlaps(boxes)).toEqual([]);
    expect(outside(boxes, VIEWPORT.width, VIEWPORT.height)).toEqual([]);
  });

  it('remembers the mute across a reload', async () => {
    await pageB.reload();
    await pageB.waitForFunction(() => window.__tickArena !== undefined);
    expect((await feedbackOf(pageB)).muted).toBe(true);
    expect(await pageB.evaluate(() => localStorage.getItem('tick-arena:muted'))).toBe('1');
    // And it shows on the button when back in a room.
    await pageB.goto(stack.base);
    await pageB.getByLabel('Your name').fill('Bob');
    await pageB.getByLabel('Bots').fill('0');
    await pageB.getByRole('button', { name: 'Create room' }).click();
    const button = pageB.getByRole('button', { name: 'Mute sound (M)' });
    await button.waitFor({ timeout: 15_000 });
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    expect(stack.pageErrors).toEqual([]);
  });
});
