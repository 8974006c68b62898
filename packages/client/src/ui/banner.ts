import { h, setText } from './dom.js';

/** A large centred message: round over, winner and top scores. Passive: it never takes input. */
export class Banner {
  readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly subtitle: HTMLElement;
  private readonly lines: HTMLOListElement;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.title = h('h2', { class: 'banner__title' });
    this.subtitle = h('p', { class: 'banner__subtitle' });
    this.lines = h('ol', { class: 'banner__lines' });
    this.el = h(
      'div',
      { class: 'banner', attrs: { hidden: '', role: 'status', 'aria-live': 'polite' } },
      this.title,
      this.subtitle,
      this.lines,
    );
  }

  /** Show for `ms` milliseconds (0 = until `hide`). */
  show(title: string, subtitle: string, lines: readonly string[] = [], ms = 0): void {
    setText(this.title, title);
    setText(this.subtitle, subtitle);
    this.subtitle.hidden = subtitle === '';
    this.lines.replaceChildren(...lines.map((l) => h('li', { text: l })));
    this.el.hidden = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = ms > 0 ? setTimeout(() => this.hide(), ms) : null;
  }

  hide(): void {
    this.el.hidden = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
