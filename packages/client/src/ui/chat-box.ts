import { Limits } from '@tick-arena/common';
import { h } from './dom.js';

/** Lines kept in the log; older ones scroll away. */
const MAX_LINES = 40;
/** A line fades from the idle view after this long, ms; opening chat shows the history again. */
const LINE_VISIBLE_MS = 12_000;

export interface ChatLine {
  /** Sender's name, or null for a server notice. */
  readonly name: string | null;
  readonly text: string;
  readonly colour?: string;
}

/**
 * Short in-room chat: a log in the corner and a field that opens with Enter, sends with Enter and closes
 * with Escape. While it is open, game keys type into the field instead of moving the player.
 */
export class ChatBox {
  readonly el: HTMLElement;
  private readonly log: HTMLOListElement;
  private readonly form: HTMLFormElement;
  private readonly input: HTMLInputElement;

  constructor(
    private readonly onSend: (text: string) => void,
    private readonly onClose: () => void,
  ) {
    this.log = h('ol', {
      class: 'chat__log',
      attrs: { 'aria-live': 'polite', 'aria-label': 'Chat messages' },
    });
    this.input = h('input', {
      attrs: {
        type: 'text',
        maxlength: String(Limits.CHAT_MAX),
        autocomplete: 'off',
        'aria-label': 'Chat message',
        placeholder: 'Say something, Enter to send, Esc to cancel',
      },
    });
    this.form = h('form', { class: 'chat__form', attrs: { hidden: '' } }, this.input);
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (text) this.onSend(text);
      this.close();
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.close();
      }
      // Tab would move focus out of the field; it belongs to the scoreboard only while playing.
      e.stopPropagation();
    });
    this.input.addEventListener('blur', () => this.close());
    this.el = h('section', { class: 'chat', attrs: { 'aria-label': 'Chat' } }, this.log, this.form);
  }

  get isOpen(): boolean {
    return !this.form.hidden;
  }

  open(): void {
    this.form.hidden = false;
    this.el.classList.add('is-open');
    this.input.focus();
  }

  close(): void {
    if (this.form.hidden) return;
    this.form.hidden = true;
    this.input.value = '';
    this.el.classList.remove('is-open');
    this.input.blur();
    this.onClose();
  }

  add(line: ChatLine): void {
    const who = line.name === null ? null : h('span', { class: 'chat__name', text: `${line.name}: ` });
    if (who && line.colour) who.style.color = line.colour;
    const item = h(
      'li',
      { class: line.name === null ? 'chat__line is-notice' : 'chat__line' },
      who,
      line.text,
    );
    this.log.append(item);
    while (this.log.childElementCount > MAX_LINES) this.log.firstElementChild?.remove();
    setTimeout(() => item.classList.add('is-old'), LINE_VISIBLE_MS);
  }

  clear(): void {
    this.log.replaceChildren();
    this.close();
  }
}
