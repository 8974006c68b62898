import { h, setText } from './dom.js';

/** A thin status strip at the top of the screen ("Connection lost, reconnecting…"). */
export class Ribbon {
  readonly el: HTMLElement;

  constructor() {
    this.el = h('div', { class: 'ribbon', attrs: { hidden: '', role: 'status', 'aria-live': 'assertive' } });
  }

  show(text: string): void {
    setText(this.el, text);
    this.el.hidden = false;
  }

  hide(): void {
    this.el.hidden = true;
  }
}
