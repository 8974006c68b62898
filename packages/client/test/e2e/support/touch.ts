import type { CDPSession, Page } from 'playwright-core';

/** A finger on the screen, CSS px of the viewport. */
export interface Finger {
  readonly id: number;
  readonly x: number;
  readonly y: number;
}

/**
 * Real multi-touch for a page opened with `hasTouch`, through the DevTools protocol: each call lists the
 * fingers now down, and Chromium turns the change (pressed, moved, lifted) into touch and pointer events
 * with `pointerType: 'touch'`, as a phone's screen would. Playwright's own touchscreen only taps.
 */
export class TouchScreen {
  private down: Finger[] = [];

  private constructor(private readonly cdp: CDPSession) {}

  static async of(page: Page): Promise<TouchScreen> {
    return new TouchScreen(await page.context().newCDPSession(page));
  }

  /** Put these fingers down (or move them, if already down), the others staying where they are. */
  async press(...fingers: Finger[]): Promise<void> {
    const ids = new Set(fingers.map((f) => f.id));
    const wasDown = this.down.some((f) => ids.has(f.id));
    this.down = [...this.down.filter((f) => !ids.has(f.id)), ...fingers];
    await this.send(wasDown ? 'touchMove' : 'touchStart');
  }

  /** Move fingers already down. */
  async move(...fingers: Finger[]): Promise<void> {
    const ids = new Set(fingers.map((f) => f.id));
    this.down = [...this.down.filter((f) => !ids.has(f.id)), ...fingers];
    await this.send('touchMove');
  }

  /** Slide fingers already down to these places in `steps` moves, as a thumb would. */
  async slide(steps: number, ...to: Finger[]): Promise<void> {
    const from = new Map(this.down.map((f) => [f.id, f]));
    for (let i = 1; i <= steps; i++) {
      const k = i / steps;
      await this.move(
        ...to.map((f) => {
          const a = from.get(f.id) ?? f;
          return { id: f.id, x: a.x + (f.x - a.x) * k, y: a.y + (f.y - a.y) * k };
        }),
      );
    }
  }

  /** Lift these fingers (all when none are named). */
  async lift(...ids: number[]): Promise<void> {
    this.down = ids.length === 0 ? [] : this.down.filter((f) => !ids.includes(f.id));
    await this.send(this.down.length === 0 ? 'touchEnd' : 'touchMove');
  }

  private send(type: 'touchStart' | 'touchMove' | 'touchEnd'): Promise<unknown> {
    return this.cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints: type === 'touchEnd' ? [] : this.down.map((f) => ({ x: f.x, y: f.y, id: f.id })),
    });
  }
}
