import type { Page } from 'playwright-core';

/** One visible HUD box, in CSS px of the viewport. */
export interface HudBox {
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Every visible HUD box on the page: the elements marked `data-hud-box` (status card, round clock, room
 * card, kill feed, chat, banner, death card, hint, the touch sticks' resting places) and the net graph's
 * touch toggle. Hidden ones (display: none, visibility: hidden, fully transparent, zero-sized) are left
 * out.
 */
export function hudBoxes(page: Page): Promise<HudBox[]> {
  return page.evaluate(() => {
    const els = [...document.querySelectorAll<HTMLElement>('[data-hud-box], .net-graph__toggle')];
    const boxes: HudBox[] = [];
    for (const el of els) {
      const style = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
      if (r.width === 0 || r.height === 0 || el.closest('[hidden]')) continue;
      const name = el.dataset.hudBox ?? el.className;
      boxes.push({ name, x: r.x, y: r.y, width: r.width, height: r.height });
    }
    return boxes;
  });
}

/** Pairs of boxes that overlap by more than `slack` px both ways (sharing an edge is fine). */
export function overlaps(boxes: readonly HudBox[], slack = 0.5): string[] {
  const found: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      if (!a || !b) continue;
      const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
      const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
      if (w > slack && h > slack)
        found.push(`${a.name} overlaps ${b.name} by ${w.toFixed(1)} x ${h.toFixed(1)}`);
    }
  }
  return found;
}

/** Boxes that stick out of a `width` x `height` viewport. */
export function outside(boxes: readonly HudBox[], width: number, height: number, slack = 0.5): string[] {
  return boxes
    .filter(
      (b) => b.x < -slack || b.y < -slack || b.x + b.width > width + slack || b.y + b.height > height + slack,
    )
    .map(
      (b) => `${b.name} at ${b.x.toFixed(1)},${b.y.toFixed(1)} ${b.width.toFixed(1)}x${b.height.toFixed(1)}`,
    );
}

/** Elements whose content is wider than their box (clipped or spilling out), by HUD box. */
export function spills(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const box of document.querySelectorAll<HTMLElement>('[data-hud-box]')) {
      if (box.closest('[hidden]')) continue;
      const outer = box.getBoundingClientRect();
      for (const el of box.querySelectorAll<HTMLElement>('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || el.closest('[hidden]') || el.closest('.visually-hidden'))
          continue;
        if (r.left < outer.left - 0.5 || r.right > outer.right + 0.5) {
          out.push(`${box.dataset.hudBox}: ${el.tagName.toLowerCase()}.${el.className} sticks out`);
        }
      }
    }
    return out;
  });
}
