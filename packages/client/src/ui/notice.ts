import { h, setText } from './dom.js';

export interface NoticeAction {
  label: string;
  run: () => void;
  primary?: boolean;
}

/** A modal message that needs an answer: kicked, room closed, seat lost, server out of date. */
export class Notice {
  readonly el: HTMLElement;
  private readonly title: HTMLElement;
  private readonly message: HTMLElement;
  private readonly actions: HTMLElement;

  constructor() {
    this.title = h('h2', { class: 'notice__title', attrs: { id: 'notice-title' } });
    this.message = h('p', { class: 'notice__message' });
    this.actions = h('div', { class: 'notice__actions' });
    this.el = h(
      'div',
      { class: 'notice-backdrop', attrs: { hidden: '' } },
      h(
        'div',
        {
          class: 'notice',
          attrs: { role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'notice-title' },
        },
        this.title,
        this.message,
        this.actions,
      ),
    );
  }

  get visible(): boolean {
    return !this.el.hidden;
  }

  show(title: string, message: string, actions: readonly NoticeAction[]): void {
    setText(this.title, title);
    setText(this.message, message);
    this.actions.replaceChildren(
      ...actions.map((a) =>
        h('button', {
          class: a.primary ? 'btn btn--primary' : 'btn btn--ghost',
          text: a.label,
          attrs: { type: 'button' },
          on: {
            click: () => {
              this.hide();
              a.run();
            },
          },
        }),
      ),
    );
    this.el.hidden = false;
    this.actions.querySelector('button')?.focus();
  }

  hide(): void {
    this.el.hidden = true;
  }
}
