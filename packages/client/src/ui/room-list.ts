import type { RoomInfo } from '@tick-arena/common';
import { h } from './dom.js';

/** The public room list with a refresh button; each row joins its room. */
export class RoomList {
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly refreshButton: HTMLButtonElement;

  constructor(
    private readonly load: () => Promise<RoomInfo[]>,
    private readonly onJoin: (code: string) => void,
  ) {
    this.list = h('ul', { class: 'room-list', attrs: { 'aria-live': 'polite' } });
    this.refreshButton = h('button', {
      class: 'btn btn--ghost btn--small',
      text: 'Refresh',
      attrs: { type: 'button' },
      on: { click: () => void this.refresh() },
    });
    this.el = h(
      'section',
      { class: 'panel', attrs: { 'aria-labelledby': 'rooms-title' } },
      h(
        'div',
        { class: 'panel__head' },
        h('h2', { text: 'Public rooms', attrs: { id: 'rooms-title' } }),
        this.refreshButton,
      ),
      this.list,
    );
  }

  async refresh(): Promise<void> {
    this.refreshButton.disabled = true;
    try {
      this.render(await this.load());
    } catch {
      this.list.replaceChildren(
        h('li', { class: 'room-list__empty', text: 'Could not load the room list.' }),
      );
    } finally {
      this.refreshButton.disabled = false;
    }
  }

  private render(rooms: readonly RoomInfo[]): void {
    if (rooms.length === 0) {
      this.list.replaceChildren(
        h('li', { class: 'room-list__empty', text: 'No public rooms yet. Create one, or press Quick play.' }),
      );
      return;
    }
    this.list.replaceChildren(
      ...rooms.map((r) => {
        const full = r.players >= r.maxPlayers && r.bots === 0;
        return h(
          'li',
          { class: 'room-list__item' },
          h('span', { class: 'room-code', text: r.code }),
          h('span', {
            class: 'room-list__meta',
            text: `${r.players}/${r.maxPlayers} players · ${r.tickRate} Hz${r.bots > 0 ? ` · ${r.bots} bots` : ''}`,
          }),
          h('button', {
            class: 'btn btn--small',
            text: full ? 'Watch' : 'Join',
            attrs: { type: 'button', 'aria-label': `${full ? 'Watch' : 'Join'} room ${r.code}` },
            on: { click: () => this.onJoin(r.code) },
          }),
        );
      }),
    );
  }
}
