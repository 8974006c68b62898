import { isEditableTarget } from '../input/editable-target.js';
import { h } from './dom.js';

/** The key that toggles sound, by `KeyboardEvent.code` (its position, so it is M on AZERTY too). */
export const MUTE_KEY = 'KeyM';

const SPEAKER = 'M3 9v6h4l5 4V5L7 9H3z';
const WAVES = 'M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12';
const CROSS = 'M16 9l5 6M21 9l-5 6';

/** A 24 x 24 speaker icon, with waves or a cross. Inline SVG: no icon font, no emoji that may not render. */
function icon(muted: boolean): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const body = document.createElementNS(ns, 'path');
  body.setAttribute('d', SPEAKER);
  body.setAttribute('fill', 'currentColor');
  const extra = document.createElementNS(ns, 'path');
  extra.setAttribute('d', muted ? CROSS : WAVES);
  extra.setAttribute('fill', 'none');
  extra.setAttribute('stroke', 'currentColor');
  extra.setAttribute('stroke-width', '2');
  extra.setAttribute('stroke-linecap', 'round');
  svg.append(body, extra);
  return svg;
}

/**
 * The sound toggle: a button (a tap on a phone) and the M key while in a room (ignored while typing in a
 * text field). `aria-pressed` says whether sound is muted.
 */
export class MuteButton {
  readonly el: HTMLButtonElement;
  private keys: AbortController | null = null;

  constructor(
    muted: boolean,
    private readonly onChange: (muted: boolean) => void,
  ) {
    this.el = h('button', {
      class: 'btn btn--small btn--ghost btn--icon mute',
      attrs: { type: 'button', 'aria-label': 'Mute sound (M)', title: 'Mute sound (M)' },
      on: {
        click: (e) => {
          // Keep focus off the button, or the fire key (space) would press it again.
          (e.currentTarget as HTMLElement).blur();
          this.toggle();
        },
      },
    });
    this.render(muted);
  }

  get muted(): boolean {
    return this.el.getAttribute('aria-pressed') === 'true';
  }

  /** Listen for the M key (while in a room). */
  bindKey(): void {
    this.unbindKey();
    this.keys = new AbortController();
    window.addEventListener(
      'keydown',
      (e) => {
        if (e.code !== MUTE_KEY || e.repeat || isEditableTarget(e.target)) return;
        if (e.ctrlKey || e.metaKey || e.altKey) return;
        e.preventDefault();
        this.toggle();
      },
      { signal: this.keys.signal },
    );
  }

  unbindKey(): void {
    this.keys?.abort();
    this.keys = null;
  }

  private toggle(): void {
    const muted = !this.muted;
    this.render(muted);
    this.onChange(muted);
  }

  private render(muted: boolean): void {
    this.el.setAttribute('aria-pressed', String(muted));
    this.el.replaceChildren(icon(muted));
  }
}
