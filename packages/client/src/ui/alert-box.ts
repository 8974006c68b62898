import { h, setText } from './dom.js';

export interface AlertAction {
  label: string;
  run: () => void;
}

/** How a message reads: a problem (red), or news about what happened (neutral). */
export type AlertTone = 'error' | 'info';

/**
 * A message on the menu and, when there is something to do about it, one action button. A raw error code
 * is never part of what a player reads: it goes in a collapsed "Details" line, for a bug report.
 */
export class AlertBox {
  readonly el: HTMLElement;
  private readonly message: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private readonly detailsText: HTMLElement;
  private readonly action: HTMLButtonElement;
  private run: (() => void) | null = null;

  constructor() {
    this.message = h('p', { class: 'alert__message' });
    this.detailsText = h('code', { class: 'alert__code' });
    this.details = h(
      'details',
      { class: 'alert__details' },
      h('summary', { text: 'Details' }),
      this.detailsText,
    );
    this.action = h('button', {
      class: 'btn btn--small',
      attrs: { type: 'button' },
      on: { click: () => this.run?.() },
    });
    this.el = h(
      'div',
      { class: 'alert', attrs: { role: 'alert', hidden: '' } },
      this.message,
      this.action,
      this.details,
    );
  }

  get visible(): boolean {
    return !this.el.hidden;
  }

  /** `details`: the code and the server's own words, behind the "Details" toggle ('' = none). */
  show(message: string, details: string, action: AlertAction | null, tone: AlertTone = 'error'): void {
    setText(this.message, message);
    setText(this.detailsText, details);
    this.details.hidden = details === '';
    this.details.open = false;
    this.run = action?.run ?? null;
    this.action.hidden = !action;
    if (action) setText(this.action, action.label);
    this.el.classList.toggle('alert--info', tone === 'info');
    this.el.hidden = false;
  }

  clear(): void {
    this.el.hidden = true;
    this.run = null;
  }
}
