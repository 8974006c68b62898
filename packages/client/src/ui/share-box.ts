import { copyText } from './clipboard.js';
import { h, setText } from './dom.js';
import { shareLink } from './route.js';

/** Room code, the share link in a read-only field, a Copy button, and Leave. */
export class ShareBox {
  readonly el: HTMLElement;
  private readonly code: HTMLElement;
  private readonly link: HTMLInputElement;
  private readonly copy: HTMLButtonElement;
  private resetTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(onLeave: () => void) {
    this.code = h('strong', { class: 'room-code' });
    this.link = h('input', {
      class: 'share__link',
      attrs: {
        id: 'share-link',
        type: 'text',
        readonly: '',
        'aria-label': 'Share link',
        spellcheck: 'false',
      },
      on: { focus: () => this.link.select() },
    });
    this.copy = h('button', {
      class: 'btn btn--small',
      text: 'Copy',
      attrs: { type: 'button', 'aria-label': 'Copy share link' },
      on: { click: () => void this.copyLink() },
    });
    const leave = h('button', {
      class: 'btn btn--small btn--ghost',
      text: 'Leave',
      attrs: { type: 'button' },
      on: {
        click: (e) => {
          (e.currentTarget as HTMLElement).blur();
          onLeave();
        },
      },
    });
    this.el = h(
      'div',
      { class: 'hud__card share', attrs: { 'aria-label': 'Room' } },
      h(
        'div',
        { class: 'share__head' },
        h('span', { class: 'share__label', text: 'Room' }),
        this.code,
        leave,
      ),
      h('div', { class: 'input-row' }, this.link, this.copy),
    );
  }

  setRoom(code: string): void {
    setText(this.code, code);
    this.link.value = shareLink(location.origin, code);
  }

  private async copyLink(): Promise<void> {
    const ok = await copyText(this.link.value, this.link);
    // Keep focus off the button, or the fire key (space) would press it again.
    this.copy.blur();
    setText(this.copy, ok ? 'Copied!' : 'Press Ctrl+C');
    if (this.resetTimer !== null) clearTimeout(this.resetTimer);
    this.resetTimer = setTimeout(() => setText(this.copy, 'Copy'), 1800);
  }
}
