import { copyText } from './clipboard.js';
import { h, setText } from './dom.js';
import { shareLink } from './route.js';
import { shareLinkParts } from './share-link-parts.js';

/** How long the Copy button says what happened, ms. */
const COPIED_MS = 1800;

/**
 * The room card: the code, Copy link, the sound toggle, Leave, and the link itself on a line of its own
 * that shortens the host, never the code (`shareLinkParts`). The full link also sits in a read-only field
 * (visually hidden): what screen readers read, what the copy falls back to selecting when the Clipboard
 * API is not allowed (plain http on a LAN address), and a tap on the visible line copies it too.
 */
export class ShareBox {
  readonly el: HTMLElement;
  private readonly code: HTMLElement;
  private readonly link: HTMLInputElement;
  private readonly host: HTMLElement;
  private readonly path: HTMLElement;
  private readonly copy: HTMLButtonElement;
  private resetTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(onLeave: () => void, tools: HTMLElement) {
    this.code = h('strong', { class: 'room-code' });
    this.link = h('input', {
      class: 'share__link visually-hidden',
      attrs: {
        id: 'share-link',
        type: 'text',
        readonly: '',
        'aria-label': 'Share link',
        spellcheck: 'false',
      },
      on: { focus: () => this.link.select() },
    });
    this.host = h('span', { class: 'share__host' });
    this.path = h('span', { class: 'share__path' });
    const shown = h(
      'span',
      { class: 'share__url', attrs: { 'aria-hidden': 'true', title: 'Copy the share link' } },
      this.host,
      this.path,
    );
    shown.addEventListener('click', () => void this.copyLink());
    this.copy = h('button', {
      class: 'btn btn--small',
      text: 'Copy link',
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
        h('span', { class: 'share__tools' }, this.copy, tools, leave),
      ),
      shown,
      this.link,
    );
    this.el.dataset.hudBox = 'share';
  }

  setRoom(code: string): void {
    setText(this.code, code);
    this.link.value = shareLink(location.origin, code);
    const parts = shareLinkParts(this.link.value);
    setText(this.host, parts.host);
    setText(this.path, parts.path);
  }

  private async copyLink(): Promise<void> {
    const ok = await copyText(this.link.value, this.link);
    // Keep focus off the button, or the fire key (space) would press it again; after a failed copy the
    // field keeps its selection for Ctrl+C.
    this.copy.blur();
    if (ok) this.link.blur();
    setText(this.copy, ok ? 'Copied!' : 'Press Ctrl+C');
    if (this.resetTimer !== null) clearTimeout(this.resetTimer);
    this.resetTimer = setTimeout(() => setText(this.copy, 'Copy link'), COPIED_MS);
  }
}
