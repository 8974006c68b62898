import type { RoomInfo } from '@tick-arena/common';
import { h } from './dom.js';
import { countOf } from './plural.js';

/** One row's summary: "2/8 players · 30 Hz · 3 easy bots" (the difficulty when the server says it). */
export function roomLine(r: RoomInfo): string {
  const bots = r.bots > 0 ? ` · ${countOf(r.bots, r.botDifficulty ? `${r.botDifficulty} bot` : 'bot')}` : '';
  return `${r.players}/${r.maxPlayers} ${r.maxPlayers === 1 ? 'player' : 'players'} · ${r.tickRate} Hz${bots}`;
}

/**
 * The public room list. The server pushes it whenever it changes (`lobby:rooms`), so it is always current
 * and there is nothing to refresh; each row joins (or, when every seat is a human's, watches) its room.
 */
export class RoomList {
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;

  constructor(private readonly onJoin: (code: string, spectate: boolean) => void) {
    this.list = h('ul', { class: 'room-list', attrs: { 'aria-live': 'polite' } });
    this.el = h(
      'section',
      { class: 'panel', attrs: { 'aria-labelledby': 'rooms-title' } },
      h(
        'div',
        { class: 'panel__head' },
        h('h2', { text: 'Public rooms', attrs: { id: 'rooms-title' } }),
        h('span', { class: 'panel__note', text: 'live' }),
      ),
      this.list,
    );
    this.showMessage('Waiting for the server…');
  }

  /** A line in place of the rooms: waiting for the server, or the list is unavailable. */
  showMessage(text: string): void {
    this.list.replaceChildren(h('li', { class: 'room-list__empty', text }));
  }

  show(rooms: readonly RoomInfo[]): void {
    if (rooms.length === 0) {
      this.showMessage('No public rooms yet. Create one, or press Quick play.');
      return;
    }
    this.list.replaceChildren(
      ...rooms.map((r) => {
        // Bots give their seat to a human, so only a room full of humans is for watching.
        const full = r.players >= r.maxPlayers && r.bots === 0;
        const verb = full ? 'Watch' : 'Join';
        return h(
          'li',
          { class: 'room-list__item', attrs: { 'data-code': r.code } },
          h('span', { class: 'room-code', text: r.code }),
          h('span', { class: 'room-list__meta', text: roomLine(r) }),
          h('button', {
            class: 'btn btn--small',
            text: verb,
            attrs: { type: 'button', 'aria-label': `${verb} room ${r.code}` },
            on: { click: () => this.onJoin(r.code, full) },
          }),
        );
      }),
    );
  }
}
