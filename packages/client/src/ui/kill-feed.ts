import { h } from './dom.js';

const MAX_ENTRIES = 5;
const ENTRY_MS = 5000;

export interface FeedName {
  readonly name: string;
  readonly colour: string;
}

/** "A ⟶ B" lines for recent kills, top right, each gone after a few seconds. */
export class KillFeed {
  readonly el: HTMLElement;

  constructor() {
    this.el = h('ol', { class: 'kill-feed', attrs: { 'aria-label': 'Kills' } });
  }

  add(killer: FeedName | null, victim: FeedName, mine: boolean): void {
    const name = (n: FeedName) => {
      const span = h('span', { class: 'kill-feed__name', text: n.name });
      span.style.color = n.colour;
      return span;
    };
    const entry = h(
      'li',
      { class: mine ? 'kill-feed__entry is-mine' : 'kill-feed__entry' },
      killer ? name(killer) : null,
      h('span', {
        class: 'kill-feed__arrow',
        text: killer ? ' ⟶ ' : '✖ ',
        attrs: { 'aria-label': 'fragged' },
      }),
      name(victim),
    );
    this.el.prepend(entry);
    while (this.el.childElementCount > MAX_ENTRIES) this.el.lastElementChild?.remove();
    setTimeout(() => entry.remove(), ENTRY_MS);
  }

  clear(): void {
    this.el.replaceChildren();
  }
}
