import { h, setText } from './dom.js';

/** "Respawn in 2.4 s", tenths rounded up so it never shows 0.0 while still waiting; "Respawning…" at 0. */
export function respawnText(msLeft: number): string {
  if (!(msLeft > 0)) return 'Respawning…';
  return `Respawn in ${(Math.ceil(msLeft / 100) / 10).toFixed(1)} s`;
}

/** The card's heading: who killed you, or that you died. */
export function deathTitle(killerName: string): string {
  return killerName ? `You were killed by ${killerName}` : 'You died';
}

/**
 * "You were killed by X" with the respawn countdown, in the middle of the screen while the local player is
 * dead. Passive (never takes input), announced to screen readers once; the countdown runs on animation
 * frames only while the card is up, on `performance.now()`, the clock `respawnAt` is on.
 */
export class DeathCard {
  readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly countdown: HTMLElement;
  private respawnAt = 0;
  private frame = 0;

  constructor() {
    this.title = h('p', { class: 'death-card__title' });
    this.countdown = h('p', { class: 'death-card__countdown', attrs: { 'aria-live': 'off' } });
    this.el = h(
      'div',
      { class: 'death-card', attrs: { hidden: '', role: 'status', 'aria-label': 'Killed' } },
      this.title,
      this.countdown,
    );
    this.el.dataset.hudBox = 'death-card';
  }

  get visible(): boolean {
    return !this.el.hidden;
  }

  /** What the card says, for the test hook. */
  get text(): string {
    return this.visible ? `${this.title.textContent ?? ''} · ${this.countdown.textContent ?? ''}` : '';
  }

  show(killerName: string, respawnAt: number): void {
    setText(this.title, deathTitle(killerName));
    this.respawnAt = respawnAt;
    this.el.hidden = false;
    this.tick();
  }

  hide(): void {
    this.el.hidden = true;
    cancelAnimationFrame(this.frame);
  }

  private readonly tick = (): void => {
    setText(this.countdown, respawnText(this.respawnAt - performance.now()));
    cancelAnimationFrame(this.frame);
    if (!this.el.hidden) this.frame = requestAnimationFrame(this.tick);
  };
}
