import { h, setText } from './dom.js';

export interface AlertAction {
  label: string;
  run: () => void;
}

/** An error message with its code and, when there is something to do about it, one action button. */
export class AlertBox {
  readonly el: HTMLElement;
  private readonly message: HTMLElement;
  private readonly code: HTMLElement;
  private readonly action: HTMLButtonElement;
  private run: (() => void) | null = null;

  constructor() {
    this.message = h('p', { class: 'alert__message' });
    this.code = h('code', { class: 'alert__code' });
    this.action = h('button', {
      class: 'btn btn--small',
      attrs: { type: 'button' },
      on: { click: () => this.run?.() },
    });
    this.el = h(
      'div',
      { class: 'alert', attrs: { role: 'alert', hidden: '' } },
      this.message,
      this.code,
      this.action,
    );
  }

  show(message: string, code: string, action: AlertAction | null): void {
    setText(this.message, message);
    setText(this.code, code);
    this.code.hidden = code === '';
    this.run = action?.run ?? null;
    this.action.hidden = !action;
    if (action) setText(this.action, action.label);
    this.el.hidden = false;
  }

  clear(): void {
    this.el.hidden = true;
    this.run = null;
  }
}
